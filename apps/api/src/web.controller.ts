import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ChatSettingsService } from '@tuki/chat';
import { NotFoundError, Public } from '@tuki/platform';
import { uuidParam } from './route-params';

/** The built pages (apps/web/dist), found from this file whether it runs from source or from dist/. */
function webDirectory(): string | undefined {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist');
    if (existsSync(join(candidate, 'chat.html'))) return candidate;
  }
  return undefined;
}

const ASSETS: Record<string, string> = {
  'chat.js': 'text/javascript; charset=utf-8',
  'chat.css': 'text/css; charset=utf-8',
  'agent.js': 'text/javascript; charset=utf-8',
  'agent.css': 'text/css; charset=utf-8',
  'supervisor.js': 'text/javascript; charset=utf-8',
  'supervisor.css': 'text/css; charset=utf-8',
  'statistics.js': 'text/javascript; charset=utf-8',
  'statistics.css': 'text/css; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
  'admin.css': 'text/css; charset=utf-8',
  'staff.css': 'text/css; charset=utf-8',
  'panels.css': 'text/css; charset=utf-8',
};

/**
 * What the pages may do: load their own script and style, talk to this origin (HTTP and websocket), nothing else.
 * `frame-ancestors` decides who may put the page in a frame: nobody, or the helpline's embedding sites.
 */
const csp = (frameAncestors: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

/**
 * Serves the web pages: the callers' chat (standalone, and the embed for helplines' sites), the agent's chat panel,
 * the supervisor dashboard, the analysts' statistics page and the administration page.
 * Pages are public (they hold no data; every request they make is checked), never cached, and send no referrer.
 */
@ApiExcludeController()
@Controller('web')
export class WebController {
  private readonly directory = webDirectory();

  constructor(private readonly chatSettings: ChatSettingsService) {}

  @Get('chat/:helplineId')
  @Public('the callers’ chat page')
  async chat(@Param('helplineId', uuidParam) helplineId: string, @Res() reply: FastifyReply): Promise<void> {
    await this.chatSettingsOf(helplineId);
    this.page(reply, 'chat.html', "'none'", true);
  }

  /** The embed: only the helpline's allowed sites may frame it; the browser refuses every other. */
  @Get('embed/:helplineId')
  @Public('the callers’ chat, embedded in the helpline’s own site')
  async embed(@Param('helplineId', uuidParam) helplineId: string, @Res() reply: FastifyReply): Promise<void> {
    const origins = (await this.chatSettingsOf(helplineId)).embedOrigins;
    this.page(reply, 'chat.html', origins.length > 0 ? origins.join(' ') : "'none'", false);
  }

  @Get('agent')
  @Public('the agent’s chat panel page (its requests need a token)')
  agent(@Res() reply: FastifyReply): void {
    this.page(reply, 'agent.html', "'none'", true);
  }

  /** The supervisors' live dashboard: the page holds nothing; its socket and requests need a supervisor's token. */
  @Get('supervisor')
  @Public('the supervisor dashboard page (its socket and requests need a token)')
  supervisor(@Res() reply: FastifyReply): void {
    this.page(reply, 'supervisor.html', "'none'", true);
  }

  /** The analysts' statistics page: it holds nothing; every request it makes needs an analyst's token. */
  @Get('statistics')
  @Public('the analyst’s statistics page (its requests need a token)')
  statistics(@Res() reply: FastifyReply): void {
    this.page(reply, 'statistics.html', "'none'", true);
  }

  /** Admins' and supervisors' administration page: it holds nothing; every panel's requests need a token. */
  @Get('admin')
  @Public('the administration page (its requests need an admin’s or a supervisor’s token)')
  admin(@Res() reply: FastifyReply): void {
    this.page(reply, 'admin.html', "'none'", true);
  }

  @Get('assets/:file')
  @Public('scripts and styles of the pages')
  @Header('cache-control', 'no-store')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const type = ASSETS[file];
    if (!type) throw new NotFoundError('File');
    void reply.header('content-type', type).header('x-content-type-options', 'nosniff').send(this.read(file));
  }

  /** A helpline without a web chat (or no such helpline) has no chat page: 404 either way. */
  private async chatSettingsOf(helplineId: string) {
    const settings = await this.chatSettings.read(helplineId);
    if (!settings.enabled) throw new NotFoundError('Chat');
    return settings;
  }

  private page(reply: FastifyReply, file: string, frameAncestors: string, isolate: boolean): void {
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', csp(frameAncestors))
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (isolate) void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.send(this.read(file));
  }

  private read(file: string): Buffer {
    if (!this.directory) throw new NotFoundError('Web pages (run `npm run build`)');
    return readFileSync(join(this.directory, file));
  }
}

import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import {
  AccessTokens,
  Prometheus,
  PrincipalValidator,
  RealtimeAdapter,
  createValidationPipe,
  type TukiConfig,
} from '@tuki/platform';
import { ApiModule } from './api.module';
import { guardPluginRoutes } from './plugin-routes';

export interface ApiAppOptions {
  withWorker: boolean;
  /** Called on the Fastify instance before any route exists (tests record routes with an onRoute hook). */
  beforeRoutes?: (fastify: FastifyInstance) => void;
}

/** Builds the api application (not yet listening), as `main.ts` and the end-to-end tests both use it. */
export async function createApiApp(config: TukiConfig, options: ApiAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ trustProxy: false, bodyLimit: 1_048_576 });
  const fastify = adapter.getInstance();
  options.beforeRoutes?.(fastify);
  // Plugin routes are guarded as Fastify registers them, before the Nest app (and its token services) exists.
  const built: { app?: NestFastifyApplication } = {};
  guardPluginRoutes(fastify, config, () => ({
    tokens: built.app!.get(AccessTokens),
    validator: built.app!.get(PrincipalValidator),
  }));

  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot({ config, withWorker: options.withWorker }),
    adapter,
    { bufferLogs: true, abortOnError: false },
  );
  built.app = app;
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.useWebSocketAdapter(new RealtimeAdapter(app, config));

  const metrics = app.get(Prometheus);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  fastify.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Tuki API').setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  new NestLogger('Tuki').log(`api built (${options.withWorker ? 'with' : 'without'} worker modules)`);
  return app;
}

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { AccessTokens, bearerToken, PrincipalValidator, type TukiConfig } from '@tuki/platform';

/**
 * Access rules for routes that Fastify plugins register (OpenAPI docs, Prometheus metrics): Nest's guard never sees
 * them. Outside production they are open; in production the docs need an admin token and /metrics the METRICS_TOKEN
 * (or nothing reaches it). The route-by-role test reads this table too.
 */
export const PLUGIN_ROUTE_RULES: { prefix: string; production: 'admin' | 'metrics-token' }[] = [
  { prefix: '/api/docs', production: 'admin' },
  { prefix: '/metrics', production: 'metrics-token' },
];

export function pluginRuleFor(url: string): (typeof PLUGIN_ROUTE_RULES)[number] | undefined {
  return PLUGIN_ROUTE_RULES.find(
    (rule) => url === rule.prefix || url.startsWith(`${rule.prefix}/`) || url.startsWith(`${rule.prefix}-`),
  );
}

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Adds the access check to every plugin route as Fastify registers it. Must run before the plugins register. */
export function guardPluginRoutes(
  fastify: FastifyInstance,
  config: TukiConfig,
  tokens: () => { tokens: AccessTokens; validator: PrincipalValidator },
): void {
  if (config.env !== 'production') return;
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const rule = pluginRuleFor(route.url);
    if (!rule) return;
    const check = async (request: FastifyRequest, reply: FastifyReply) => {
      const token = bearerToken(request.headers);
      let allowed = false;
      if (token && rule.production === 'metrics-token') {
        allowed = config.secrets.metricsToken !== undefined && sameSecret(token, config.secrets.metricsToken);
      } else if (token && rule.production === 'admin') {
        try {
          const { tokens: accessTokens, validator } = tokens();
          const principal = accessTokens.verify(token);
          allowed = principal.roles.includes('admin') && (await validator.isCurrent(principal));
        } catch {
          allowed = false;
        }
      }
      if (!allowed) {
        await reply.status(token ? 403 : 401).send({
          statusCode: token ? 403 : 401,
          code: token ? 'FORBIDDEN' : 'UNAUTHENTICATED',
          message: 'Not allowed',
        });
      }
    };
    const existing = route.onRequest;
    route.onRequest = [check, ...(Array.isArray(existing) ? existing : existing ? [existing] : [])] as never;
  });
}

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { GATEWAY_OPTIONS, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { ACCESS_RULE, type AccessRule } from '@tuki/platform';

const join = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

export interface DeclaredHandler {
  key: string;
  rule: AccessRule | undefined;
}

/**
 * What the code declares: every Nest HTTP handler ("GET /staff/users/:id") and socket event with the access rule it
 * carries (or undefined). The tests compare this with what Fastify actually registered.
 */
export function declaredAccess(app: INestApplication): {
  http: Map<string, DeclaredHandler>;
  socket: Map<string, DeclaredHandler>;
} {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const http = new Map<string, DeclaredHandler>();
  const socket = new Map<string, DeclaredHandler>();
  const wrappers = [...discovery.getControllers(), ...discovery.getProviders()];
  for (const wrapper of wrappers) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    const metatype = wrapper.metatype as (() => void) | undefined;
    if (!instance || !metatype || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    const controllerPath = reflector.get<string | undefined>(PATH_METADATA, metatype);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, () => void>)[name];
      const rule =
        reflector.get<AccessRule | undefined>(ACCESS_RULE, handler) ??
        reflector.get<AccessRule | undefined>(ACCESS_RULE, metatype);
      const message = reflector.get<string | undefined>(MESSAGE_METADATA, handler);
      // Events are named within their namespace: `chat.send` of the staff namespace is not the caller's.
      if (message !== undefined) {
        const namespace = reflector.get<{ namespace?: string } | undefined>(GATEWAY_OPTIONS, metatype)?.namespace;
        const key = namespace && namespace !== '/' ? `${namespace} ${message}` : message;
        socket.set(key, { key, rule });
      }
      if (controllerPath === undefined || wrapper.isNotMetatype) continue;
      const path = reflector.get<string | string[] | undefined>(PATH_METADATA, handler);
      const method = reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler);
      if (path === undefined || method === undefined) continue;
      for (const p of [path].flat()) {
        const route = `${RequestMethod[method]} ${join(controllerPath, p)}`;
        http.set(route, { key: route, rule });
      }
    }
  }
  return { http, socket };
}

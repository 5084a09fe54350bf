// The public door of @tuki/assignment: the routing core (pure rules, the Router) and its stores.
export * from './routing-rules';
export * from './routing-store';
export * from './in-memory-routing-store';
export * from './redis-routing-store';
export * from './router';
export * from './assignment.errors';
export * from './routing-engine.service';
export { PRESENCE_TTL_MS, HEARTBEAT_EVERY_MS, toRoutingQueue } from './routing-shared';
export * from './assignment.module';
export * from './estimated-wait';
export * from './dto/position.dto';

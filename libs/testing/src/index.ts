// Helpers for tests only (imported from *.spec.ts, *.int-spec.ts and *.e2e-spec.ts files).
export * from './test-config';
export * from './redis-cleanup';
export * from './own-redis';
export * from './fixed-clock';
export * from './inherited-env';
export * from './contact-facts';

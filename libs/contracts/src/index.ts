// Types shared across apps, libs and the front end. Imports nothing of ours.
export * from './job-payloads';
export * from './socket-events';
export * from './domain-events';
export * from './routing';
export * from './dialler';
export * from './helpline-directory';
export * from './queue-directory';
export * from './supervision';
export * from './case-facts';
export * from './statistics';
export * from './planner';

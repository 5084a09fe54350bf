/** Vocabulary of routing shared by queueing, assignment, channels and the front ends. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CHANNELS = ['voice', 'chat', 'callback'] as const;
export type Channel = (typeof CHANNELS)[number];
export const STRATEGIES = ['longest-idle', 'least-occupied', 'round-robin', 'best-skill'] as const;
export type Strategy = (typeof STRATEGIES)[number];

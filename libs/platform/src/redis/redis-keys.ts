/**
 * Builds every Redis key Tuki owns. The prefix is wrapped in a hash tag (`{tuki}:...`) so all of a deployment's keys
 * hash to one Redis Cluster slot: a multi-key Lua script or MULTI never spans slots, and several test files can share
 * one Redis with prefixes of their own.
 */
export class RedisKeys {
  readonly tag: string;

  constructor(readonly prefix: string) {
    this.tag = `{${prefix}}`;
  }

  key(...parts: string[]): string {
    return [this.tag, ...parts].join(':');
  }

  /** BullMQ's own prefix: its keys become `{tuki}:jobs:<queue>:...`, in the same slot. */
  get bullPrefix(): string {
    return `${this.tag}:jobs`;
  }
}

export const REDIS = Symbol('REDIS');

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Clock, REDIS, RedisKeys } from '@tuki/platform';
import type { MetricEffect, MetricEvent } from './event-effects';
import { APPLY_LUA } from './live-aggregates.lua';

/** Minute buckets live four hours: the rolling windows need 16 minutes, the dashboard's chart three hours. */
export const MINUTE_BUCKET_MS = 4 * 3600_000;
/** Day buckets (and the dedupe marks that protect them) live three days: today, and a late event of yesterday. */
export const DAY_BUCKET_MS = 3 * 86_400_000;
export const AGENT_BOARD_STATES = ['available', 'busy', 'wrap-up', 'away'] as const;
const MINUTE_MS = 60_000;

type ScriptedRedis = Redis & { metrics_apply(...args: (string | number)[]): Promise<number> };

/** Everything a snapshot reads from Redis, in one round trip (plus one for the agents and callbacks it lists). */
export interface LiveReading {
  complete: boolean;
  waiting: Record<string, { count: number; oldest: number | null }>;
  callbacks: Record<string, { pending: number; due: number; overdue: number }>;
  agents: Record<string, Record<(typeof AGENT_BOARD_STATES)[number], number>>;
  /** The last 16 minute buckets, oldest first (the last one is the current, partial minute). */
  recentMinutes: Record<string, string>[];
  today: Record<string, string>;
  chart: { minute: number; arrivals: number; answered: number; waiting: number | null }[];
  board: { agentId: string; state: string; since: number; awayReason: string | null; languages: string[] }[];
  overdue: { callbackId: string; queueId: string; promisedBy: number }[];
  alerts: string[];
  surge: Record<string, string>;
  help: { requestId: string; agentId: string; contactId: string | null; requestedAt: number }[];
}

/**
 * The live metrics' shared state in Redis, per helpline: entities (contacts, callbacks, agents) with the sets they
 * count in, and counters in minute and day buckets. Every api and worker process reads and writes the same keys, so
 * every dashboard sees the same numbers. All keys of a helpline start with `metrics:<helplineId>:`.
 */
@Injectable()
export class LiveAggregates {
  private readonly redis: ScriptedRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
  ) {
    // defineCommand sends EVALSHA and falls back to EVAL after a Redis restart (NOSCRIPT).
    if (!('metrics_apply' in redis)) redis.defineCommand('metrics_apply', { numberOfKeys: 1, lua: APPLY_LUA });
    this.redis = redis as ScriptedRedis;
  }

  /**
   * Folds one event in, once: a redelivered event (same id) changes nothing. `day` is the event's local day in the
   * helpline's zone. Counters of a minute or day whose bucket has expired are dropped (a replay of old events still
   * rebuilds the entities). Returns whether the event was new.
   */
  async apply(helplineId: string, event: MetricEvent, effect: MetricEffect, day: string): Promise<boolean> {
    return (await this.redis.metrics_apply(...this.applyArgs(helplineId, event, effect, day))) === 1;
  }

  /** Several events in one round trip (a replay). */
  async applyMany(items: { helplineId: string; event: MetricEvent; effect: MetricEffect; day: string }[]) {
    const pipeline = this.redis.pipeline() as unknown as { metrics_apply(...args: (string | number)[]): void };
    for (const item of items)
      pipeline.metrics_apply(...this.applyArgs(item.helplineId, item.event, item.effect, item.day));
    const results = await (pipeline as unknown as { exec(): Promise<[Error | null, unknown][]> }).exec();
    throwFirstError(results);
  }

  /** A number that changes whenever an event changed this helpline's metrics. */
  async versionOf(helplineId: string): Promise<string> {
    return (await this.redis.get(this.base(helplineId) + 'version')) ?? '0';
  }

  /** The helplines that have live metrics. */
  async helplines(): Promise<string[]> {
    return this.redis.smembers(this.keys.key('metrics', 'helplines'));
  }

  /** Whether the metrics were rebuilt since Redis last lost them (see MetricsRebuild). */
  async isComplete(): Promise<boolean> {
    return (await this.redis.exists(this.builtKey())) === 1;
  }

  builtKey(): string {
    return this.keys.key('metrics', 'built');
  }

  /** The prefix of a helpline's keys. */
  base(helplineId: string): string {
    return this.keys.key('metrics', helplineId) + ':';
  }

  /** Records the waiting count at the end of the current minute, for the chart (any process may; it is the same). */
  async sampleWaiting(helplineId: string, waiting: number): Promise<void> {
    const key = `${this.base(helplineId)}min:${Math.floor(this.clock.nowMs() / MINUTE_MS)}`;
    await this.redis.pipeline().hset(key, 'all|waiting', waiting).pexpire(key, MINUTE_BUCKET_MS).exec();
  }

  async read(
    helplineId: string,
    scopes: { queues: string[]; languages: string[] },
    today: string,
  ): Promise<LiveReading> {
    const base = this.base(helplineId);
    const nowMinute = Math.floor(this.clock.nowMs() / MINUTE_MS);
    const waitingScopes = ['all', ...scopes.queues.map((q) => `q:${q}`), ...scopes.languages.map((l) => `l:${l}`)];
    const callbackScopes = ['all', ...scopes.queues.map((q) => `q:${q}`)];
    const agentScopes = ['all', ...scopes.languages.map((l) => `l:${l}`)];
    const p = this.redis.pipeline();
    p.exists(this.builtKey());
    for (const scope of waitingScopes) p.zcard(`${base}w:${scope}`).zrange(`${base}w:${scope}`, 0, 0, 'WITHSCORES');
    for (const scope of callbackScopes)
      p.scard(`${base}cb:pending:${scope}`).scard(`${base}cb:due:${scope}`).zcard(`${base}cb:od:${scope}`);
    for (const scope of agentScopes)
      for (const state of AGENT_BOARD_STATES)
        p.scard(scope === 'all' ? `${base}ag:${state}` : `${base}ag:${scope}:${state}`);
    for (let m = nowMinute - 15; m <= nowMinute; m++) p.hgetall(`${base}min:${m}`);
    p.hgetall(`${base}day:${today}`);
    for (let m = nowMinute - 179; m <= nowMinute; m++)
      p.hmget(`${base}min:${m}`, 'all|arrivals', 'all|answered', 'all|waiting');
    for (const state of AGENT_BOARD_STATES) p.smembers(`${base}ag:${state}`);
    p.zrange(`${base}cb:od:all`, 0, 49, 'WITHSCORES');
    p.lrange(`${base}alerts`, 0, 19);
    p.hgetall(`${base}surge`);
    p.zrange(`${base}help:open`, 0, 49, 'WITHSCORES');
    const results = (await p.exec()) ?? [];
    throwFirstError(results);
    const values = results.map(([, value]) => value);
    let i = 0;
    const next = <T>() => values[i++] as T;

    const complete = next<number>() === 1;
    const waiting: LiveReading['waiting'] = {};
    for (const scope of waitingScopes) {
      const count = next<number>();
      const oldest = next<string[]>();
      waiting[scope] = { count, oldest: oldest.length === 2 ? Number(oldest[1]) : null };
    }
    const callbacks: LiveReading['callbacks'] = {};
    for (const scope of callbackScopes) callbacks[scope] = { pending: next(), due: next(), overdue: next() };
    const agents: LiveReading['agents'] = {};
    for (const scope of agentScopes) {
      agents[scope] = Object.fromEntries(
        AGENT_BOARD_STATES.map((state) => [state, next<number>()]),
      ) as LiveReading['agents'][string];
    }
    const recentMinutes: Record<string, string>[] = [];
    for (let m = 0; m < 16; m++) recentMinutes.push(next());
    const todayBucket = next<Record<string, string>>();
    const chart: LiveReading['chart'] = [];
    for (let m = nowMinute - 179; m <= nowMinute; m++) {
      const [arrivals, answered, waitingAt] = next<(string | null)[]>();
      chart.push({
        minute: m * MINUTE_MS,
        arrivals: Number(arrivals ?? 0),
        answered: Number(answered ?? 0),
        waiting: waitingAt === null ? null : Number(waitingAt),
      });
    }
    const boardIds = AGENT_BOARD_STATES.flatMap(() => next<string[]>());
    const overdueRaw = next<string[]>();
    const alerts = next<string[]>();
    const surge = next<Record<string, string>>();
    const helpRaw = next<string[]>();

    const details = this.redis.pipeline();
    for (const id of boardIds) details.hmget(`${base}agent:${id}`, 's', 'since', 'ar', 'ls');
    for (let k = 0; k < overdueRaw.length; k += 2) details.hget(`${base}callback:${overdueRaw[k]}`, 'q');
    for (let k = 0; k < helpRaw.length; k += 2) details.hmget(`${base}help:${helpRaw[k]}`, 'ag', 'c');
    const detailCount = boardIds.length + overdueRaw.length + helpRaw.length;
    const detailValues = detailCount > 0 ? ((await details.exec()) ?? []).map(([, v]) => v) : [];
    const board = boardIds.map((agentId, k) => {
      const [state, since, awayReason, languages] = detailValues[k] as (string | null)[];
      return {
        agentId,
        state: state ?? 'offline',
        since: Number(since ?? 0),
        awayReason: awayReason ? awayReason : null,
        languages: languages ? languages.split(',') : [],
      };
    });
    const overdue: LiveReading['overdue'] = [];
    for (let k = 0; k < overdueRaw.length; k += 2) {
      overdue.push({
        callbackId: overdueRaw[k],
        promisedBy: Number(overdueRaw[k + 1]),
        queueId: (detailValues[boardIds.length + k / 2] as string | null) ?? '',
      });
    }
    const helpAt = boardIds.length + overdueRaw.length / 2;
    const help: LiveReading['help'] = [];
    for (let k = 0; k < helpRaw.length; k += 2) {
      const [agentId, contactId] = detailValues[helpAt + k / 2] as (string | null)[];
      help.push({
        requestId: helpRaw[k],
        agentId: agentId ?? '',
        contactId: contactId ? contactId : null,
        requestedAt: Number(helpRaw[k + 1]),
      });
    }
    return {
      help,
      complete,
      waiting,
      callbacks,
      agents,
      recentMinutes,
      today: todayBucket,
      chart,
      board,
      overdue,
      alerts,
      surge,
    };
  }

  private applyArgs(helplineId: string, event: MetricEvent, effect: MetricEffect, day: string): (string | number)[] {
    const now = this.clock.nowMs();
    const minute = Math.floor(event.occurredAt / MINUTE_MS);
    const minuteTtl = Math.ceil(((minute + 1) * MINUTE_MS + MINUTE_BUCKET_MS - now) / 1000);
    const dayTtl = Math.ceil((event.occurredAt + DAY_BUCKET_MS - now) / 1000);
    const counters = Object.entries(effect.counters).filter(([, by]) => by !== 0);
    const counted = counters.length > 0 && dayTtl > 0;
    const fields = Object.entries(effect.entity?.fields ?? {}).filter(([, value]) => value !== undefined);
    return [
      this.keys.key('metrics', 'helplines'),
      this.base(helplineId),
      event.id,
      counted ? dayTtl : 0,
      counted && minuteTtl > 0 ? String(minute) : '',
      Math.max(minuteTtl, 1),
      counted ? day : '',
      Math.max(dayTtl, 1),
      effect.entity?.kind ?? '',
      effect.entity?.id ?? '',
      event.seq,
      fields.length,
      helplineId,
      ...fields.flat(),
      ...(counted ? counters.flat() : []),
    ];
  }
}

/** A pipeline answers each command with [error, value]; the first error fails the whole read or write. */
function throwFirstError(results: [Error | null, unknown][]): void {
  const error = results.find(([e]) => e !== null)?.[0];
  if (error) throw error;
}

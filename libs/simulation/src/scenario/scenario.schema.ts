import { z } from 'zod';
import { PRIORITIES, STRATEGIES } from '@tuki/contracts';

/**
 * The scenario a planner run or a drill plays: who calls, when, about how long, how patient they are, and who answers.
 * One schema for both, so a drill's report can set the live figures beside the planner's prediction for the very same
 * scenario. Times are seconds (or hours where a scenario spans days); every field that can be left out says its default.
 */

const positive = z.number().positive();
const share = z.number().min(0).max(1);
const weights = z
  .record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as fi'), z.number().min(0))
  .refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be above 0');
const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

/** How long something takes: exponential (Erlang's assumption), log-normal (what handle times look like) or fixed. */
export const durationSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('exponential'), meanSeconds: positive }),
  z.strictObject({ distribution: z.literal('lognormal'), meanSeconds: positive, sdSeconds: positive }),
  z.strictObject({ distribution: z.literal('fixed'), seconds: positive }),
]);

/** Callers' patience: as a duration, or `never` for callers who wait as long as it takes (Erlang C's assumption). */
export const patienceSchema = z.union([durationSchema, z.strictObject({ distribution: z.literal('never') })]);

const surgeSchema = z.strictObject({
  /** When the news breaks, in hours from the scenario's start. */
  atHour: z.number().min(0),
  /** Arrivals at the peak, as a multiple of what the hour would have had. */
  peak: z.number().min(1).max(1000),
  /** From the news to the peak. */
  rampMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .default(60),
  /** The surge above baseline halves every this many hours after the peak. */
  halfLifeHours: positive.max(24 * 28),
});

const arrivalsSchema = z.strictObject({
  /** Baseline contacts per hour (voice and chat), averaged over the day. */
  perHour: positive.max(100_000),
  /** 24 weights, one per hour of the day in the scenario's time zone, scaled so they average 1. Default flat. */
  hourOfDay: z.array(z.number().min(0)).length(24, 'must have 24 values, one per hour of the day').optional(),
  surge: surgeSchema.optional(),
  /** Languages callers speak, as weights. */
  languages: weights,
  /** Voice and chat as weights. Default all voice. */
  channels: z.strictObject({ voice: z.number().min(0).default(1), chat: z.number().min(0).default(0) }).default({
    voice: 1,
    chat: 0,
  }),
  /** Priorities as weights. Default all normal. */
  priorities: z.partialRecord(z.enum(PRIORITIES), z.number().min(0)).default({ normal: 1 }),
  /** Share of contacts with a risk flag (counsellor care counts them). Default 0. */
  highRiskShare: share.default(0),
});

const callbacksSchema = z.strictObject({
  /** Share of callers offered a callback who take it instead of waiting on. */
  takeShare: share,
  /** Share of callback attempts the caller answers. Default 0.85. */
  answerShare: share.default(0.85),
  /** How long an attempt nobody answers holds the agent. Default 40 s. */
  noAnswerSeconds: positive.max(600).default(40),
  /** The queue's callback policy (the callbacks issue's fields); what is left out is Tuki's default. */
  policy: z.record(z.string(), z.unknown()).default({}),
});

const queueSchema = z.strictObject({
  strategy: z.enum(STRATEGIES).default('longest-idle'),
  /** How much waiting one priority level is worth (the queueing issue's ageing). Default 600 s. */
  ageingSeconds: positive.default(600),
  offerTimeoutSeconds: positive.max(600).default(30),
});

const capacitySchema = z.strictObject({
  voice: z.number().int().min(0).max(1).default(1),
  chat: z.number().int().min(0).max(10).default(2),
  callback: z.number().int().min(0).max(1).default(1),
});

const shiftSchema = z
  .strictObject({ from: wallClock, to: wallClock })
  .refine((s) => s.from !== s.to, 'from and to must differ (a shift past midnight ends the next day)');

const teamSchema = z.strictObject({
  /** A label for the report; default the languages joined, as "fi+sv". */
  name: z.string().min(1).max(40).optional(),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as fi')).min(1),
  count: z.number().int().min(0).max(5000),
  /** Local times of day in the scenario's zone; default on duty around the clock. */
  shifts: z.array(shiftSchema).optional(),
  capacity: capacitySchema.default({ voice: 1, chat: 2, callback: 1 }),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and dashes, at most 60'),
    description: z.string().max(500).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    /** The virtual clock's start: an ISO-8601 instant with its offset. */
    startAt: z.iso.datetime({ offset: true }).default('2026-10-21T00:00:00+03:00'),
    timeZone: z.string().default('Europe/Helsinki'),
    /** Arrivals stop after this many hours; the contacts still waiting are played out. */
    hours: positive.max(100_000),
    target: z
      .strictObject({ answerWithinSeconds: z.number().min(0).max(3600), serviceLevel: z.number().gt(0).lt(1) })
      .default({ answerWithinSeconds: 20, serviceLevel: 0.8 }),
    arrivals: arrivalsSchema,
    handleTime: durationSchema,
    /** Chats take longer than calls; default the same as handleTime. */
    chatHandleTime: durationSchema.optional(),
    wrapUpSeconds: z.number().min(0).max(3600).default(0),
    /** From the offer to the agent taking it. Default 0: the planner's agents answer at once. */
    answerSeconds: z.number().min(0).max(600).default(0),
    patience: patienceSchema,
    callbacks: callbacksSchema.optional(),
    queue: queueSchema.default({ strategy: 'longest-idle', ageingSeconds: 600, offerTimeoutSeconds: 30 }),
    agents: z.array(teamSchema).min(1).max(50),
  })
  .superRefine((scenario, context) => {
    if (scenario.answerSeconds >= scenario.queue.offerTimeoutSeconds) {
      context.addIssue({
        code: 'custom',
        path: ['answerSeconds'],
        message: 'must be shorter than queue.offerTimeoutSeconds, or every offer would time out',
      });
    }
    const spoken = new Set(scenario.agents.filter((t) => t.count > 0).flatMap((team) => team.languages));
    for (const [language, weight] of Object.entries(scenario.arrivals.languages)) {
      if (weight > 0 && !spoken.has(language)) {
        context.addIssue({
          code: 'custom',
          path: ['arrivals', 'languages', language],
          message: `no team speaks ${language}: its callers would never be answered`,
        });
      }
    }
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Duration = z.output<typeof durationSchema>;
export type Patience = z.output<typeof patienceSchema>;
export type Team = Scenario['agents'][number];

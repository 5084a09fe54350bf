import { DateTime } from 'luxon';
import {
  DomainError,
  addOpenTime,
  isValidTimeZone,
  localTimeOn,
  nextOpenAt,
  parseWallClock,
  type OpeningCalendar,
} from '@tuki/platform';
import type { Priority } from '@tuki/contracts';
import { DEFAULT_CALLBACK_POLICY, type CallbackPolicy } from '@tuki/queueing';

// Pure rules for when a callback is tried and what the caller is promised. Every instant is epoch milliseconds and
// every "now" is an argument, so the worker, the api and the planner's virtual clock all get the same answers.

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
/** How far ahead a caller may ask to be called back first. */
const MAX_NOT_BEFORE_AHEAD_MS = 7 * DAY_MS;

/** Problems with a callback policy, each naming the field (`maxAttempts: must be an integer 1-10`); [] when valid. */
export function validateCallbackPolicy(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['policy: must be an object'];
  const policy = input as Record<string, unknown>;
  const problems = Object.keys(policy)
    .filter((key) => !(key in DEFAULT_CALLBACK_POLICY))
    .slice(0, 5)
    .map((key) => `${key.slice(0, 20).replace(/[^\w-]/g, '?')}: unknown field`);
  if (typeof policy.enabled !== 'boolean') problems.push('enabled: must be true or false');
  if (policy.offerAfterWaitSeconds !== null && !isIntegerIn(policy.offerAfterWaitSeconds, 0, 86_400)) {
    problems.push('offerAfterWaitSeconds: must be null or an integer 0-86400');
  }
  if (!isIntegerIn(policy.maxAttempts, 1, 10)) problems.push('maxAttempts: must be an integer 1-10');
  if (!isIntegerIn(policy.initialDelaySeconds, 0, 86_400)) {
    problems.push('initialDelaySeconds: must be an integer 0-86400');
  }
  const delays = policy.retryDelaysSeconds;
  if (!Array.isArray(delays) || delays.length < 1 || delays.length > 10) {
    problems.push('retryDelaysSeconds: must be a list of 1-10 values');
  } else {
    delays.forEach((delay: unknown, index) => {
      if (!isIntegerIn(delay, 60, 86_400)) problems.push(`retryDelaysSeconds[${index}]: must be an integer 60-86400`);
    });
  }
  if (!isIntegerIn(policy.expireAfterHours, 1, 720)) problems.push('expireAfterHours: must be an integer 1-720');
  if (!isIntegerIn(policy.defaultPromiseMinutes, 5, 10_080)) {
    problems.push('defaultPromiseMinutes: must be an integer 5-10080');
  }
  return problems;
}

/** The caller's window: "HH:MM" (today, in the helpline's zone) or an ISO-8601 instant with its offset. */
export interface CallbackWindowInput {
  notBefore?: string;
  notAfter?: string;
}

/** A resolved window: `start` is never before the request; `end` null means no end given. */
export interface CallbackWindow {
  start: number;
  end: number | null;
}

/** The caller's window cannot be used; the message names the field and never repeats the input. */
export class InvalidCallbackWindowError extends DomainError {
  readonly code = 'INVALID_CALLBACK_WINDOW';
  readonly kind = 'invalid' as const;
  constructor(field: 'notBefore' | 'notAfter', problem: string) {
    super(`window.${field}: ${problem}`, { details: { field: `window.${field}` } });
  }
}

/**
 * Resolves the caller's window in the helpline's zone ("after 17:00 today"). A notBefore already past (an "HH:MM"
 * earlier today, or an instant) means now. Throws InvalidCallbackWindowError when a value is unparsable, notAfter is
 * not after notBefore, notAfter is already past, or notBefore is more than 7 days ahead.
 */
export function resolveWindow(input: CallbackWindowInput | undefined, timeZone: string, now: number): CallbackWindow {
  if (!isValidTimeZone(timeZone)) throw new RangeError('resolveWindow: unknown time zone');
  const notBefore = windowTime('notBefore', input?.notBefore, timeZone, now);
  const notAfter = windowTime('notAfter', input?.notAfter, timeZone, now);
  if (notBefore !== undefined && notBefore > now + MAX_NOT_BEFORE_AHEAD_MS) {
    throw new InvalidCallbackWindowError('notBefore', 'more than 7 days ahead');
  }
  if (notBefore !== undefined && notAfter !== undefined && notAfter <= notBefore) {
    throw new InvalidCallbackWindowError('notAfter', 'must be after notBefore');
  }
  if (notAfter !== undefined && notAfter <= now) throw new InvalidCallbackWindowError('notAfter', 'already past');
  return { start: Math.max(notBefore ?? now, now), end: notAfter ?? null };
}

// Requires the offset: an instant without one would silently mean the server's zone, not the caller's.
const ISO_INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function windowTime(
  field: 'notBefore' | 'notAfter',
  value: unknown,
  timeZone: string,
  now: number,
): number | undefined {
  // JSON clients send null for "not given" as often as they leave the field out.
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && parseWallClock(value) !== undefined) return localTimeOn(timeZone, now, value);
  if (typeof value === 'string' && value.length <= 40 && ISO_INSTANT_WITH_OFFSET.test(value)) {
    const instant = DateTime.fromISO(value, { setZone: true });
    if (instant.isValid) return instant.toMillis();
  }
  throw new InvalidCallbackWindowError(field, 'not HH:MM or an ISO-8601 instant with offset');
}

/**
 * When the callback stops being tried: the window's end if given, else expireAfterHours of open time after the
 * request; a calendar that does not open that long within its horizon falls back to the same hours of wall time.
 */
export function callbackDeadline(
  requestedAt: number,
  window: CallbackWindow,
  policy: CallbackPolicy,
  calendar: OpeningCalendar | null,
  timeZone: string,
): number {
  if (window.end !== null) return window.end;
  const expiry = policy.expireAfterHours * HOUR_MS;
  return addOpenTime(calendar, timeZone, requestedAt, expiry) ?? requestedAt + expiry;
}

/**
 * First attempt: the first open instant at or after max(now + initialDelay, window.start); undefined when that is at
 * or after the deadline.
 */
export function firstAttemptAt(args: {
  now: number;
  window: CallbackWindow;
  deadline: number;
  policy: CallbackPolicy;
  calendar: OpeningCalendar | null;
  timeZone: string;
}): number | undefined {
  const earliest = Math.max(args.now + args.policy.initialDelaySeconds * SECOND_MS, args.window.start);
  return beforeDeadline(nextOpenAt(args.calendar, args.timeZone, earliest), args.deadline);
}

/**
 * The next attempt after `attemptsMade` (>= 1) failed attempts, the last ending at lastAttemptEndedAt: spaced by
 * retryDelaysSeconds[attemptsMade - 1] (the last value repeats), moved to the next open instant. Undefined when
 * attemptsMade >= maxAttempts or the time is at/after the deadline.
 */
export function retryAt(args: {
  attemptsMade: number;
  lastAttemptEndedAt: number;
  deadline: number;
  policy: CallbackPolicy;
  calendar: OpeningCalendar | null;
  timeZone: string;
}): number | undefined {
  const { attemptsMade, policy } = args;
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1) throw new RangeError('retryAt: attemptsMade must be >= 1');
  if (attemptsMade >= policy.maxAttempts) return undefined;
  const delays = policy.retryDelaysSeconds;
  const spacingSeconds = delays[Math.min(attemptsMade, delays.length) - 1];
  // A policy without spacing cannot retry safely (it would redial at once); validation never lets one through.
  if (spacingSeconds === undefined) return undefined;
  const due = args.lastAttemptEndedAt + spacingSeconds * SECOND_MS;
  return beforeDeadline(nextOpenAt(args.calendar, args.timeZone, due), args.deadline);
}

/**
 * The promise told to the caller: estimatedWaitMs (defaultPromiseMinutes when undefined) of open time counted from
 * `earliest`, rounded up to the next quarter hour of wall time, and never after the deadline (then the deadline).
 */
export function promiseTime(args: {
  earliest: number;
  estimatedWaitMs: number | undefined;
  deadline: number;
  policy: CallbackPolicy;
  calendar: OpeningCalendar | null;
  timeZone: string;
}): number {
  const waitMs = Math.max(0, args.estimatedWaitMs ?? args.policy.defaultPromiseMinutes * MINUTE_MS);
  const ready = addOpenTime(args.calendar, args.timeZone, args.earliest, waitMs);
  if (ready === undefined) return args.deadline;
  return Math.min(roundUpToQuarterHour(ready, args.timeZone), args.deadline);
}

/**
 * Overdue callbacks gain one priority level, but the boost stops below urgent, so lateness alone never puts a callback
 * level with urgent contacts: low→normal, normal→high, high and urgent stay. Before promisedBy (not overdue): base.
 */
export function overduePriority(base: Priority, promisedBy: number, now: number): Priority {
  if (now < promisedBy) return base;
  switch (base) {
    case 'low':
      return 'normal';
    case 'normal':
    case 'high':
      return 'high';
    case 'urgent':
      return 'urgent';
  }
}

function beforeDeadline(at: number | undefined, deadline: number): number | undefined {
  return at !== undefined && at < deadline ? at : undefined;
}

// Rounded on the local clock, as the caller reads the promise. Today's offsets are all whole quarter hours, so this
// equals rounding in UTC; working in local time keeps the rule true as stated whatever the zone.
function roundUpToQuarterHour(at: number, timeZone: string): number {
  const offsetMs = DateTime.fromMillis(at, { zone: timeZone }).offset * MINUTE_MS;
  return Math.ceil((at + offsetMs) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS - offsetMs;
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

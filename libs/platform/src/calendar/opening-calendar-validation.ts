import { WEEKDAYS, type Weekday } from './opening-calendar';
import { parseIsoDate, parseWallClock } from './wall-clock';

export const MAX_RANGES_PER_DAY = 10;
export const MAX_CLOSURES = 500;
export const MAX_CLOSURE_REASON_LENGTH = 100;
// An admin fixing a calendar needs the first problems, not thousands of them from one pasted blob.
const MAX_PROBLEMS = 20;

/**
 * Problems with an opening calendar, each naming the field (`weekly.mon[0].close: must be after open`); empty when
 * valid. `null` is valid (always open). Messages never repeat the input's values, only short field names.
 */
export function validateOpeningCalendar(input: unknown): string[] {
  if (input === null) return [];
  if (!isRecord(input)) return ['calendar: must be an object, or null for always open'];
  const problems = [...unknownFields(input, ['weekly', 'closures'])];
  problems.push(...weeklyProblems(input.weekly), ...closureProblems(input.closures));
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more problems`];
}

function weeklyProblems(weekly: unknown): string[] {
  if (!isRecord(weekly)) return ['weekly: must be an object of days (mon-sun)'];
  const problems: string[] = [];
  for (const key of Object.keys(weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) problems.push(`weekly.${shortName(key)}: not a day (mon-sun)`);
  }
  for (const day of WEEKDAYS) {
    if (weekly[day] !== undefined) problems.push(...dayProblems(day, weekly[day]));
  }
  return problems;
}

function dayProblems(day: Weekday, ranges: unknown): string[] {
  const path = `weekly.${day}`;
  if (!Array.isArray(ranges)) return [`${path}: must be a list of {open, close}`];
  if (ranges.length > MAX_RANGES_PER_DAY) return [`${path}: at most ${MAX_RANGES_PER_DAY} ranges a day`];
  const problems: string[] = [];
  const valid: { index: number; open: number; close: number }[] = [];
  ranges.forEach((range: unknown, index) => {
    const rangePath = `${path}[${index}]`;
    if (!isRecord(range)) return problems.push(`${rangePath}: must be an object {open, close}`);
    problems.push(...unknownFields(range, ['open', 'close'], rangePath));
    const open = parseWallClock(range.open);
    const close = parseWallClock(range.close);
    if (open === undefined) problems.push(`${rangePath}.open: not a time HH:MM (00:00-24:00)`);
    if (close === undefined) problems.push(`${rangePath}.close: not a time HH:MM (00:00-24:00)`);
    if (open === undefined || close === undefined) return;
    if (close <= open) return problems.push(`${rangePath}.close: must be after open`);
    valid.push({ index, open, close });
  });
  // Touching ranges (08:00-12:00, 12:00-16:00) are allowed; overlapping ones are a typo.
  valid.sort((a, b) => a.open - b.open);
  for (let i = 1; i < valid.length; i++) {
    if (valid[i].open < valid[i - 1].close) {
      problems.push(`${path}[${valid[i].index}]: overlaps ${path}[${valid[i - 1].index}]`);
    }
  }
  return problems;
}

function closureProblems(closures: unknown): string[] {
  if (!Array.isArray(closures)) return ['closures: must be a list of {from, to, reason?}'];
  if (closures.length > MAX_CLOSURES) return [`closures: at most ${MAX_CLOSURES}`];
  const problems: string[] = [];
  closures.forEach((closure: unknown, index) => {
    const path = `closures[${index}]`;
    if (!isRecord(closure)) return problems.push(`${path}: must be an object {from, to, reason?}`);
    problems.push(...unknownFields(closure, ['from', 'to', 'reason'], path));
    const from = parseIsoDate(closure.from);
    const to = parseIsoDate(closure.to);
    if (from === undefined) problems.push(`${path}.from: not a date YYYY-MM-DD`);
    if (to === undefined) problems.push(`${path}.to: not a date YYYY-MM-DD`);
    if (from !== undefined && to !== undefined && to < from) problems.push(`${path}.to: must not be before from`);
    const { reason } = closure;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > MAX_CLOSURE_REASON_LENGTH)) {
      problems.push(`${path}.reason: must be text of at most ${MAX_CLOSURE_REASON_LENGTH} characters`);
    }
  });
  return problems;
}

// Paths are relative to the calendar, so a caller can prefix them with where the calendar sits (`openingHours.`).
function unknownFields(record: Record<string, unknown>, known: string[], path?: string): string[] {
  return Object.keys(record)
    .filter((key) => !known.includes(key))
    .map((key) => `${path === undefined ? '' : `${path}.`}${shortName(key)}: unknown field`);
}

// Field names come from the input too: a long or odd one is cut and masked so a message stays a short, safe line.
function shortName(key: string): string {
  const safe = key.slice(0, 20).replace(/[^\w-]/g, '?');
  return key.length <= 20 ? safe : `${safe}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

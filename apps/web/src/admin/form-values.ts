/*
 * The administration forms' text fields in and out: lists ("fi, sv"), skill maps ("extortion=5, data-breach=3"),
 * opening ranges ("08:00-16:00, 18:00-20:00") and whole numbers. Pure, so they are tested without a page. A value the
 * page cannot read becomes a problem in the server's "field: problem" shape and is shown the same way as the server's
 * own refusals (field-errors.ts); everything the page can read is left for the server to judge.
 */

/** A read value, or why it could not be read. */
export type Read<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

/** Comma- or space-separated words, trimmed, empties dropped: "fi, sv" -> ["fi", "sv"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** An empty field is undefined (the server's default); anything else must be a whole number. */
export function readInteger(text: string): Read<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  if (!/^-?\d+$/.test(trimmed)) return { problem: 'must be a whole number' };
  return { value: Number(trimmed) };
}

/** Like readInteger, for decimals (surge thresholds are multiples such as 1.5). */
export function readDecimal(text: string): Read<number | undefined> {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return { value: undefined };
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return { problem: 'must be a number such as 1.5' };
  return { value: Number(trimmed) };
}

/** "extortion=5, data-breach=3" (or "extortion 5") -> { extortion: 5, "data-breach": 3 }; the server checks names and levels. */
export function parseSkillMap(text: string): Read<Record<string, number>> {
  const skills: Record<string, number> = {};
  for (const part of text.split(',').map((item) => item.trim())) {
    if (part === '') continue;
    const match = /^([^=:\s]+)\s*[=:\s]\s*(-?\d+)$/.exec(part);
    if (!match) return { problem: `write each skill as name=level, separated by commas ("${part.slice(0, 30)}")` };
    skills[match[1]] = Number(match[2]);
  }
  return { value: skills };
}

export function formatSkillMap(skills: Record<string, number>): string {
  return Object.entries(skills)
    .map(([name, level]) => `${name}=${level}`)
    .join(', ');
}

export interface OpeningRange {
  open: string;
  close: string;
}

/** "08:00-16:00, 18:00-20:00" -> ranges; empty: closed all day. The server checks order and overlaps. */
export function parseRanges(text: string): Read<OpeningRange[]> {
  const ranges: OpeningRange[] = [];
  for (const part of text.split(',').map((item) => item.trim())) {
    if (part === '') continue;
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return { problem: `write each range as HH:MM-HH:MM, separated by commas ("${part.slice(0, 30)}")` };
    ranges.push({ open: match[1].padStart(5, '0'), close: match[2].padStart(5, '0') });
  }
  return { value: ranges };
}

export function formatRanges(ranges: readonly OpeningRange[] | undefined): string {
  return (ranges ?? []).map((range) => `${range.open}-${range.close}`).join(', ');
}

/** Collects what the page could not read, each as "path: problem", to show as the server's refusals are shown. */
export class Problems {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }

  /** The value, or undefined after recording its problem under `path`. */
  take<T>(path: string, read: Read<T>): T | undefined {
    if (read.problem !== undefined) {
      this.add(path, read.problem);
      return undefined;
    }
    return read.value;
  }
}

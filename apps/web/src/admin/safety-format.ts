/*
 * The safety panel's words and values, pure so they are tested without a page: block reasons, times, who did
 * something, audit filters as a query, and the chain verification as sentences.
 */

/** Block reasons as people read them (the codes are @tuki/contracts' BLOCK_REASONS). */
export const BLOCK_REASON_WORDS: Record<string, string> = {
  abuse: 'Abuse of staff',
  harassment: 'Harassment',
  threats: 'Threats',
  'hoax-calls': 'Hoax calls',
  flooding: 'Flooding the line',
  other: 'Other',
};

export const reasonWords = (code: string): string => BLOCK_REASON_WORDS[code] ?? code;

/** A moment as "3 Dec 2026, 14:05" in `timeZone` (the browser's own when not given). */
export function formatWhen(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(epochMs));
}

/** Who an audit entry or a block names: a staff member's name when known, else what kind of actor with its id. */
export function actorWords(actor: { kind: string; id: string }, names: ReadonlyMap<string, string>): string {
  const name = names.get(actor.id);
  if (name) return name;
  switch (actor.kind) {
    case 'system':
      return `System (${actor.id})`;
    case 'service':
      return `Channel adapter (${actor.id.slice(0, 8)})`;
    case 'caller':
      return 'A caller';
    default:
      return `Staff member ${actor.id.slice(0, 8)}`;
  }
}

/** What the audit log is filtered by, as the form holds it (times as `datetime-local` values). */
export interface AuditFilters {
  action: string;
  actorId: string;
  subjectType: string;
  subjectId: string;
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', actorId: '', subjectType: '', subjectId: '', from: '', to: '' };

/** A `datetime-local` value ("2026-12-03T14:05") as epoch ms in the browser's time zone; empty is undefined. */
export function readLocalTime(value: string): { value?: number; problem?: string } {
  if (value.trim() === '') return {};
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return { problem: 'must be a date and time' };
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const at = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s).getTime();
  return Number.isNaN(at) ? { problem: 'must be a date and time' } : { value: at };
}

/**
 * The query string of GET /audit for the filters (newest first, `limit` a page, `beforeSeq` the page after), or the
 * problems the page can tell by itself, in the server's "field: problem" shape.
 */
export function auditQuery(
  filters: AuditFilters,
  page: { limit: number; beforeSeq?: number },
): { query: string; problems: string[] } {
  const problems: string[] = [];
  const params = new URLSearchParams();
  for (const key of ['action', 'actorId', 'subjectType', 'subjectId'] as const) {
    const value = filters[key].trim();
    if (value !== '') params.set(key, value);
  }
  const from = readLocalTime(filters.from);
  const to = readLocalTime(filters.to);
  if (from.problem) problems.push(`from: ${from.problem}`);
  if (to.problem) problems.push(`to: ${to.problem}`);
  if (from.value !== undefined && to.value !== undefined && to.value <= from.value)
    problems.push('to: must be after the start');
  if (from.value !== undefined) params.set('from', String(from.value));
  if (to.value !== undefined) params.set('to', String(to.value));
  params.set('limit', String(page.limit));
  if (page.beforeSeq !== undefined) params.set('beforeSeq', String(page.beforeSeq));
  return { query: params.toString(), problems };
}

/** GET /audit/verification's answer. */
export interface VerificationView {
  ok: boolean;
  entries: number;
  head: { seq: number; mac: string } | null;
  anchor: { seq: number; mac: string } | null;
  problems: { seq: number; problem: string }[];
  firstProblem: { seq: number; problem: string } | null;
  verifiedAt: number;
}

const PROBLEM_WORDS: Record<string, string> = {
  'mac-mismatch': 'the entry was changed, or written under another audit key',
  'broken-link': 'the entry does not follow the one before it (replaced or reordered)',
  gap: 'the entry is missing',
  truncated: 'the newest entries up to here were deleted',
  'anchor-mismatch': 'the entry differs from the anchor recorded for it',
};

export const problemWords = (code: string): string => PROBLEM_WORDS[code] ?? code;

/** The verification as a headline and lines to show under it. */
export function describeVerification(
  view: VerificationView,
  timeZone?: string,
): { ok: boolean; headline: string; lines: string[] } {
  const when = formatWhen(view.verifiedAt, timeZone);
  const count = `${view.entries.toLocaleString('en-GB')} ${view.entries === 1 ? 'entry' : 'entries'}`;
  const lines: string[] = [];
  if (!view.ok && view.firstProblem) {
    lines.push(...view.problems.map((problem) => `Entry ${problem.seq}: ${problemWords(problem.problem)}.`));
  }
  if (view.anchor === null)
    lines.push(
      'Redis holds no anchor for this chain (it restarted empty?): deleting the newest entries would not show. ' +
        'Keep a copy of the head below outside Tuki.',
    );
  const headline = view.ok
    ? `The audit chain is whole: ${count} checked on ${when}.`
    : `The audit chain is broken: the first problem is at entry ${view.firstProblem?.seq ?? '?'} ` +
      `(${problemWords(view.firstProblem?.problem ?? '')}). ${count} checked on ${when}.`;
  return { ok: view.ok, headline, lines };
}

/*
 * The keys and retention panel's words and values, pure so they are tested without a page: the rotation reminder,
 * the data keys waiting for a re-wrap, and the retention fields read from the form.
 */
import { Problems, readInteger } from './form-values';

/** GET /keys/status's answer. */
export interface KeysStatus {
  activeKeyId: string;
  activeKeyCreatedAt: number;
  rotationDays: number;
  dueAt: number;
  state: 'ok' | 'soon' | 'due';
  daysUntilDue: number;
  keys: { id: string; createdAt: number; active: boolean }[];
  dataKeys: { kekId: string; live: number }[];
  rewrapPending: number;
}

const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;

/** The reminder: when rotation is due, in words that say the state (never colour alone). */
export function rotationSentence(status: KeysStatus, dueDate: string): string {
  switch (status.state) {
    case 'ok':
      return `Rotation is due in ${days(status.daysUntilDue)}, on ${dueDate}.`;
    case 'soon':
      return `Rotation is due soon: in ${days(status.daysUntilDue)}, on ${dueDate}. Plan it now.`;
    case 'due':
      return status.daysUntilDue === 0
        ? `Rotation is due today (${dueDate}). Rotate the keys now.`
        : `Rotation is overdue by ${days(-status.daysUntilDue)} (it was due on ${dueDate}). Rotate the keys now.`;
  }
}

/** This helpline's data keys: how many, and how many still wait for `keys rewrap`. */
export function dataKeysSentence(status: KeysStatus): string {
  const live = status.dataKeys.reduce((sum, row) => sum + row.live, 0);
  const all = `This helpline has ${live.toLocaleString('en-GB')} live data ${live === 1 ? 'key' : 'keys'}`;
  if (status.rewrapPending === 0) return `${all}, all under the active key.`;
  return (
    `${all}; ${status.rewrapPending.toLocaleString('en-GB')} still under an older key: run keys rewrap before ` +
    'retiring it.'
  );
}

/** The periods the panel edits, as the case settings name them, with their bounds (the server checks them too). */
export const RETENTION_FIELDS = [
  {
    path: 'retentionDays',
    label: 'Keep closed cases for (days)',
    hint:
      'Then the case is crypto-shredded and deleted, with its chat transcripts; unfinished notes left this long go ' +
      'too. 1 to 3650.',
  },
  {
    path: 'agentAccessDays',
    label: 'Agents see a case they worked on for (days)',
    hint: 'Counted from the last time they worked on it. 1 to 365.',
  },
  {
    path: 'repeatGrantHours',
    label: 'A confirmed repeat caller’s case opens for (hours)',
    hint: 'For the agent who answered. 1 to 168.',
  },
  {
    path: 'breakGlassMinutes',
    label: 'A break-glass opening lasts (minutes)',
    hint: '5 to 1440.',
  },
] as const;

export type RetentionPath = (typeof RETENTION_FIELDS)[number]['path'];

/** The form's values as numbers, or the problems of those that are not whole numbers ("field: problem"). */
export function readRetention(values: Record<RetentionPath, string>): {
  settings?: Record<RetentionPath, number>;
  problems: string[];
} {
  const problems = new Problems();
  const settings = {} as Record<RetentionPath, number>;
  for (const { path } of RETENTION_FIELDS) {
    if (values[path].trim() === '') {
      problems.add(path, 'must not be empty');
      continue;
    }
    const value = problems.take(path, readInteger(values[path]));
    if (value !== undefined) settings[path] = value;
  }
  return problems.list.length > 0 ? { problems: problems.list } : { settings, problems: [] };
}

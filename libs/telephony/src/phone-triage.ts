import type { Priority, RiskFlagCode } from '@tuki/contracts';
import type { PhoneTriageQuestion } from './telephony-settings';

/** Where a caller is in the phone triage: the question being asked and the keys pressed so far (question id -> key). */
export interface PhoneTriageProgress {
  at: number;
  answers: Record<string, string>;
}

export const TRIAGE_START: PhoneTriageProgress = { at: 0, answers: {} };

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * The caller pressed `key` (or nothing: undefined) at the current question: a key that is one of its answers is
 * recorded, any other counts as skipping it, and the next question comes. Pure; past the last question it changes
 * nothing, so a repeated webhook cannot move it further.
 */
export function answerPhoneTriage(
  questions: readonly PhoneTriageQuestion[],
  progress: PhoneTriageProgress,
  key: string | undefined,
): PhoneTriageProgress {
  const question = questions[progress.at];
  if (!question) return progress;
  const answered = key !== undefined && question.answers.some((answer) => answer.key === key);
  return {
    at: progress.at + 1,
    answers: answered ? { ...progress.answers, [question.id]: key } : progress.answers,
  };
}

/**
 * The priority and risk codes the answers give: the most urgent priority any answer names (normal when none), and
 * every risk code, each once. Answers to questions removed since are ignored. Pure.
 */
export function phoneTriageOutcome(
  questions: readonly PhoneTriageQuestion[],
  answers: Record<string, string>,
): { priority: Priority; riskFlags: RiskFlagCode[] } {
  let priority: Priority = 'normal';
  const riskFlags = new Set<RiskFlagCode>();
  for (const question of questions) {
    const answer = question.answers.find((candidate) => candidate.key === answers[question.id]);
    if (!answer) continue;
    if (answer.priority && RANK[answer.priority] < RANK[priority]) priority = answer.priority;
    if (answer.riskFlag) riskFlags.add(answer.riskFlag);
  }
  return { priority, riskFlags: [...riskFlags] };
}

/** Reads the progress kept on the call's row (JSON); a missing or unreadable value starts from the first question. */
export function parsePhoneTriage(stored: string | null): PhoneTriageProgress {
  if (!stored) return TRIAGE_START;
  try {
    const value = JSON.parse(stored) as Partial<PhoneTriageProgress>;
    return typeof value.at === 'number' && typeof value.answers === 'object' && value.answers !== null
      ? { at: value.at, answers: value.answers }
      : TRIAGE_START;
  } catch {
    // A row written by a newer version we do not understand: ask again from the start rather than fail the call.
    return TRIAGE_START;
  }
}

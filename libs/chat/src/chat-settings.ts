import { z } from 'zod';
import { PRIORITIES, RISK_FLAG_CODES, type Priority, type RiskFlagCode } from '@tuki/contracts';

/** Risk codes a triage answer may record: the codes contacts carry (what was said is never stored in clear). */
export const TRIAGE_RISK_FLAGS = RISK_FLAG_CODES;
export type TriageRiskFlag = RiskFlagCode;

const code = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a code of lower-case letters, digits and -');
/** Texts shown to callers: English always, Finnish and Swedish where given (English is the fallback). */
const text = z.string().trim().min(1, 'write the words').max(300, 'at most 300 characters');
const texts = z.object({ en: text, fi: text.optional(), sv: text.optional() });
export type Texts = z.infer<typeof texts>;

const origin = z
  .string()
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  }, 'an https origin (http only for localhost)')
  .transform((value) => new URL(value).origin);

export const chatSettingsSchema = z
  .object({
    /** Whether the public chat is open at all (a helpline may run phone only). */
    enabled: z.boolean(),
    /** The routing queue chats wait in, unless the caller's topic names another. */
    queueId: z.string().uuid().nullable(),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
    topics: z.array(z.object({ code, label: texts, queueId: z.string().uuid().optional() })),
    /** Questions asked before the chat starts; an answer may raise the priority and record a risk code. */
    triage: z.array(
      z.object({
        id: code,
        question: texts,
        answers: z
          .array(
            z.object({
              id: code,
              label: texts,
              priority: z.enum(PRIORITIES).optional(),
              riskFlag: z.enum(TRIAGE_RISK_FLAGS).optional(),
            }),
          )
          .min(2),
      }),
    ),
    /** Sites allowed to embed the chat in an iframe (their origins). Empty: the embed loads nowhere. */
    embedOrigins: z.array(origin),
    /** Where quick exit goes: a neutral page that says nothing about help. */
    quickExitUrl: z.string().url(),
    /** The welcome at the top of the chat page, per language (English where the caller's is missing). Default none. */
    greeting: texts.nullable().default(null),
    /**
     * A notice shown on the page before and during the chat ("waits are long after the breach"), per language.
     * Default none.
     */
    announcement: texts.nullable().default(null),
  })
  .superRefine((settings, context) => {
    const ids = settings.triage.map((q) => q.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) context.addIssue({ code: 'custom', path: ['triage'], message: `question ${twice} twice` });
    const topics = settings.topics.map((t) => t.code);
    const topicTwice = topics.find((id, i) => topics.indexOf(id) !== i);
    if (topicTwice) context.addIssue({ code: 'custom', path: ['topics'], message: `topic ${topicTwice} twice` });
  });

export type ChatSettings = z.infer<typeof chatSettingsSchema>;

/** What a helpline starts with: chat off until an admin names its queue, two safety questions. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  enabled: false,
  queueId: null,
  languages: ['fi', 'sv', 'en'],
  topics: [
    {
      code: 'extortion',
      label: {
        en: 'I received a threat or a demand',
        fi: 'Sain uhkauksen tai vaatimuksen',
        sv: 'Jag fick ett hot eller krav',
      },
    },
    { code: 'leaked-data', label: { en: 'My data was leaked', fi: 'Tietoni vuodettiin', sv: 'Mina uppgifter läckte' } },
    { code: 'other', label: { en: 'Something else', fi: 'Jotain muuta', sv: 'Något annat' } },
  ],
  triage: [
    {
      id: 'safe-now',
      question: { en: 'Are you safe right now?', fi: 'Oletko turvassa juuri nyt?', sv: 'Är du trygg just nu?' },
      answers: [
        { id: 'yes', label: { en: 'Yes', fi: 'Kyllä', sv: 'Ja' } },
        { id: 'no', label: { en: 'No', fi: 'En', sv: 'Nej' }, priority: 'urgent', riskFlag: 'danger-from-other' },
        { id: 'unsure', label: { en: 'Not sure', fi: 'En tiedä', sv: 'Vet inte' }, priority: 'high' },
      ],
    },
    {
      id: 'self-harm',
      question: {
        en: 'Are you thinking of hurting yourself?',
        fi: 'Ajatteletko vahingoittavasi itseäsi?',
        sv: 'Tänker du skada dig själv?',
      },
      answers: [
        { id: 'yes', label: { en: 'Yes', fi: 'Kyllä', sv: 'Ja' }, priority: 'urgent', riskFlag: 'suicidal-thoughts' },
        { id: 'no', label: { en: 'No', fi: 'En', sv: 'Nej' } },
      ],
    },
  ],
  embedOrigins: [],
  quickExitUrl: 'https://www.bbc.com/weather',
  greeting: null,
  announcement: null,
};

const RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export interface TriageOutcome {
  priority: Priority;
  /** The reason codes recorded on the contact: which answers raised the priority. */
  riskFlags: TriageRiskFlag[];
}

/**
 * The caller's triage answers (question id -> answer id; any may be skipped) as a priority and reason codes. Pure.
 * Returns the problems instead when an answer names a question or an answer that does not exist.
 */
export function evaluateTriage(
  questions: ChatSettings['triage'],
  answers: Record<string, string>,
): TriageOutcome | { problems: string[] } {
  const problems: string[] = [];
  let priority: Priority = 'normal';
  const riskFlags = new Set<TriageRiskFlag>();
  for (const [questionId, answerId] of Object.entries(answers)) {
    const question = questions.find((q) => q.id === questionId);
    const answer = question?.answers.find((a) => a.id === answerId);
    if (!question) problems.push(`triage.${questionId}: no such question`);
    else if (!answer) problems.push(`triage.${questionId}: ${answerId} is not one of its answers`);
    if (!answer) continue;
    if (answer.priority && RANK[answer.priority] < RANK[priority]) priority = answer.priority;
    if (answer.riskFlag) riskFlags.add(answer.riskFlag);
  }
  return problems.length > 0 ? { problems } : { priority, riskFlags: [...riskFlags] };
}

/** The queue a chat on `topic` waits in: the topic's own queue, else the chat queue. */
export function queueFor(settings: ChatSettings, topic: string | undefined): string | null {
  return settings.topics.find((t) => t.code === topic)?.queueId ?? settings.queueId;
}

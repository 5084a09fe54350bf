import { PRIORITIES, RISK_FLAG_CODES } from '@tuki/contracts';
import type { FieldSpec, ListSpec } from './content-editor';
import { LANGUAGE_NAMES, TEXT_LANGUAGES, labelIn, type TextLanguage } from './content-values';

/*
 * What the content panel edits, as list specifications for content-editor.ts: the case settings' taxonomy, referral
 * and outcome directories, and the chat's and the phone's triage questions. Field paths are the settings documents'
 * own, as the server names them in a refusal.
 */

/** The words of one text in each language; English required where the server requires it. */
export function textFields(path: string, noun: string, englishRequired: boolean, kind: 'text' | 'long' = 'text') {
  return TEXT_LANGUAGES.map((language): FieldSpec => ({
    path: `${path}.${language}`,
    label: `${noun} (${LANGUAGE_NAMES[language]}${language === 'en' && englishRequired ? '' : ', optional'})`,
    kind,
    optional: !(language === 'en' && englishRequired),
  }));
}

/** Phone words: each language optional here; the server asks for those the helpline's lines speak. */
export function spokenFields(path: string, noun: string, order: readonly TextLanguage[] = ['fi', 'sv', 'en']) {
  return order.map((language): FieldSpec => ({
    path: `${path}.${language}`,
    label: `${noun} (${LANGUAGE_NAMES[language]})`,
    kind: 'long',
  }));
}

const PRIORITY_WORDS: Record<string, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/** Risk codes as people read them; the codes themselves are fixed (see the panel's "fixed" note). */
export const RISK_WORDS: Record<string, string> = {
  'suicidal-thoughts': 'Suicidal thoughts',
  'self-harm': 'Self-harm',
  'danger-from-other': 'In danger from someone',
  'child-at-risk': 'A child at risk',
  'extortion-deadline': 'Extortion deadline',
  'medical-emergency': 'Medical emergency',
  other: 'Other risk',
};

const priorityChoice: FieldSpec = {
  path: 'priority',
  label: 'Raises priority to',
  kind: 'choice',
  options: [['', 'No change'], ...PRIORITIES.map((code): [string, string] => [code, PRIORITY_WORDS[code] ?? code])],
};

const riskChoice: FieldSpec = {
  path: 'riskFlag',
  label: 'Records risk',
  kind: 'choice',
  options: [['', 'None'], ...RISK_FLAG_CODES.map((code): [string, string] => [code, RISK_WORDS[code] ?? code])],
};

const describeLabel = (item: Record<string, unknown>) => labelIn(item.label) ?? (item.code as string | undefined);

const directoryEntry = (noun: string): ListSpec => ({
  noun,
  fields: [{ path: 'code', label: 'Code', kind: 'code', optional: false }, ...textFields('label', 'Label', true)],
  blank: () => ({ code: '', label: { en: '' } }),
  describe: describeLabel,
  min: 1,
});

/** The category taxonomy: groups, each with its categories (the leaves a case is given). */
export const TAXONOMY: ListSpec = {
  noun: 'category group',
  fields: [
    { path: 'code', label: 'Group code', kind: 'code', optional: false },
    ...textFields('label', 'Group name', true),
  ],
  nested: {
    path: 'children',
    spec: {
      noun: 'category',
      fields: [{ path: 'code', label: 'Code', kind: 'code', optional: false }, ...textFields('label', 'Label', true)],
      blank: () => ({ code: '', label: { en: '' } }),
      describe: describeLabel,
      min: 1,
    },
  },
  blank: () => ({ code: '', label: { en: '' }, children: [{ code: '', label: { en: 'Other' } }] }),
  describe: describeLabel,
  min: 1,
  foldable: true,
};

export const REFERRALS = directoryEntry('referral');
export const OUTCOMES = directoryEntry('outcome');

/** The chat's triage: questions with their answers, each answer perhaps raising the priority and recording a risk. */
export const CHAT_TRIAGE: ListSpec = {
  noun: 'chat question',
  fields: [
    { path: 'id', label: 'Question code', kind: 'code', optional: false },
    ...textFields('question', 'Question', true, 'long'),
  ],
  nested: {
    path: 'answers',
    spec: {
      noun: 'answer',
      fields: [
        { path: 'id', label: 'Answer code', kind: 'code', optional: false },
        ...textFields('label', 'Answer', true),
        priorityChoice,
        riskChoice,
      ],
      blank: () => ({ id: '', label: { en: '' } }),
      describe: describeLabel,
      min: 2,
    },
  },
  blank: () => ({
    id: '',
    question: { en: '' },
    answers: [
      { id: 'yes', label: { en: 'Yes' } },
      { id: 'no', label: { en: 'No' } },
    ],
  }),
  describe: (item) => labelIn(item.question),
};

/** The phone's triage: at most three questions answered with one key. */
export const PHONE_TRIAGE: ListSpec = {
  noun: 'phone question',
  fields: [
    { path: 'id', label: 'Question code', kind: 'code', optional: false },
    ...spokenFields('question', 'Question with its keys'),
  ],
  nested: {
    path: 'answers',
    spec: {
      noun: 'answer',
      fields: [{ path: 'key', label: 'Key (0-9)', kind: 'digit', optional: false }, priorityChoice, riskChoice],
      blank: () => ({ key: '' }),
      describe: (item) => (typeof item.key === 'string' && item.key ? `key ${item.key}` : undefined),
      min: 1,
      max: 10,
    },
  },
  blank: () => ({ id: '', question: {}, answers: [{ key: '1' }, { key: '2' }] }),
  describe: (item) => labelIn(item.question, 'fi') ?? labelIn(item.question),
  max: 3,
};

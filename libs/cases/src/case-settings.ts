import { z } from 'zod';
import { RISK_LEVELS } from '@tuki/contracts';

// The codes of caller facts, risk levels and skip reasons are shared with the agent desk and statistics.
export { AGE_BANDS, DECLINED, GENDERS, NOT_ASKED, RISK_LEVELS, SKIP_REASONS } from '@tuki/contracts';

/** Case statuses are fixed; which moves between them are allowed is each helpline's choice. */
export const CASE_STATUSES = ['open', 'follow-up', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];

const codeSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,59}$/, 'must be a lower-case code such as breach.paid');
const label = z.string().trim().min(1, 'write the words').max(120, 'at most 120 characters');
const labels = z.object({ en: label, fi: label.optional(), sv: label.optional() });

const categoryGroup = z
  .object({
    code: codeSchema,
    label: labels,
    children: z.array(z.object({ code: codeSchema, label: labels })).min(1),
  })
  .refine((group) => group.children.some((child) => child.code === `${group.code}.other`), {
    message: 'every category needs an "other" entry (<code>.other)',
    path: ['children'],
  });

/** A helpline's case settings, validated as a whole on every change. */
export const caseSettingsSchema = z
  .object({
    /** Allowed status moves: from -> the statuses it may go to. */
    transitions: z.record(z.enum(CASE_STATUSES), z.array(z.enum(CASE_STATUSES))),
    taxonomy: z.array(categoryGroup).min(1),
    referrals: z.array(z.object({ code: codeSchema, label: labels })).min(1),
    outcomes: z.array(z.object({ code: codeSchema, label: labels })).min(1),
    regions: z.array(codeSchema).min(1),
    /** An agent sees a case this many days after they last worked on it. Default 28. */
    agentAccessDays: z.number().int().min(1).max(365),
    /** A confirmed repeat caller's earlier case opens for the answering agent this long. Default 12. */
    repeatGrantHours: z.number().int().min(1).max(168),
    /** A supervisor's break-glass opening lasts this long. Default 60. */
    breakGlassMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60),
    /** Closed cases are purged (crypto-shredded, then deleted) this many days after closing. Default 365. */
    retentionDays: z.number().int().min(1).max(3650),
    /** Wrong code words allowed per contact before confirmation by code word is refused. Default 3. */
    codeWordTries: z.number().int().min(1).max(10),
  })
  .superRefine((settings, context) => {
    const codes = settings.taxonomy.flatMap((group) => [group.code, ...group.children.map((child) => child.code)]);
    const duplicate = codes.find((code, index) => codes.indexOf(code) !== index);
    if (duplicate) context.addIssue({ code: 'custom', path: ['taxonomy'], message: `category ${duplicate} twice` });
  });

export type CaseSettings = z.infer<typeof caseSettingsSchema>;

const group = (code: string, en: string, children: [string, string][]) => ({
  code,
  label: { en },
  children: [...children, ['other', 'Other'] as [string, string]].map(([child, childLabel]) => ({
    code: `${code}.${child}`,
    label: { en: childLabel },
  })),
});

/**
 * What a new helpline starts with: categories for data-breach and extortion victims (the Vastaamo case) beside the
 * top-level categories of Child Helpline International's data framework, each with "other".
 */
export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  transitions: { open: ['follow-up', 'closed'], 'follow-up': ['open', 'closed'], closed: ['open'] },
  taxonomy: [
    group('breach', 'Data breach and extortion', [
      ['leaked-records', 'Leaked records'],
      ['extortion-message', 'Extortion message received'],
      ['paid', 'Paid the extortionist'],
      ['did-not-pay', 'Did not pay'],
      ['identity-misuse', 'Identity misuse'],
      ['anxiety', 'Anxiety or fear'],
      ['suicidal-thoughts', 'Suicidal thoughts'],
      ['child-affected', 'A child affected'],
      ['reporting', 'How to report or complain'],
    ]),
    group('chi.abuse-violence', 'Abuse and violence', [
      ['physical', 'Physical'],
      ['sexual', 'Sexual'],
      ['emotional', 'Emotional'],
      ['online', 'Online'],
    ]),
    group('chi.mental-health', 'Mental health and wellbeing', [
      ['anxiety', 'Anxiety'],
      ['depression', 'Depression'],
      ['self-harm', 'Self-harm'],
      ['suicidal-thoughts', 'Suicidal thoughts'],
    ]),
    group('chi.family', 'Family relationships', [
      ['conflict', 'Conflict'],
      ['separation', 'Separation'],
    ]),
    group('chi.peer', 'Peer relationships', [
      ['bullying', 'Bullying'],
      ['friendship', 'Friendship'],
    ]),
    group('chi.sexuality', 'Sexuality and sexual awareness', [['identity', 'Identity']]),
    group('chi.physical-health', 'Physical health', [['illness', 'Illness']]),
    group('chi.education', 'Education and school', [['school-problems', 'School problems']]),
    group('chi.basic-needs', 'Basic needs', [
      ['housing', 'Housing'],
      ['money', 'Money'],
    ]),
    group('chi.discrimination', 'Discrimination and rights', [['discrimination', 'Discrimination']]),
    group('chi.exploitation', 'Commercial exploitation', [['trafficking', 'Trafficking']]),
    group('chi.legal', 'Legal matters', [['information', 'Legal information']]),
  ],
  referrals: [
    { code: 'police-report', label: { en: 'Police report', fi: 'Rikosilmoitus' } },
    { code: 'data-protection-authority', label: { en: 'Data Protection Ombudsman' } },
    { code: 'crisis-services', label: { en: 'Crisis services' } },
    { code: 'legal-aid', label: { en: 'Legal aid' } },
    { code: 'health-services', label: { en: 'Health services' } },
    { code: 'bank-or-credit', label: { en: 'Bank or credit registry (identity misuse)' } },
    { code: 'other', label: { en: 'Other' } },
  ],
  outcomes: [
    { code: 'supported', label: { en: 'Listened and supported' } },
    { code: 'information-given', label: { en: 'Information given' } },
    { code: 'referred', label: { en: 'Referred' } },
    { code: 'safety-planning', label: { en: 'Safety planning' } },
    { code: 'emergency-services', label: { en: 'Emergency services called' } },
    { code: 'follow-up-arranged', label: { en: 'Follow-up arranged' } },
    { code: 'ended-early', label: { en: 'Ended early' } },
  ],
  // Finland's NUTS 2 regions: coarse enough that a region never points at a person.
  regions: ['helsinki-uusimaa', 'southern-finland', 'western-finland', 'northern-eastern-finland', 'aland', 'abroad'],
  agentAccessDays: 28,
  repeatGrantHours: 12,
  breakGlassMinutes: 60,
  retentionDays: 365,
  codeWordTries: 3,
};

/** The category codes a case may be given: the leaves of the taxonomy. */
export function assignableCategories(settings: CaseSettings): Set<string> {
  return new Set(settings.taxonomy.flatMap((group) => group.children.map((child) => child.code)));
}

/** Whether the helpline's workflow lets a case move from one status to another. */
export function mayMoveStatus(settings: CaseSettings, from: CaseStatus, to: CaseStatus): boolean {
  return from === to || (settings.transitions[from] ?? []).includes(to);
}

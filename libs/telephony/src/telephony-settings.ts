import { z } from 'zod';
import { PRIORITIES, RISK_FLAG_CODES } from '@tuki/contracts';
import { e164OrUndefined } from './phone-number';
import { VOICE_LANGUAGES, type VoiceLanguage } from './voice-step';

const e164 = z
  .string()
  .max(40)
  .refine((value) => e164OrUndefined(value) === value, 'an international number in E.164 form, such as +358942000000');

const said = z.string().trim().min(1, 'write the words').max(400, 'at most 400 characters');
/** Words said to callers, per line language; a language may be left out (see each field for what it hears). */
const spoken = z.object({ fi: said.optional(), sv: said.optional(), en: said.optional() });
export type SpokenTexts = z.infer<typeof spoken>;

/** Questions a caller answers with one key before they queue: an answer may raise the priority and record a risk. */
const phoneTriageQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a code of lower-case letters, digits and -'),
    /** The whole question with its keys ("If you are in danger now, press 1. Otherwise press 2."). */
    question: spoken,
    answers: z
      .array(
        z.object({
          key: z.string().regex(/^[0-9]$/, 'one digit'),
          priority: z.enum(PRIORITIES).optional(),
          riskFlag: z.enum(RISK_FLAG_CODES).optional(),
        }),
      )
      .min(1)
      .max(10),
  })
  .superRefine((question, context) => {
    const keys = question.answers.map((answer) => answer.key);
    const twice = keys.findIndex((key, i) => keys.indexOf(key) !== i);
    if (twice >= 0) context.addIssue({ code: 'custom', path: ['answers', twice, 'key'], message: 'used twice' });
  });
export type PhoneTriageQuestion = z.infer<typeof phoneTriageQuestion>;

const LANGUAGE_NAMES: Record<VoiceLanguage, string> = { fi: 'Finnish', sv: 'Swedish', en: 'English' };

export const telephonySettingsSchema = z
  .object({
    /**
     * The helpline's numbers that callers dial (the `To` of an incoming call). Each leads to a routing queue and the
     * language callers are greeted and served in: one number per language, as helplines publish them.
     */
    lines: z.array(z.object({ number: e164, queueId: z.string().uuid(), language: z.enum(VOICE_LANGUAGES) })).max(50),
    /** The helpline's number shown when Tuki places a call (a callback, the bridge to an agent's phone). */
    callerId: e164.nullable(),
    /** How often a waiting caller hears their place and estimated wait. Default 60 s. */
    announceEverySeconds: z.number().int().min(15).max(600),
    /** How long one hold lasts before Twilio asks again: the most a caller waits once an agent accepted. Default 5 s. */
    holdSeconds: z.number().int().min(2).max(30),
    /** The key that asks for a callback while the callback is offered. Default 1. */
    callbackKey: z.string().regex(/^[0-9]$/, 'one digit'),
    /** Said first on every call, in the line's language; a language without its own hears Tuki's built-in welcome. */
    greeting: spoken.nullable().default(null),
    /** Said after the greeting ("waits are long after the breach"); a language without one hears nothing. */
    announcement: spoken.nullable().default(null),
    /**
     * Asked after the greeting, before the caller queues (at most 3; a caller may skip one by pressing nothing).
     * Every question needs words in every language the lines are in. Default none.
     */
    triage: z.array(phoneTriageQuestion).max(3).default([]),
  })
  .superRefine((settings, context) => {
    const numbers = settings.lines.map((line) => line.number);
    const twice = numbers.findIndex((number, i) => numbers.indexOf(number) !== i);
    if (twice >= 0) context.addIssue({ code: 'custom', path: ['lines', twice, 'number'], message: 'listed twice' });
    if (settings.holdSeconds > settings.announceEverySeconds)
      context.addIssue({ code: 'custom', path: ['holdSeconds'], message: 'at most announceEverySeconds' });
    const ids = settings.triage.map((question) => question.id);
    const idTwice = ids.findIndex((id, i) => ids.indexOf(id) !== i);
    if (idTwice >= 0) context.addIssue({ code: 'custom', path: ['triage', idTwice, 'id'], message: 'used twice' });
    const languages = new Set(settings.lines.map((line) => line.language));
    for (const [i, question] of settings.triage.entries())
      for (const language of languages)
        if (!question.question[language])
          context.addIssue({
            code: 'custom',
            path: ['triage', i, 'question', language],
            message: `a line answers in ${LANGUAGE_NAMES[language]}: say the question in ${LANGUAGE_NAMES[language]} too`,
          });
  });

export type TelephonySettings = z.infer<typeof telephonySettingsSchema>;
export type TelephonyLine = TelephonySettings['lines'][number];

/** What a helpline starts with: no numbers (every call is told the number is not in service) until an admin adds one. */
export const DEFAULT_TELEPHONY_SETTINGS: TelephonySettings = {
  lines: [],
  callerId: null,
  announceEverySeconds: 60,
  holdSeconds: 5,
  callbackKey: '1',
  greeting: null,
  announcement: null,
  triage: [],
};

/** The line a call to `called` reached, if the helpline lists that number. Pure. */
export function lineFor(settings: TelephonySettings, called: unknown): TelephonyLine | undefined {
  const number = e164OrUndefined(called);
  return number === undefined ? undefined : settings.lines.find((line) => line.number === number);
}

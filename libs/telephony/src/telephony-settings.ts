import { z } from 'zod';
import { e164OrUndefined } from './phone-number';
import { VOICE_LANGUAGES } from './voice-step';

const e164 = z
  .string()
  .max(40)
  .refine((value) => e164OrUndefined(value) === value, 'an international number in E.164 form, such as +358942000000');

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
  })
  .superRefine((settings, context) => {
    const numbers = settings.lines.map((line) => line.number);
    const twice = numbers.findIndex((number, i) => numbers.indexOf(number) !== i);
    if (twice >= 0) context.addIssue({ code: 'custom', path: ['lines', twice, 'number'], message: 'listed twice' });
    if (settings.holdSeconds > settings.announceEverySeconds)
      context.addIssue({ code: 'custom', path: ['holdSeconds'], message: 'at most announceEverySeconds' });
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
};

/** The line a call to `called` reached, if the helpline lists that number. Pure. */
export function lineFor(settings: TelephonySettings, called: unknown): TelephonyLine | undefined {
  const number = e164OrUndefined(called);
  return number === undefined ? undefined : settings.lines.find((line) => line.number === number);
}

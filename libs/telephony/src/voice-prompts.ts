import { spokenDigits } from './phone-number';
import type { TelephonySettings } from './telephony-settings';
import type { Prompt, VoiceLanguage } from './voice-step';

type Texts = Record<VoiceLanguage, string>;
const say = (language: VoiceLanguage, texts: Texts): Prompt => ({ language, text: texts[language] });

/**
 * What callers hear, in Finnish, Swedish and English. Neutral wording on purpose: the phone may be on speaker or in
 * someone else's hands, so nothing names crime or victims beyond the helpline's own name.
 */
export const prompts = {
  greeting: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Tervetuloa tukipuhelimeen. Vastaamme sinulle niin pian kuin voimme.',
      sv: 'Välkommen till stödtelefonen. Vi svarar så snart vi kan.',
      en: 'Welcome to the support line. We will answer as soon as we can.',
    }),
  position: (l: VoiceLanguage, position: number, waitSeconds: number | null) => {
    const minutes = waitSeconds === null ? null : Math.max(1, Math.round(waitSeconds / 60));
    const wait: Texts =
      minutes === null
        ? { fi: '', sv: '', en: '' }
        : {
            fi: ` Arvioitu odotusaika on noin ${minutes} ${minutes === 1 ? 'minuutti' : 'minuuttia'}.`,
            sv: ` Den beräknade väntetiden är cirka ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
            en: ` The estimated wait is about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
          };
    return say(l, {
      fi: `Olet jonossa sijalla ${position}.${wait.fi}`,
      sv: `Du är nummer ${position} i kön.${wait.sv}`,
      en: `You are number ${position} in the queue.${wait.en}`,
    });
  },
  callbackOffer: (l: VoiceLanguage, key: string) =>
    say(l, {
      fi: `Jos haluat, että soitamme sinulle takaisin paikkasi säilyttäen, paina ${key}.`,
      sv: `Om du vill att vi ringer upp dig och behålla din plats, tryck ${key}.`,
      en: `To be called back instead, keeping your place, press ${key}.`,
    }),
  confirmNumber: (l: VoiceLanguage, e164: string) => {
    const digits = spokenDigits(e164);
    return say(l, {
      fi: `Soitamme numeroon ${digits}. Vahvista painamalla 1. Jatka jonottamista painamalla 2.`,
      sv: `Vi ringer till numret ${digits}. Bekräfta med 1. Tryck 2 för att fortsätta vänta.`,
      en: `We will call you back on ${digits}. To confirm, press 1. To keep waiting, press 2.`,
    });
  },
  callbackConfirmed: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Kiitos. Soitamme sinulle takaisin. Voit nyt sulkea puhelun.',
      sv: 'Tack. Vi ringer upp dig. Du kan lägga på nu.',
      en: 'Thank you. We will call you back. You can hang up now.',
    }),
  hiddenNumber: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Emme voi soittaa piilotettuun numeroon. Pysy linjalla, vastaamme pian.',
      sv: 'Vi kan inte ringa ett dolt nummer. Stanna kvar i linjen.',
      en: 'We cannot call back a hidden number. Please stay on the line.',
    }),
  callbackUnavailable: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Takaisinsoittoa ei voi nyt pyytää. Pysy linjalla.',
      sv: 'Det går inte att beställa uppringning just nu. Stanna kvar i linjen.',
      en: 'A call back cannot be arranged right now. Please stay on the line.',
    }),
  connecting: (l: VoiceLanguage) =>
    say(l, { fi: 'Yhdistämme sinut nyt.', sv: 'Vi kopplar dig nu.', en: 'Connecting you now.' }),
  goodbye: (l: VoiceLanguage) =>
    say(l, { fi: 'Kiitos soitostasi.', sv: 'Tack för ditt samtal.', en: 'Thank you for calling.' }),
  notInService: () =>
    say('en', { fi: '', sv: '', en: 'This number is not in service. Please check the number and call again.' }),
  closed: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Emme pysty vastaamaan juuri nyt. Soita myöhemmin uudelleen.',
      sv: 'Vi kan inte svara just nu. Ring gärna igen senare.',
      en: 'We cannot answer right now. Please call again later.',
    }),
  /** What the agent hears when they answer a provider-placed callback, before the caller is rung. */
  callbackLeg: (l: VoiceLanguage) =>
    say(l, {
      fi: 'Takaisinsoitto. Yhdistetään soittajaan.',
      sv: 'Uppringning. Kopplar till den som ringde.',
      en: 'Callback. Connecting you to the caller.',
    }),
};

/**
 * What a call hears first: the helpline's own greeting in the line's language, else Tuki's, then the helpline's
 * announcement in that language if it wrote one. Documents saved before these existed have neither. Pure.
 */
export function welcomePrompts(
  settings: Pick<TelephonySettings, 'greeting' | 'announcement'>,
  language: VoiceLanguage,
): Prompt[] {
  const greeting = settings.greeting?.[language];
  const announcement = settings.announcement?.[language];
  return [
    greeting ? { language, text: greeting } : prompts.greeting(language),
    ...(announcement ? [{ language, text: announcement }] : []),
  ];
}

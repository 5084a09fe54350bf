import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { Prompt, VoiceLanguage, VoiceStep } from './voice-step';

/** Twilio's language code and a voice that speaks it (the basic voices speak neither Finnish nor Swedish). */
const SPEECH: Record<VoiceLanguage, Required<Pick<VoiceResponse.SayAttributes, 'language' | 'voice'>>> = {
  fi: { language: 'fi-FI', voice: 'Polly.Suvi-Neural' },
  sv: { language: 'sv-SE', voice: 'Polly.Astrid' },
  en: { language: 'en-GB', voice: 'Polly.Amy' },
};

/** Seconds a Gather waits for a key after its prompts; short, so the hold loop comes back on time. */
const KEY_WAIT_AFTER_HOLD_SECONDS = 1;
const KEY_WAIT_AFTER_QUESTION_SECONDS = 8;

/**
 * Where Twilio reports back: the waiting loop, and key presses. Absolute URLs under PUBLIC_BASE_URL. Null for a call
 * that reports nothing back (a provider-placed callback's leg ends the call when it ends).
 */
export interface TwimlUrls {
  waiting: string;
  keys: string;
}

function speak(into: VoiceResponse | VoiceResponse.Gather, prompts: Prompt[]): void {
  for (const prompt of prompts) if (prompt.text) into.say(SPEECH[prompt.language], prompt.text);
}

/**
 * A provider-neutral step as TwiML, built with Twilio's own VoiceResponse (which escapes every text). Pure. Holding
 * is a `<Pause>` inside the `<Gather>`, so a key pressed during the announcement or the hold is heard.
 */
export function renderTwiml(step: VoiceStep, urls: TwimlUrls | null): string {
  if (urls === null && (step.kind === 'hold' || step.kind === 'ask'))
    throw new RangeError('A step that waits for the caller needs URLs to report back to');
  const response = new twilio.twiml.VoiceResponse();
  switch (step.kind) {
    case 'hold': {
      if (step.listen) {
        const gather = response.gather({
          numDigits: 1,
          action: urls!.keys,
          method: 'POST',
          timeout: KEY_WAIT_AFTER_HOLD_SECONDS,
          actionOnEmptyResult: false,
        });
        speak(gather, step.say);
        gather.pause({ length: step.holdSeconds });
      } else {
        speak(response, step.say);
        response.pause({ length: step.holdSeconds });
      }
      response.redirect({ method: 'POST' }, urls!.waiting);
      break;
    }
    case 'ask': {
      const gather = response.gather({
        numDigits: 1,
        action: urls!.keys,
        method: 'POST',
        timeout: KEY_WAIT_AFTER_QUESTION_SECONDS,
        actionOnEmptyResult: false,
      });
      speak(gather, step.say);
      response.redirect({ method: 'POST' }, urls!.waiting);
      break;
    }
    case 'bridge': {
      speak(response, step.say);
      // When the agent's leg ends Twilio asks the waiting URL again, which ends the call.
      const dial = response.dial({
        ...(urls ? { action: urls.waiting, method: 'POST' } : {}),
        ...(step.callerId ? { callerId: step.callerId } : {}),
      });
      if (step.to.kind === 'phone') dial.number(step.to.number);
      else dial.client(step.to.identity);
      break;
    }
    case 'hang-up':
      speak(response, step.say);
      response.hangup();
      break;
  }
  return response.toString();
}

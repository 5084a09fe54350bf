import { make } from '../shared/dom';
import type { Desk } from './desk';
import { codeName, t } from './texts';

type Dial = { attempt: number } & ({ mode: 'manual'; number: string } | { mode: 'provider'; callId: string });

const OUTCOMES = ['reached', 'no-answer', 'busy', 'voicemail', 'wrong-number'] as const;

/**
 * Calling a caller back. Through the provider's dialler the caller sees the helpline's number and the agent never
 * sees theirs; in manual mode the number is shown for this attempt only, after the agent accepted, and removed from
 * the page as soon as the outcome is recorded. Resolves with the outcome.
 */
export function callbackDial(desk: Desk, callbackId: string): { node: HTMLElement; outcome: Promise<string> } {
  const node = make('div', undefined, { class: 'callback-dial' });
  const dial = make('button', t('dial'), { type: 'button', class: 'primary' });
  const status = make('p', '', { role: 'status' });
  const outcomes = make('fieldset', undefined, { class: 'outcomes' });
  outcomes.hidden = true;
  outcomes.append(make('legend', t('outcomeHeading')));
  node.append(dial, status, outcomes);

  const outcome = new Promise<string>((resolve) => {
    let attempt = 0;
    dial.addEventListener('click', () => {
      dial.disabled = true;
      void desk
        .call<Dial>('POST', `/callbacks/${callbackId}/attempts`)
        .then((dialled) => {
          attempt = dialled.attempt;
          status.replaceChildren();
          if (dialled.mode === 'provider') status.textContent = t('dialling');
          else status.append(t('dialManual'), ' ', make('output', dialled.number, { class: 'number' }));
          outcomes.hidden = false;
        })
        .catch((error: unknown) => {
          dial.disabled = false;
          desk.fail(error);
        });
    });
    for (const code of OUTCOMES) {
      const button = make('button', codeName(code, 'outcome'), { type: 'button', 'data-outcome': code });
      button.addEventListener('click', () => {
        void desk
          .call('POST', `/callbacks/${callbackId}/attempts/${attempt}/outcome`, { outcome: code })
          .then(() => {
            // The number leaves the page with the attempt.
            status.textContent = t('numberHidden');
            outcomes.hidden = true;
            dial.hidden = true;
            resolve(code);
          })
          .catch((error: unknown) => desk.fail(error));
      });
      outcomes.append(button);
    }
  });
  return { node, outcome };
}

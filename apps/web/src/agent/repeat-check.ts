import { make } from '../shared/dom';
import type { Desk } from './desk';
import { t } from './texts';

interface RepeatResult {
  confirmed: boolean;
  caseId: string | null;
  reference: string | null;
}

/**
 * "Is this the same person?" before anything of an earlier case is shown: the phone may be in someone else's hands.
 * The caller's code word, or their consent, joins this contact to their earlier case; otherwise a new case opens.
 * Resolves once the agent has answered (the server records every answer).
 */
export function repeatCheck(
  desk: Desk,
  contactId: string,
  earlierContacts: number,
): {
  node: HTMLElement;
  answered: Promise<void>;
} {
  const node = make('fieldset', undefined, { class: 'repeat-check' });
  const id = `code-word-${contactId}`;
  const codeWord = make('input', undefined, { id, autocomplete: 'off', type: 'password', maxlength: '200' });
  const check = make('button', t('checkCodeWord'), { type: 'button' });
  const consent = make('button', t('callerConsents'), { type: 'button' });
  const neither = make('button', t('notConfirmed'), { type: 'button' });
  const result = make('p', '', { role: 'status' });
  node.append(
    make('legend', t('repeatHeading')),
    make('p', t('repeatCaller', { count: earlierContacts })),
    make('p', t('repeatExplain')),
    make('label', t('codeWord'), { for: id }),
    codeWord,
    check,
    consent,
    neither,
    result,
  );
  const answered = new Promise<void>((resolve) => {
    const confirm = async (body: { method: 'code-word' | 'consent'; codeWord?: string }) => {
      try {
        const reply = await desk.callWhenKnown<RepeatResult>('POST', `/contacts/${contactId}/repeat-caller`, body);
        codeWord.value = '';
        if (!reply.confirmed && body.method === 'code-word') {
          // A wrong code word may be a slip: the agent can try again (the server limits the tries) or move on.
          result.textContent = t('repeatNoMatch');
          return;
        }
        result.textContent = reply.confirmed
          ? t('repeatConfirmed', { reference: reply.reference ?? '' })
          : t('repeatNoMatch');
        finish();
      } catch (error) {
        desk.fail(error);
      }
    };
    const finish = () => {
      for (const control of [codeWord, check, consent, neither]) control.disabled = true;
      resolve();
    };
    check.addEventListener('click', () => void confirm({ method: 'code-word', codeWord: codeWord.value }));
    consent.addEventListener('click', () => void confirm({ method: 'consent' }));
    neither.addEventListener('click', () => {
      result.textContent = t('repeatNoMatch');
      finish();
    });
  });
  return { node, answered };
}

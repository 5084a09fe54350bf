import { make } from '../shared/dom';
import { editorForm, numberField, refusalOf, textField } from './form-kit';
import { Problems, readDecimal, readInteger } from './form-values';
import type { QueueView } from './queue-form';

/*
 * What supervisors (and admins) change while a queue runs: its targets, offer timeout, maximum wait before overflow
 * and callback-offer threshold (PATCH /routing-queues/:id), and the arrival multiples at which the dashboard calls
 * a surge (PUT /supervision/surge-thresholds/:queueId). Two forms, because they are two changes with their own
 * refusals; each is audited by the api.
 */

export interface SurgeThresholds {
  elevated: number;
  surge: number;
  critical: number;
}

function actions(form: HTMLFormElement, text: string): void {
  const row = make('div', undefined, { class: 'actions' });
  row.append(make('button', text, { type: 'submit', class: 'primary' }));
  form.append(row);
}

export function runningThresholdsForm(
  queue: QueueView,
  submit: (form: HTMLFormElement) => void,
): { form: HTMLFormElement; heading: HTMLHeadingElement; read(): Record<string, unknown> } {
  const { form, heading } = editorForm(`Thresholds of ${queue.name}`, submit);
  const p = 'adjust';
  const row = make('div', undefined, { class: 'row' });
  const percent = numberField(p, 'targetAnswerPercent', 'Answer this % of callers (1-100)', queue.targetAnswerPercent);
  const seconds = numberField(p, 'targetAnswerSeconds', 'within seconds (1-3600)', queue.targetAnswerSeconds);
  const timeout = numberField(p, 'offerTimeoutSeconds', 'Offer timeout, seconds (5-300)', queue.offerTimeoutSeconds);
  const offer = numberField(
    p,
    'callbackOfferAfterWaitSeconds',
    'Offer a callback first past an estimated wait of, seconds',
    queue.callbackPolicy.offerAfterWaitSeconds,
    'Empty: callbacks are never offered first.',
  );
  row.append(percent.wrapper, seconds.wrapper, timeout.wrapper, offer.wrapper);
  const maxWait = queue.overflowQueueId
    ? numberField(p, 'maxWaitSeconds', 'Overflow after waiting seconds (10-86400)', queue.maxWaitSeconds)
    : undefined;
  if (maxWait) row.append(maxWait.wrapper);
  form.append(row);
  actions(form, 'Save thresholds');
  return {
    form,
    heading,
    read: () => {
      const problems = new Problems();
      const int = (path: string, input: HTMLInputElement) => problems.take(path, readInteger(input.value));
      const body: Record<string, unknown> = {
        targetAnswerPercent: int('targetAnswerPercent', percent.input),
        targetAnswerSeconds: int('targetAnswerSeconds', seconds.input),
        offerTimeoutSeconds: int('offerTimeoutSeconds', timeout.input),
        callbackOfferAfterWaitSeconds:
          offer.input.value.trim() === '' ? null : int('callbackOfferAfterWaitSeconds', offer.input),
        ...(maxWait ? { maxWaitSeconds: int('maxWaitSeconds', maxWait.input) } : {}),
      };
      const refusal = refusalOf(problems);
      if (refusal) throw refusal;
      return body;
    },
  };
}

export function surgeThresholdsForm(
  queue: QueueView,
  current: SurgeThresholds,
  submit: (form: HTMLFormElement) => void,
): { form: HTMLFormElement; heading: HTMLHeadingElement; read(): SurgeThresholds } {
  const { form, heading } = editorForm(`Surge levels of ${queue.name}`, submit);
  form.append(
    make(
      'p',
      'Arrivals as a multiple of the usual rate at which each level starts (1.1-100), each above the one before.',
      {
        class: 'hint',
      },
    ),
  );
  const row = make('div', undefined, { class: 'row' });
  const field = (path: keyof SurgeThresholds, label: string) =>
    textField('surge', path, label, String(current[path]), {
      attributes: { inputmode: 'decimal', autocomplete: 'off' },
    });
  const elevated = field('elevated', 'Elevated from');
  const surge = field('surge', 'Surge from');
  const critical = field('critical', 'Critical from');
  row.append(elevated.wrapper, surge.wrapper, critical.wrapper);
  form.append(row);
  actions(form, 'Save surge levels');
  return {
    form,
    heading,
    read: () => {
      const problems = new Problems();
      const number = (path: keyof SurgeThresholds, input: HTMLInputElement) =>
        problems.take(path, readDecimal(input.value)) ?? Number.NaN;
      const body = {
        elevated: number('elevated', elevated.input),
        surge: number('surge', surge.input),
        critical: number('critical', critical.input),
      };
      const refusal = refusalOf(problems);
      if (refusal) throw refusal;
      return body;
    },
  };
}

import { make } from '../shared/dom';
import { selectField } from '../shared/fields';
import { checkField, editorForm, fieldId, numberField, refusalOf, textField } from './form-kit';
import { Problems, formatSkillMap, parseSkillMap, readInteger, splitList } from './form-values';
import { OpeningHoursFields, type OpeningHoursValue } from './opening-hours-fields';

/*
 * A routing queue's whole definition (admins): name, languages, required skills, strategy, targets, offer timeout,
 * ageing, overflow, widening steps, opening hours and holidays, and the callback policy with its callback-offer
 * threshold. Saving sends the whole definition (POST for a new queue, PUT to replace one); the server validates it
 * and names each bad field, which the form shows beside it.
 */

export interface WideningStep {
  afterSeconds: number;
  relaxBy: number | 'any';
}

export interface CallbackPolicy {
  enabled: boolean;
  offerAfterWaitSeconds: number | null;
  maxAttempts: number;
  initialDelaySeconds: number;
  retryDelaysSeconds: number[];
  expireAfterHours: number;
  defaultPromiseMinutes: number;
}

export interface QueueView {
  id: string;
  name: string;
  languages: string[];
  requiredSkills: Record<string, number>;
  strategy: string;
  targetAnswerPercent: number;
  targetAnswerSeconds: number;
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  offerTimeoutSeconds: number;
  ageingSeconds: number;
  widening: WideningStep[];
  voiceBlocksChat: boolean;
  open: boolean;
  openingHours: (OpeningHoursValue & { timeZone: string }) | null;
  callbackPolicy: CallbackPolicy;
}

export const STRATEGY_WORDS: Record<string, string> = {
  'longest-idle': 'Longest idle agent first',
  'least-occupied': 'Least occupied agent first',
  'round-robin': 'Round robin',
  'best-skill': 'Best skill match first',
};

const RELAX_OPTIONS: [string, string][] = [
  ['any', 'Any agent with the language'],
  ...Array.from({ length: 10 }, (_, i): [string, string] => [String(i + 1), `Lower skill minimums by ${i + 1}`]),
];

/** The definition form; `queue` undefined: a new queue. `others`: the queues it may overflow to. */
export function queueForm(
  queue: QueueView | undefined,
  others: readonly QueueView[],
  timeZone: string,
  submit: (form: HTMLFormElement) => void,
  cancel: () => void,
): { form: HTMLFormElement; heading: HTMLHeadingElement; read(): Record<string, unknown> } {
  const { form, heading } = editorForm(queue ? `Definition of ${queue.name}` : 'New queue', submit);
  const p = 'queue';
  const name = textField(p, 'name', 'Name', queue?.name ?? '');
  const languages = textField(p, 'languages', 'Languages', queue?.languages.join(', ') ?? '', {
    hint: 'ISO codes, separated by commas: fi, sv. A caller is only ever offered to an agent who speaks their language.',
  });
  const skills = textField(p, 'requiredSkills', 'Required skills', queue ? formatSkillMap(queue.requiredSkills) : '', {
    hint: 'name=minimum level (0-10), separated by commas; empty: none.',
  });
  const strategy = selectField(
    fieldId(p, 'strategy'),
    'Strategy',
    Object.entries(STRATEGY_WORDS),
    queue?.strategy ?? 'longest-idle',
    { 'data-field': 'strategy' },
  );
  const targets = make('fieldset', undefined, { 'data-field': 'targets' });
  targets.append(make('legend', 'Targets and timing'));
  const percent = numberField(
    p,
    'targetAnswerPercent',
    'Answer this % of callers (1-100)',
    queue?.targetAnswerPercent ?? 80,
  );
  const seconds = numberField(p, 'targetAnswerSeconds', 'within seconds (1-3600)', queue?.targetAnswerSeconds ?? 60);
  const timeout = numberField(
    p,
    'offerTimeoutSeconds',
    'Offer timeout, seconds (5-300)',
    queue?.offerTimeoutSeconds ?? 20,
  );
  const ageing = numberField(
    p,
    'ageingSeconds',
    'Waiting worth one priority level, seconds (30-86400)',
    queue?.ageingSeconds ?? 600,
  );
  const targetRow = make('div', undefined, { class: 'row' });
  targetRow.append(percent.wrapper, seconds.wrapper, timeout.wrapper, ageing.wrapper);
  const blocks = checkField(p, 'voiceBlocksChat', 'An agent on a call takes no chats', queue?.voiceBlocksChat ?? true);
  targets.append(targetRow, blocks.wrapper);

  const overflow = make('fieldset', undefined, { 'data-field': 'overflow' });
  overflow.append(make('legend', 'Overflow'));
  const overflowTo = selectField(
    fieldId(p, 'overflowQueueId'),
    'Send long waits to',
    [['', 'Nowhere (no overflow)'], ...others.map((other): [string, string] => [other.id, other.name])],
    queue?.overflowQueueId ?? '',
    { 'data-field': 'overflowQueueId' },
  );
  const maxWait = numberField(p, 'maxWaitSeconds', 'after waiting seconds (10-86400)', queue?.maxWaitSeconds);
  const overflowRow = make('div', undefined, { class: 'row' });
  overflowRow.append(overflowTo.wrapper, maxWait.wrapper);
  overflow.append(overflowRow);

  const widening = new WideningFields(queue?.widening ?? []);
  const hours = new OpeningHoursFields(queue?.openingHours ?? null, timeZone);
  const policy = new PolicyFields(queue?.callbackPolicy);

  const actions = make('div', undefined, { class: 'actions' });
  const cancelButton = make('button', 'Cancel', { type: 'button' });
  cancelButton.addEventListener('click', cancel);
  actions.append(
    make('button', queue ? 'Save definition' : 'Create queue', { type: 'submit', class: 'primary' }),
    cancelButton,
  );
  form.append(
    name.wrapper,
    languages.wrapper,
    skills.wrapper,
    strategy.wrapper,
    targets,
    overflow,
    widening.fieldset,
    hours.fieldset,
    policy.fieldset,
    actions,
  );

  return {
    form,
    heading,
    read: () => {
      const problems = new Problems();
      const int = (path: string, input: HTMLInputElement) => problems.take(path, readInteger(input.value));
      const body: Record<string, unknown> = {
        name: name.input.value.trim(),
        languages: splitList(languages.input.value),
        requiredSkills: problems.take('requiredSkills', parseSkillMap(skills.input.value)) ?? {},
        strategy: strategy.select.value,
        targetAnswerPercent: int('targetAnswerPercent', percent.input),
        targetAnswerSeconds: int('targetAnswerSeconds', seconds.input),
        offerTimeoutSeconds: int('offerTimeoutSeconds', timeout.input),
        ageingSeconds: int('ageingSeconds', ageing.input),
        voiceBlocksChat: blocks.input.checked,
        maxWaitSeconds: int('maxWaitSeconds', maxWait.input),
        overflowQueueId: overflowTo.select.value || undefined,
        widening: widening.read(problems),
        openingHours: hours.read(problems) ?? undefined,
        callbackPolicy: policy.read(problems),
      };
      const refusal = refusalOf(problems);
      if (refusal) throw refusal;
      return body;
    },
  };
}

/** Widening steps: after a caller has waited so long, skill minimums drop (never the language). */
class WideningFields {
  readonly fieldset = make('fieldset', undefined, { 'data-field': 'widening' });
  private readonly list = make('ol', undefined, { class: 'plain-list step-list' });
  private steps: { afterSeconds: string; relaxBy: string }[];

  constructor(initial: readonly WideningStep[]) {
    this.steps = initial.map((step) => ({ afterSeconds: String(step.afterSeconds), relaxBy: String(step.relaxBy) }));
    this.fieldset.append(
      make('legend', 'Widening steps'),
      make(
        'p',
        'After a caller has waited this long, agents with lower skills may take them. Steps in order of time.',
        {
          class: 'hint',
        },
      ),
      this.list,
    );
    const add = make('button', 'Add widening step', { type: 'button' });
    add.addEventListener('click', () => {
      this.steps = [...this.values(), { afterSeconds: '', relaxBy: 'any' }];
      this.render();
      this.list.querySelectorAll('input')[this.steps.length - 1]?.focus();
    });
    this.fieldset.append(add);
    this.render();
  }

  read(problems: Problems): { afterSeconds?: number; relaxBy: string }[] {
    return this.values().map((step, index) => ({
      afterSeconds: problems.take(`widening.${index}.afterSeconds`, readInteger(step.afterSeconds)),
      relaxBy: step.relaxBy,
    }));
  }

  private values(): { afterSeconds: string; relaxBy: string }[] {
    return [...this.list.querySelectorAll('li')].map((item) => ({
      afterSeconds: item.querySelector('input')!.value,
      relaxBy: item.querySelector('select')!.value,
    }));
  }

  private render(): void {
    this.list.replaceChildren(
      ...this.steps.map((step, index) => {
        const item = make('li', undefined, { class: 'row step' });
        const after = numberField(
          'widening',
          `widening.${index}.afterSeconds`,
          `Step ${index + 1}: after waiting seconds`,
          null,
        );
        after.input.value = step.afterSeconds;
        const relax = selectField(
          fieldId('widening', `widening.${index}.relaxBy`),
          `Step ${index + 1}: then`,
          RELAX_OPTIONS,
          step.relaxBy,
          { 'data-field': `widening.${index}.relaxBy` },
        );
        const remove = make('button', `Remove step ${index + 1}`, { type: 'button' });
        remove.addEventListener('click', () => {
          this.steps = this.values().filter((_, other) => other !== index);
          this.render();
        });
        item.append(after.wrapper, relax.wrapper, remove);
        return item;
      }),
    );
  }
}

/** The callback policy, with the callback-offer threshold (empty: callbacks are never offered first). */
class PolicyFields {
  readonly fieldset = make('fieldset', undefined, { 'data-field': 'callbackPolicy' });
  private readonly enabled: HTMLInputElement;
  private readonly inputs: Record<string, HTMLInputElement> = {};

  constructor(policy: CallbackPolicy | undefined) {
    this.fieldset.append(make('legend', 'Callbacks'));
    const enabled = checkField(
      'policy',
      'callbackPolicy.enabled',
      'Callers may ask to be called back',
      policy?.enabled ?? true,
    );
    this.enabled = enabled.input;
    const fields: [keyof CallbackPolicy, string, number | null | undefined, string?][] = [
      [
        'offerAfterWaitSeconds',
        'Offer a callback first past an estimated wait of, seconds',
        policy ? policy.offerAfterWaitSeconds : 300,
        'Empty: never offered first.',
      ],
      ['maxAttempts', 'Attempts (1-10)', policy?.maxAttempts],
      ['initialDelaySeconds', 'First attempt after, seconds', policy?.initialDelaySeconds],
      ['expireAfterHours', 'Expires after open hours (1-720)', policy?.expireAfterHours],
      ['defaultPromiseMinutes', 'Promise when nobody is on duty, minutes', policy?.defaultPromiseMinutes],
    ];
    const row = make('div', undefined, { class: 'row' });
    for (const [key, label, value, hint] of fields) {
      const field = numberField('policy', `callbackPolicy.${key}`, label, value, hint);
      this.inputs[key] = field.input;
      row.append(field.wrapper);
    }
    const delays = textField(
      'policy',
      'callbackPolicy.retryDelaysSeconds',
      'Retry spacing, seconds',
      policy?.retryDelaysSeconds.join(', ') ?? '',
      {
        hint: 'Between attempts, separated by commas; the last repeats. Empty: the default.',
      },
    );
    this.inputs.retryDelaysSeconds = delays.input;
    row.append(delays.wrapper);
    this.fieldset.append(enabled.wrapper, row);
  }

  read(problems: Problems): Record<string, unknown> {
    const int = (key: string) => problems.take(`callbackPolicy.${key}`, readInteger(this.inputs[key].value));
    const offer = this.inputs.offerAfterWaitSeconds.value.trim();
    const delays = splitList(this.inputs.retryDelaysSeconds.value).map((delay, index) =>
      problems.take(`callbackPolicy.retryDelaysSeconds.${index}`, readInteger(delay)),
    );
    return {
      enabled: this.enabled.checked,
      offerAfterWaitSeconds: offer === '' ? null : int('offerAfterWaitSeconds'),
      maxAttempts: int('maxAttempts'),
      initialDelaySeconds: int('initialDelaySeconds'),
      retryDelaysSeconds: delays.length > 0 ? delays : undefined,
      expireAfterHours: int('expireAfterHours'),
      defaultPromiseMinutes: int('defaultPromiseMinutes'),
    };
  }
}

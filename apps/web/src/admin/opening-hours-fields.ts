import { make } from '../shared/dom';
import { checkField, fieldId, textField } from './form-kit';
import { Problems, formatRanges, parseRanges, type OpeningRange } from './form-values';

/*
 * A queue's opening hours in its definition form: always open, or weekly ranges per day (a day left empty is closed)
 * and closures such as public holidays (from, to, both included, with an optional reason). Local to the helpline's
 * time zone. The server checks times, order and overlaps and names each problem's day or closure.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface Closure {
  from: string;
  to: string;
  reason?: string;
}

export interface OpeningHoursValue {
  weekly: Partial<Record<(typeof WEEKDAYS)[number], OpeningRange[]>>;
  closures?: Closure[];
}

export class OpeningHoursFields {
  readonly fieldset = make('fieldset', undefined, { 'data-field': 'openingHours' });
  private readonly alwaysOpen: HTMLInputElement;
  private readonly days = new Map<(typeof WEEKDAYS)[number], HTMLInputElement>();
  private readonly closuresBox = make('fieldset', undefined, { 'data-field': 'openingHours.closures' });
  private readonly closureList = make('ol', undefined, { class: 'plain-list step-list' });
  private closures: Closure[] = [];
  private readonly details = make('div');

  constructor(current: (OpeningHoursValue & { timeZone?: string }) | null, timeZone: string) {
    this.fieldset.append(make('legend', 'Opening hours and holidays'));
    this.fieldset.append(make('p', `Local time of the helpline (${timeZone}).`, { class: 'hint' }));
    const always = checkField('hours', 'openingHours.alwaysOpen', 'Always open', current === null);
    this.alwaysOpen = always.input;
    this.alwaysOpen.addEventListener('change', () => this.showDetails());
    this.fieldset.append(always.wrapper, this.details);

    const weekly = make('div', undefined, { class: 'row week' });
    for (const day of WEEKDAYS) {
      const field = textField(
        'hours',
        `openingHours.weekly.${day}`,
        DAY_NAMES[day],
        formatRanges(current?.weekly[day]),
        {
          attributes: { placeholder: 'closed' },
        },
      );
      this.days.set(day, field.input);
      weekly.append(field.wrapper);
    }
    this.details.append(
      make('p', 'Each day: ranges such as 08:00-16:00, 18:00-24:00. Leave a day empty to close it.', { class: 'hint' }),
      weekly,
    );

    this.closuresBox.append(make('legend', 'Closures (holidays)'), this.closureList);
    const add = make('button', 'Add closure', { type: 'button' });
    add.addEventListener('click', () => {
      this.closures = [...this.readClosures(), { from: '', to: '' }];
      this.renderClosures(this.closures.length - 1);
    });
    this.closuresBox.append(add);
    this.details.append(this.closuresBox);
    this.closures = current?.closures ?? [];
    this.renderClosures();
    this.showDetails();
  }

  /** The opening hours to send: null when always open. */
  read(problems: Problems): OpeningHoursValue | null {
    if (this.alwaysOpen.checked) return null;
    const weekly: OpeningHoursValue['weekly'] = {};
    for (const [day, input] of this.days) {
      const ranges = problems.take(`openingHours.weekly.${day}`, parseRanges(input.value));
      if (ranges && ranges.length > 0) weekly[day] = ranges;
    }
    return { weekly, closures: this.readClosures() };
  }

  private showDetails(): void {
    this.details.hidden = this.alwaysOpen.checked;
  }

  private readClosures(): Closure[] {
    return [...this.closureList.querySelectorAll<HTMLElement>('li')].map((item) => {
      const value = (name: string) => item.querySelector<HTMLInputElement>(`[data-part="${name}"]`)!.value.trim();
      const reason = value('reason');
      return { from: value('from'), to: value('to'), ...(reason ? { reason } : {}) };
    });
  }

  private renderClosures(focusIndex?: number): void {
    this.closureList.replaceChildren(
      ...this.closures.map((closure, index) => {
        const item = make('li', undefined, { class: 'row step' });
        const path = `openingHours.closures.${index}`;
        const from = textField('closure', `${path}.from`, `Closure ${index + 1} from`, closure.from, {
          attributes: { type: 'date', 'data-part': 'from' },
        });
        const to = textField('closure', `${path}.to`, `Closure ${index + 1} to`, closure.to, {
          attributes: { type: 'date', 'data-part': 'to' },
        });
        const reason = textField('closure', `${path}.reason`, `Closure ${index + 1} reason`, closure.reason ?? '', {
          attributes: { 'data-part': 'reason', maxlength: '100' },
        });
        const remove = make('button', `Remove closure ${index + 1}`, {
          type: 'button',
          id: fieldId('closure', 'remove'),
        });
        remove.addEventListener('click', () => {
          this.closures = this.readClosures().filter((_, other) => other !== index);
          this.renderClosures();
        });
        item.append(from.wrapper, to.wrapper, reason.wrapper, remove);
        return item;
      }),
    );
    if (focusIndex !== undefined) this.closureList.querySelectorAll('input')[focusIndex * 3]?.focus();
  }
}

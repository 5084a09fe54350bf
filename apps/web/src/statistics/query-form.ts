import {
  DEFAULT_CONTRIBUTION_BOUND,
  MAX_DIMENSIONS,
  STATISTICS_DIMENSIONS,
  STATISTICS_MEASURES,
  type StatisticsDimension,
  type StatisticsGrain,
  type StatisticsMeasure,
  type StatisticsQuery,
  type StatisticsReport,
} from '@tuki/contracts';
import { element, make, show } from '../shared/dom';
import type { StatisticsClient } from './client';
import { DIMENSION_LABELS, MEASURE_LABELS } from './labels';
import { PERIOD_EXAMPLE, PERIOD_PATTERN, periodOf } from './periods';

/** What GET /statistics/settings answers. */
export interface StatisticsSettingsView {
  grain: StatisticsGrain;
  epsilonBudgetPerPeriod: number;
  defaultK: number;
}

interface BudgetView {
  period: string;
  spent: number;
  budget: number;
  remaining: number;
}

/** The standard report's tables and measure (contacts): the server's plan, restated to estimate its charge. */
const CHI_TABLES = 4;
const CHI_MEASURES: StatisticsMeasure[] = ['contacts'];
/** Wait this long after the last keystroke in a period before asking for the budget. */
const BUDGET_DEBOUNCE_MS = 300;

/** A problem the page finds before asking the server (an empty field): shown like the server's own refusals. */
class FormProblem extends Error {}

/**
 * The query form: periods in the helpline's one grain, up to three dimensions (a fourth cannot be ticked), measures,
 * k and the contribution bound, and differential privacy with the budget left for the chosen periods. The server
 * decides whether a query is valid; its 4xx sentence is shown beside the form.
 */
export class QueryForm {
  private readonly form = element<HTMLFormElement>('query');
  private readonly from = element<HTMLInputElement>('from');
  private readonly to = element<HTMLInputElement>('to');
  private readonly k = element<HTMLInputElement>('k');
  private readonly bound = element<HTMLInputElement>('bound');
  private readonly dp = element<HTMLInputElement>('dp');
  private readonly epsilon = element<HTMLInputElement>('epsilon');
  private readonly error = element('query-error');
  private readonly dimensionBoxes = new Map<StatisticsDimension, HTMLInputElement>();
  private readonly measureBoxes = new Map<StatisticsMeasure, HTMLInputElement>();
  private settings: StatisticsSettingsView | undefined;
  private budgetTimer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest budget request is shown: an older one may arrive last. */
  private budgetAsked = 0;
  private sending = false;

  constructor(
    private readonly client: StatisticsClient,
    private readonly submit: (report: StatisticsReport, query: StatisticsQuery) => Promise<void>,
  ) {
    for (const dimension of STATISTICS_DIMENSIONS) {
      this.dimensionBoxes.set(
        dimension,
        this.choice('dimensions', `dimension-${dimension}`, DIMENSION_LABELS[dimension]),
      );
    }
    for (const measure of STATISTICS_MEASURES) {
      const box = this.choice('measures', `measure-${measure}`, MEASURE_LABELS[measure]);
      box.checked = true;
      this.measureBoxes.set(measure, box);
    }
    element('dimensions').addEventListener('change', () => this.limitDimensions());
    element('measures').addEventListener('change', () => this.showCharge());
    this.dp.addEventListener('change', () => {
      show(element('dp-fields'), this.dp.checked);
      this.refreshBudget();
    });
    this.epsilon.addEventListener('input', () => this.showCharge());
    for (const input of [this.from, this.to]) input.addEventListener('input', () => this.refreshBudget());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send('custom');
    });
    element('chi').addEventListener('click', () => void this.send('chi'));
    this.limitDimensions();
  }

  /** Shapes the form for the helpline: its grain's inputs, its default k. */
  configure(settings: StatisticsSettingsView): void {
    this.settings = settings;
    const grain = settings.grain;
    element('grain').textContent =
      `This helpline counts by ${grain}` +
      (grain === 'week' ? ' (ISO weeks, Monday to Sunday).' : '.') +
      ` Each period has a privacy budget of ${settings.epsilonBudgetPerPeriod}.`;
    const now = periodOf(new Date(), grain);
    for (const input of [this.from, this.to]) {
      // A month picker where the browser has one (its value is `2026-03`); ISO weeks are typed, as `2026-W10`.
      input.type = grain === 'month' ? 'month' : 'text';
      input.pattern = PERIOD_PATTERN[grain];
      input.placeholder = PERIOD_EXAMPLE[grain];
      input.value = now;
    }
    element('period-hint').textContent =
      grain === 'month'
        ? `Months, such as ${PERIOD_EXAMPLE.month}.`
        : `ISO weeks, such as ${PERIOD_EXAMPLE.week}. The helpline never mixes weeks and months.`;
    this.k.value = String(settings.defaultK);
    this.bound.value = String(DEFAULT_CONTRIBUTION_BOUND);
    this.showError(null);
    this.refreshBudget();
  }

  showError(text: string | null): void {
    this.error.textContent = text ?? '';
    show(this.error, text !== null);
  }

  private choice(container: string, id: string, text: string): HTMLInputElement {
    const box = make('input', undefined, { type: 'checkbox', id, name: container });
    const wrapper = make('div', undefined, { class: 'choice' });
    wrapper.append(box, make('label', text, { for: id }));
    element(container).append(wrapper);
    return box;
  }

  /** Three dimensions at most: once three are ticked, the others cannot be, and the count says why. */
  private limitDimensions(): void {
    const chosen = this.chosenDimensions().length;
    for (const box of this.dimensionBoxes.values()) box.disabled = !box.checked && chosen >= MAX_DIMENSIONS;
    element('dimensions-count').textContent =
      chosen >= MAX_DIMENSIONS
        ? `${chosen} of ${MAX_DIMENSIONS} chosen: untick one to choose another.`
        : `${chosen} of ${MAX_DIMENSIONS} chosen.` + (chosen === 0 ? ' None: one total per period.' : '');
  }

  private chosenDimensions(): StatisticsDimension[] {
    return [...this.dimensionBoxes].filter(([, box]) => box.checked).map(([dimension]) => dimension);
  }

  private chosenMeasures(): StatisticsMeasure[] {
    return [...this.measureBoxes].filter(([, box]) => box.checked).map(([measure]) => measure);
  }

  private read(report: StatisticsReport): StatisticsQuery {
    const from = this.from.value.trim();
    const to = this.to.value.trim();
    if (!from || !to) throw new FormProblem(`Give both periods, from and to (such as ${this.example()}).`);
    const k = this.integer(this.k, 'k');
    const contributionBound = this.integer(this.bound, 'The contribution bound');
    const query: StatisticsQuery = { from, to, dimensions: [], k, contributionBound };
    if (report === 'custom') {
      const measures = this.chosenMeasures();
      if (measures.length === 0) throw new FormProblem('Choose at least one measure.');
      query.dimensions = this.chosenDimensions();
      query.measures = measures;
    }
    if (this.dp.checked) {
      const epsilon = Number(this.epsilon.value);
      if (!this.epsilon.value || !Number.isFinite(epsilon)) throw new FormProblem('Epsilon must be a number.');
      query.epsilon = epsilon;
    }
    return query;
  }

  private integer(input: HTMLInputElement, name: string): number {
    const value = Number(input.value);
    if (!input.value || !Number.isInteger(value)) throw new FormProblem(`${name} must be a whole number.`);
    return value;
  }

  private example(): string {
    return PERIOD_EXAMPLE[this.settings?.grain ?? 'month'];
  }

  private async send(report: StatisticsReport): Promise<void> {
    if (this.sending) return;
    let query: StatisticsQuery;
    try {
      query = this.read(report);
    } catch (error) {
      if (!(error instanceof FormProblem)) throw error;
      return this.showError(error.message);
    }
    this.sending = true;
    const buttons = this.form.querySelectorAll('button');
    buttons.forEach((button) => (button.disabled = true));
    try {
      await this.submit(report, query);
      this.showError(null);
      this.refreshBudget();
    } catch (error) {
      // The server's 4xx sentence (a bad range, an overspent budget): it holds no personal data.
      this.showError((error as Error).message);
    } finally {
      this.sending = false;
      buttons.forEach((button) => (button.disabled = false));
    }
  }

  /**
   * The epsilon this export would take from each period: epsilon for each measure noised, callers always among them,
   * for each table (the server's rule, restated so the analyst sees the cost before the export is refused).
   */
  private showCharge(): void {
    const epsilon = Number(this.epsilon.value);
    const charge = element('charge');
    if (!this.epsilon.value || !Number.isFinite(epsilon) || epsilon <= 0) {
      charge.textContent = '';
      return;
    }
    const cost = (measures: StatisticsMeasure[], tables: number) =>
      Math.round(epsilon * 1000 * new Set([...measures, 'callers']).size * tables) / 1000;
    charge.textContent =
      `This export would spend ${cost(this.chosenMeasures(), 1)} of each period’s budget ` +
      `(the standard report ${cost(CHI_MEASURES, CHI_TABLES)}).`;
  }

  private refreshBudget(): void {
    clearTimeout(this.budgetTimer);
    this.showCharge();
    if (!this.dp.checked || !this.settings) return;
    this.budgetTimer = setTimeout(() => void this.loadBudget(), BUDGET_DEBOUNCE_MS);
  }

  private async loadBudget(): Promise<void> {
    const status = element('budget-status');
    const list = element('budget-list');
    const from = this.from.value.trim();
    const to = this.to.value.trim();
    const asked = ++this.budgetAsked;
    if (!from || !to) {
      status.textContent = 'Choose the periods to see their budget.';
      list.replaceChildren();
      return;
    }
    try {
      const budget = await this.client.call<BudgetView[]>(
        'GET',
        `/statistics/budget?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      if (asked !== this.budgetAsked) return;
      const least = Math.min(...budget.map((period) => period.remaining));
      status.textContent = `At most ${least} left in the chosen periods.`;
      list.replaceChildren(
        ...budget.map((period) =>
          make('li', `${period.period}: ${period.remaining} of ${period.budget} left (${period.spent} spent)`),
        ),
      );
    } catch (error) {
      if (asked !== this.budgetAsked) return;
      status.textContent = `Budget unknown: ${(error as Error).message}`;
      list.replaceChildren();
    }
  }
}

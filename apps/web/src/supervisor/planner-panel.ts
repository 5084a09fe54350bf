import type { PlanReportView, PlanView, PlannerScenarioView } from '@tuki/contracts';
import { ApiError, api, make, show } from '../shared/dom';
import { formatDuration, formatPercent } from './format';
import { renderPlanChart } from './planner-chart';
import {
  JUDGED_FROM_ARRIVALS,
  hourLabel,
  planStatusText,
  reportFileName,
  scenarioHint,
  staffingDays,
  summaryFigures,
  type SummaryFigure,
} from './planner-format';

/*
 * "Rehearse a surge": the supervisor picks a shipped scenario, asks for the staffing answer or not, and runs it. The
 * plan runs on a worker (POST /planner/plans); the panel follows it (GET /planner/plans/:id) with a progress bar and a
 * polite live region that speaks once per change, then shows the summary, the hourly chart, the staffing answer per
 * language and a download of the whole report. The panel builds its own markup inside the page's #planner section.
 */

/** How often a running plan is asked about. */
const POLL_MS = 1000;
/** After a failed poll (network, a deploy), ask again this much later. */
const RETRY_MS = 3000;
/** An object URL lives this long after its download starts, then is revoked (the file is the browser's by then). */
const REVOKE_AFTER_MS = 60_000;

export class PlannerPanel {
  private readonly select = make('select', undefined, {
    id: 'planner-scenario',
    'aria-describedby': 'planner-scenario-hint',
  });
  private readonly scenarioHint = make('p', '', { id: 'planner-scenario-hint', class: 'hint' });
  private readonly staffing = make('input', undefined, {
    type: 'checkbox',
    id: 'planner-staffing',
    'aria-describedby': 'planner-staffing-hint',
  });
  private readonly run = make('button', 'Run', { type: 'submit', id: 'planner-run' });
  private readonly progress = make('progress', undefined, {
    id: 'planner-progress',
    max: '100',
    'aria-label': 'Plan progress',
  });
  private readonly status = make('p', '', { id: 'planner-status', class: 'planner-status', role: 'status' });
  private readonly result = make('div', undefined, { id: 'planner-result', class: 'planner-result' });
  private scenarios: PlannerScenarioView[] = [];
  private following: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly token: () => string,
  ) {
    const form = make('form', undefined, { id: 'planner-form', class: 'planner-form' });
    const chooser = make('div', undefined, { class: 'planner-field' });
    chooser.append(make('label', 'Scenario', { for: 'planner-scenario' }), this.select);
    const check = make('div', undefined, { class: 'planner-check' });
    check.append(this.staffing, make('label', 'Find the staffing that holds the target', { for: 'planner-staffing' }));
    form.append(
      chooser,
      this.scenarioHint,
      check,
      make('p', 'Plays the scenario again with more or fewer agents each hour: up to half a minute more.', {
        id: 'planner-staffing-hint',
        class: 'hint',
      }),
      this.run,
    );
    const progressBox = make('div', undefined, { class: 'planner-progress' });
    progressBox.append(this.progress, this.status);
    show(this.progress, false);
    show(this.result, false);
    this.root.append(
      make(
        'p',
        'Plays a scenario on a virtual clock through Tuki’s own routing rules: nothing reaches the live queues.',
        {
          class: 'hint',
        },
      ),
      form,
      progressBox,
      this.result,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    this.select.addEventListener('change', () => this.describeChoice());
  }

  /** After sign-in: the shipped scenarios into the chooser. */
  async load(): Promise<void> {
    try {
      this.scenarios = await api<PlannerScenarioView[]>('GET', '/planner/scenarios', this.token());
    } catch (error) {
      this.say(`The scenarios could not be read: ${(error as Error).message}`);
      return;
    }
    this.select.replaceChildren(
      ...this.scenarios.map((scenario) => make('option', scenario.name, { value: scenario.name })),
    );
    this.describeChoice();
  }

  /** On sign-out: stop following and forget what was shown. */
  clear(): void {
    clearTimeout(this.timer);
    this.following = undefined;
    this.scenarios = [];
    this.select.replaceChildren();
    this.scenarioHint.textContent = '';
    this.run.disabled = false;
    show(this.progress, false);
    show(this.result, false);
    this.result.replaceChildren();
    this.status.textContent = '';
  }

  private describeChoice(): void {
    const chosen = this.scenarios.find((scenario) => scenario.name === this.select.value);
    this.scenarioHint.textContent = chosen ? scenarioHint(chosen) : '';
  }

  private async start(): Promise<void> {
    if (this.following || !this.select.value) return;
    this.run.disabled = true;
    show(this.result, false);
    try {
      const { id } = await api<{ id: string }>('POST', '/planner/plans', this.token(), {
        scenario: this.select.value,
        staffing: this.staffing.checked,
      });
      this.follow(id);
    } catch (error) {
      const running = error instanceof ApiError && error.status === 409 ? error.details?.planId : undefined;
      if (typeof running === 'string') {
        this.say('Another plan of this helpline is running: following it.');
        this.follow(running);
        return;
      }
      this.run.disabled = false;
      this.say(`The plan was not started: ${(error as Error).message}`);
    }
  }

  private follow(id: string): void {
    this.following = id;
    this.setProgress(0);
    show(this.progress, true);
    this.poll(id, 0);
  }

  private poll(id: string, delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      api<PlanView>('GET', `/planner/plans/${id}`, this.token()).then(
        (plan) => {
          if (this.following !== id) return;
          this.say(planStatusText(plan));
          this.setProgress(plan.progress);
          if (plan.state === 'done' || plan.state === 'failed') return this.finish(plan);
          this.poll(id, POLL_MS);
        },
        (error: unknown) => {
          if (this.following !== id) return;
          this.say(`The plan’s state could not be read (${(error as Error).message}): asking again.`);
          this.poll(id, RETRY_MS);
        },
      );
    }, delay);
  }

  private finish(plan: PlanView): void {
    this.following = undefined;
    this.run.disabled = false;
    show(this.progress, false);
    if (plan.state !== 'done' || !plan.report) return;
    const surge = this.scenarios.find((scenario) => scenario.name === plan.scenario)?.surge ?? null;
    this.showReport(plan, plan.report, surge);
  }

  /** Writes the live region only when its words change, so a screen reader hears each change once. */
  private say(text: string): void {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  /** A bar with no value is indeterminate: the first run of a plan reports no progress of its own. */
  private setProgress(percent: number): void {
    if (percent > 0) this.progress.value = percent;
    else this.progress.removeAttribute('value');
  }

  private showReport(plan: PlanView, report: PlanReportView, surge: { atHour: number } | null): void {
    const chart = make('div', undefined, { id: 'planner-chart', class: 'chart-box' });
    const legend = make('p', undefined, { class: 'legend' });
    legend.append(
      make('span', undefined, { class: 'key key-arrivals' }),
      ' Arrivals per hour (bars, left axis) ',
      make('span', undefined, { class: 'key key-service-level' }),
      ` Service level (line, right axis; hours of ${JUDGED_FROM_ARRIVALS} or more arrivals) `,
      make('span', undefined, { class: 'key key-target' }),
      ` Target, ${formatPercent(report.target.serviceLevel)} in ${report.target.answerWithinSeconds} s`,
    );
    const download = make('button', 'Download the report (JSON)', { type: 'button', id: 'planner-download' });
    download.addEventListener('click', () => downloadReport(plan, report));
    this.result.replaceChildren(
      make('h3', `${report.scenario.name}: ${report.hours.length} hours with the scenario’s own agents`),
      figureList('planner-summary', summaryFigures(report)),
      make('h3', 'Service level and arrivals per hour', { id: 'planner-chart-title' }),
      legend,
      chart,
      ...(report.staffing ? this.staffingAnswer(report, surge) : []),
      download,
    );
    show(this.result, true);
    renderPlanChart(chart, report);
  }

  private staffingAnswer(report: PlanReportView, surge: { atHour: number } | null): HTMLElement[] {
    const staffing = report.staffing!;
    const languages = staffing.byLanguage;
    const held = staffing.summary;
    const verdict = staffing.met
      ? 'With these agents the target held in every hour judged'
      : 'Even with these agents some hours missed the target';
    const peaks = table(
      'Peak agents needed by language',
      ['Language', 'Peak agents'],
      languages.map((language) => [language.language, String(language.peak)]),
    );
    const days = staffingDays(report, surge).map((day) =>
      table(
        `Agents needed per hour, ${day.label}`,
        ['Hour', ...languages.map((language) => language.language)],
        day.hours.map((hour) => [
          hourLabel(report.hours[hour].startsAt),
          ...languages.map((language) => String(language.perHour[hour] ?? '—')),
        ]),
      ),
    );
    const dayBox = make('div', undefined, { class: 'planner-days' });
    dayBox.append(...days);
    return [
      make('h3', 'Staffing that holds the target', { id: 'planner-staffing-title' }),
      make(
        'p',
        `${verdict}: ${formatPercent(held.serviceLevel)} answered within ${staffing.target.answerWithinSeconds} s, ` +
          `mean wait ${formatDuration(held.meanWaitSeconds)}, ${formatPercent(held.abandonment, 1)} abandoned.`,
        { id: 'planner-staffing-verdict' },
      ),
      peaks,
      make('h4', surge ? 'The surge days, hour by hour' : 'The busiest day, hour by hour'),
      dayBox,
    ];
  }
}

/** The summary as tiles (the live tiles' look), as a description list's terms and values for assistive technology. */
function figureList(id: string, figures: SummaryFigure[]): HTMLElement {
  const list = make('dl', undefined, { id, class: 'tiles planner-summary' });
  for (const figure of figures) {
    const tile = make('div', undefined, { class: 'tile', 'data-key': figure.key });
    if (figure.status) tile.setAttribute('data-status', figure.status);
    tile.append(
      make('dt', figure.label, { class: 'tile-label' }),
      make('dd', figure.value, { class: 'tile-value' }),
      make('dd', figure.caption, { class: 'tile-caption' }),
    );
    list.append(tile);
  }
  return list;
}

/** A table in a scrollable, focusable region named by its caption. */
function table(caption: string, headers: string[], rows: string[][]): HTMLElement {
  const wrap = make('div', undefined, { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' });
  const element = make('table');
  const head = make('tr');
  head.append(...headers.map((header) => make('th', header, { scope: 'col' })));
  const body = make('tbody');
  for (const [first, ...rest] of rows) {
    const row = make('tr');
    row.append(make('th', first, { scope: 'row' }), ...rest.map((cell) => make('td', cell)));
    body.append(row);
  }
  const thead = make('thead');
  thead.append(head);
  element.append(make('caption', caption), thead, body);
  wrap.append(element);
  return wrap;
}

/** The whole report as a JSON file, from memory: the token never goes into a link. */
function downloadReport(plan: PlanView, report: PlanReportView): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
  const link = make('a', undefined, { href: url, download: reportFileName(plan), hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

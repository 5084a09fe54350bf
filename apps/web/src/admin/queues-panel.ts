import { make } from '../shared/dom';
import { actionButton, save } from './form-kit';
import { formatRanges } from './form-values';
import type { AdminPanel, PanelContext } from './panel';
import { STRATEGY_WORDS, queueForm, type QueueView } from './queue-form';
import { runningThresholdsForm, surgeThresholdsForm, type SurgeThresholds } from './queue-thresholds';
import { WEEKDAYS } from './opening-hours-fields';

/*
 * Queues: the helpline's routing queues. Admins define them (everything, opening hours and holidays included);
 * supervisors and admins open and close them and set their thresholds while they run; supervisors see definitions
 * read-only. Routing reads definitions from the record at each decision and a change wakes idle agents, so a saved
 * change counts at once on every server.
 */

class QueuesPanel {
  private queues: QueueView[] = [];
  private timeZone = 'UTC';
  private readonly body = make('tbody');
  private readonly editor = make('div', undefined, { class: 'editor-area' });
  private readonly isAdmin: boolean;

  constructor(
    private readonly root: HTMLElement,
    private readonly context: PanelContext,
  ) {
    this.isAdmin = context.roles.includes('admin');
  }

  async start(): Promise<void> {
    const table = make('table', undefined, { class: 'queues-table' });
    const head = make('tr');
    for (const title of [
      'Queue',
      'Languages',
      'State',
      'Answer target',
      'Offer timeout',
      'Callback offered after',
      'Actions',
    ]) {
      head.append(make('th', title, { scope: 'col' }));
    }
    const thead = make('thead');
    thead.append(head);
    table.append(make('caption', 'Routing queues'), thead, this.body);
    const wrap = make('div', undefined, {
      class: 'table-wrap',
      tabindex: '0',
      role: 'region',
      'aria-label': 'Routing queues',
    });
    wrap.append(table);
    this.root.append(wrap);
    // Supervisors open and close queues from the dashboard too: the list can be read again at any time.
    const reload = make('button', 'Reload queues', { type: 'button' });
    reload.addEventListener('click', () => {
      this.load().then(
        () => this.context.announce('Queues reloaded.'),
        (error: Error) => this.context.announce(`The queues could not be read: ${error.message}`),
      );
    });
    const actions = make('div', undefined, { class: 'actions' });
    if (this.isAdmin) {
      const create = make('button', 'New queue', { type: 'button', class: 'primary' });
      create.addEventListener('click', () => this.openDefinition(undefined));
      actions.append(create);
    }
    actions.append(reload);
    this.root.append(actions);
    if (!this.isAdmin) {
      this.root.append(
        make('p', 'Queue definitions are set by admins: you can open and close queues and set their thresholds.', {
          class: 'hint',
        }),
      );
    }
    this.root.append(this.editor);
    const [helpline] = await Promise.all([this.context.request<{ timeZone: string }>('GET', '/helpline'), this.load()]);
    this.timeZone = helpline.timeZone;
  }

  private async load(): Promise<void> {
    this.queues = await this.context.request<QueueView[]>('GET', '/routing-queues');
    this.body.replaceChildren(...this.queues.map((queue) => this.row(queue)));
  }

  private row(queue: QueueView): HTMLTableRowElement {
    const row = make('tr', undefined, { 'data-queue': queue.name });
    const offer = queue.callbackPolicy.offerAfterWaitSeconds;
    row.append(
      make('th', queue.name, { scope: 'row' }),
      make('td', queue.languages.join(', ')),
      make('td', queue.open ? 'Open' : 'Closed'),
      make('td', `${queue.targetAnswerPercent} % within ${queue.targetAnswerSeconds} s`),
      make('td', `${queue.offerTimeoutSeconds} s`),
      make(
        'td',
        !queue.callbackPolicy.enabled ? 'No callbacks' : offer === null ? 'Never offered first' : `${offer} s`,
      ),
    );
    const actions = make('td', undefined, { class: 'row-actions' });
    actions.append(
      actionButton(queue.open ? 'Close' : 'Open', queue.name, () => void this.setOpen(queue, !queue.open)),
      actionButton('Thresholds', queue.name, () => void this.openThresholds(queue)),
      actionButton(this.isAdmin ? 'Edit definition' : 'Definition', queue.name, () =>
        this.isAdmin ? this.openDefinition(queue) : this.showDefinition(queue),
      ),
    );
    row.append(actions);
    return row;
  }

  private show(content: HTMLElement, heading: HTMLElement): void {
    this.editor.replaceChildren(content);
    heading.focus();
  }

  private close(): void {
    this.editor.replaceChildren();
  }

  private async setOpen(queue: QueueView, open: boolean): Promise<void> {
    try {
      await this.context.request('PATCH', `/routing-queues/${queue.id}`, { open });
      await this.load();
      this.context.announce(`${queue.name} ${open ? 'opened' : 'closed'}.`);
    } catch (error) {
      this.context.announce(`Not done: ${(error as Error).message}`);
    }
  }

  private openDefinition(queue: QueueView | undefined): void {
    const others = this.queues.filter((other) => other.id !== queue?.id);
    const editor = queueForm(
      queue,
      others,
      this.timeZone,
      (form) =>
        void save(form, this.context.announce, async () => {
          const body = editor.read();
          const saved = queue
            ? await this.context.request<QueueView>('PUT', `/routing-queues/${queue.id}`, body)
            : await this.context.request<QueueView>('POST', '/routing-queues', body);
          await this.load();
          this.close();
          this.context.announce(`Queue ${saved.name} ${queue ? 'saved' : 'created'}.`);
        }),
      () => this.close(),
    );
    this.show(editor.form, editor.heading);
  }

  private async openThresholds(queue: QueueView): Promise<void> {
    let surge: SurgeThresholds;
    try {
      surge = await this.context.request<SurgeThresholds>('GET', `/supervision/surge-thresholds/${queue.id}`);
    } catch (error) {
      this.context.announce(`The thresholds could not be read: ${(error as Error).message}`);
      return;
    }
    const running = runningThresholdsForm(
      queue,
      (form) =>
        void save(form, this.context.announce, async () => {
          await this.context.request('PATCH', `/routing-queues/${queue.id}`, running.read());
          await this.load();
          this.context.announce(`Thresholds of ${queue.name} saved.`);
        }),
    );
    const levels = surgeThresholdsForm(
      queue,
      surge,
      (form) =>
        void save(form, this.context.announce, async () => {
          await this.context.request('PUT', `/supervision/surge-thresholds/${queue.id}`, levels.read());
          this.context.announce(`Surge levels of ${queue.name} saved.`);
        }),
    );
    const box = make('div', undefined, { class: 'thresholds' });
    const done = make('button', 'Close thresholds', { type: 'button' });
    done.addEventListener('click', () => this.close());
    box.append(running.form, levels.form, done);
    this.show(box, running.heading);
  }

  /** A supervisor's read-only view of a definition. */
  private showDefinition(queue: QueueView): void {
    const box = make('div', undefined, { class: 'definition' });
    const heading = make('h3', `Definition of ${queue.name}`, { tabindex: '-1' });
    const list = make('dl');
    const overflowTo = this.queues.find((other) => other.id === queue.overflowQueueId);
    const hours = queue.openingHours;
    const entries: [string, string][] = [
      ['Languages', queue.languages.join(', ')],
      [
        'Required skills',
        Object.entries(queue.requiredSkills)
          .map(([skill, level]) => `${skill} ${level}`)
          .join(', ') || 'None',
      ],
      ['Strategy', STRATEGY_WORDS[queue.strategy] ?? queue.strategy],
      ['Waiting worth one priority level', `${queue.ageingSeconds} s`],
      ['Overflow', overflowTo ? `to ${overflowTo.name} after ${queue.maxWaitSeconds} s` : 'None'],
      [
        'Widening',
        queue.widening
          .map(
            (step) =>
              `after ${step.afterSeconds} s: ${step.relaxBy === 'any' ? 'any agent' : `minimums −${step.relaxBy}`}`,
          )
          .join('; ') || 'None',
      ],
      [
        'Opening hours',
        hours
          ? WEEKDAYS.map((day) => `${day} ${formatRanges(hours.weekly[day]) || 'closed'}`).join('; ') +
            ` (${hours.timeZone})`
          : 'Always open',
      ],
      [
        'Closures',
        hours?.closures?.map((c) => `${c.from} to ${c.to}${c.reason ? ` (${c.reason})` : ''}`).join('; ') || 'None',
      ],
    ];
    for (const [term, value] of entries) list.append(make('dt', term), make('dd', value));
    const done = make('button', 'Close definition', { type: 'button' });
    done.addEventListener('click', () => this.close());
    box.append(heading, list, done);
    this.show(box, heading);
  }
}

export const queuesPanel: AdminPanel = {
  id: 'queues',
  title: 'Queues',
  roles: ['admin', 'supervisor'],
  mount: (root, context) => new QueuesPanel(root, context).start(),
};

import type { AgentBoardEntry } from '@tuki/contracts';
import { make } from '../shared/dom';
import { actionsFor, stateWords, type AgentAction } from './agent-actions';
import { formatDuration, secondsSince } from './format';
import { setAttribute, setText, syncKeyed } from './keyed-rows';

/*
 * Who is on the floor and in what state. The snapshot has agent ids only; names come from the staff list (display
 * names, nothing else of the person is kept by the page).
 */

export type ChangeAgentState = (agentId: string, body: AgentAction['body']) => Promise<void>;

interface RowNodes {
  name: HTMLElement;
  state: HTMLElement;
  since: HTMLElement;
  languages: HTMLElement;
  form: HTMLFormElement;
  select: HTMLSelectElement;
  label: HTMLElement;
  none: HTMLElement;
}

/** Busy agents first: those are the ones a supervisor looks for during a surge. */
const ORDER = ['busy', 'wrap-up', 'available', 'away', 'offline'];
const rank = (state: string) => (ORDER.includes(state) ? ORDER.indexOf(state) : ORDER.length);

/** The menu's options, those of a group under an optgroup. */
function menu(actions: readonly AgentAction[]): HTMLElement[] {
  const items: HTMLElement[] = [];
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const action of actions) {
    const option = make('option', action.label, { value: action.value });
    if (!action.group) {
      items.push(option);
      continue;
    }
    let group = groups.get(action.group);
    if (!group) {
      group = make('optgroup', undefined, { label: action.group });
      groups.set(action.group, group);
      items.push(group);
    }
    group.append(option);
  }
  return items;
}

export function agentName(names: ReadonlyMap<string, string>, agentId: string): string {
  return names.get(agentId) ?? `Agent ${agentId.slice(0, 8)}`;
}

export class AgentBoard {
  private readonly rows = new WeakMap<HTMLElement, RowNodes>();

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly change: ChangeAgentState,
  ) {}

  render(agents: readonly AgentBoardEntry[], names: ReadonlyMap<string, string>, serverNow: number): void {
    const ordered = [...agents].sort(
      (a, b) => rank(a.state) - rank(b.state) || agentName(names, a.agentId).localeCompare(agentName(names, b.agentId)),
    );
    syncKeyed(
      this.body,
      ordered,
      (agent) => agent.agentId,
      (agent) => this.createRow(agent.agentId),
      (row, agent) => this.updateRow(row, agent, agentName(names, agent.agentId), serverNow),
    );
  }

  private createRow(agentId: string): HTMLTableRowElement {
    const row = make('tr');
    const name = make('th', undefined, { scope: 'row' });
    const [state, since, languages] = [make('td'), make('td'), make('td')];
    const form = make('form', undefined, { class: 'agent-state' });
    const selectId = `agent-state-${agentId}`;
    const label = make('label', 'New state', { for: selectId, class: 'visually-hidden' });
    const select = make('select', undefined, { id: selectId });
    form.append(label, select, make('button', 'Apply', { type: 'submit' }));
    const none = make('span', '', { class: 'muted' });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = actionsFor(row.dataset.state ?? '', row.dataset.awayReason ?? null).find(
        (action) => action.value === select.value,
      );
      if (chosen) void this.change(agentId, chosen.body);
    });
    const control = make('td');
    control.append(form, none);
    row.append(name, state, since, languages, control);
    this.rows.set(row, { name, state, since, languages, form, select, label, none });
    return row;
  }

  private updateRow(row: HTMLTableRowElement, agent: AgentBoardEntry, name: string, serverNow: number): void {
    const nodes = this.rows.get(row)!;
    row.dataset.state = agent.state;
    if (agent.awayReason) row.dataset.awayReason = agent.awayReason;
    else delete row.dataset.awayReason;
    setText(nodes.name, name);
    setText(nodes.state, stateWords(agent.state, agent.awayReason));
    setAttribute(nodes.state, 'data-agent-state', agent.state);
    setText(nodes.since, formatDuration(secondsSince(agent.since, serverNow)));
    setText(nodes.languages, agent.languages.join(', ') || '—');
    setText(nodes.label, `New state for ${name}`);

    const actions = actionsFor(agent.state, agent.awayReason);
    nodes.form.hidden = actions.length === 0;
    nodes.none.hidden = actions.length > 0;
    setText(nodes.none, agent.state === 'busy' ? 'Not while on a contact' : 'None');
    const values = actions.map((action) => action.value).join(',');
    // Rebuilding the options of a menu the supervisor has open would close it under their pointer.
    if (nodes.select.dataset.values !== values && document.activeElement !== nodes.select) {
      nodes.select.replaceChildren(...menu(actions));
      nodes.select.dataset.values = values;
    }
  }
}

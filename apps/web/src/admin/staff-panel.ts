import { make } from '../shared/dom';
import { actionButton, save } from './form-kit';
import type { AdminPanel, PanelContext } from './panel';
import {
  accountForm,
  newAccountForm,
  profileForm,
  type AgentProfile,
  type Editor,
  type StaffUser,
} from './staff-forms';

/*
 * Staff (admins only): every account of the helpline with its roles, authenticator and status; create an account,
 * change its name and roles, disable or enable it, reset its authenticator, clear its sign-in delay, and set an agent's
 * languages, skills and capacities. One editor below the table at a time; every change is audited by the api.
 */

const ROLE_WORDS: Record<string, string> = {
  agent: 'Agent',
  supervisor: 'Supervisor',
  admin: 'Admin',
  analyst: 'Analyst',
};

class StaffPanel {
  private users: StaffUser[] = [];
  private profiles = new Map<string, AgentProfile>();
  private readonly body = make('tbody');
  private readonly editor = make('div', undefined, { class: 'editor-area' });

  constructor(
    private readonly root: HTMLElement,
    private readonly context: PanelContext,
  ) {}

  async start(): Promise<void> {
    const table = make('table', undefined, { class: 'staff-table' });
    const head = make('tr');
    for (const title of ['Login', 'Name', 'Roles', 'Authenticator', 'Status', 'Routing profile', 'Actions']) {
      head.append(make('th', title, { scope: 'col' }));
    }
    const thead = make('thead');
    thead.append(head);
    table.append(make('caption', 'Staff accounts'), thead, this.body);
    const wrap = make('div', undefined, {
      class: 'table-wrap',
      tabindex: '0',
      role: 'region',
      'aria-label': 'Staff accounts',
    });
    wrap.append(table);
    const create = make('button', 'New account', { type: 'button', class: 'primary' });
    create.addEventListener('click', () => this.openNewAccount());
    // Other admins, and people enrolling their authenticator, change accounts while the page is open.
    const reload = make('button', 'Reload accounts', { type: 'button' });
    reload.addEventListener('click', () => {
      this.load().then(
        () => this.context.announce('Accounts reloaded.'),
        (error: Error) => this.context.announce(`The accounts could not be read: ${error.message}`),
      );
    });
    const actions = make('div', undefined, { class: 'actions' });
    actions.append(create, reload);
    this.root.append(wrap, actions, this.editor);
    await this.load();
  }

  private async load(): Promise<void> {
    const [users, profiles] = await Promise.all([
      this.context.request<StaffUser[]>('GET', '/staff/users'),
      this.context.request<AgentProfile[]>('GET', '/agents'),
    ]);
    this.users = users;
    this.profiles = new Map(profiles.map((profile) => [profile.id, profile]));
    this.render();
  }

  private render(): void {
    this.body.replaceChildren(...this.users.map((user) => this.row(user)));
  }

  private row(user: StaffUser): HTMLTableRowElement {
    const row = make('tr', undefined, { 'data-user': user.login });
    const profile = this.profiles.get(user.id);
    const isAgent = user.roles.includes('agent');
    const profileText = !isAgent
      ? '—'
      : profile
        ? `${profile.languages.join(', ')}; ${
            Object.entries(profile.skills)
              .map(([skill, level]) => `${skill} ${level}`)
              .join(', ') || 'no skills'
          }; calls ${profile.capacity.voice}, chats ${profile.capacity.chat}, callbacks ${profile.capacity.callback}`
        : 'Not set: offered nothing';
    row.append(
      make('td', user.login),
      make('td', user.displayName),
      make('td', user.roles.map((role) => ROLE_WORDS[role] ?? role).join(', ')),
      make('td', user.mfaEnrolled ? 'Set up' : 'Not set up'),
      make('td', user.disabled ? 'Disabled' : 'Active'),
      make('td', profileText),
    );
    const actions = make('td', undefined, { class: 'row-actions' });
    actions.append(actionButton('Edit', user.login, () => this.openAccount(user)));
    if (isAgent) actions.append(actionButton('Profile', user.login, () => this.openProfile(user)));
    actions.append(
      user.disabled
        ? actionButton('Enable', user.login, () => void this.setDisabled(user, false))
        : actionButton('Disable', user.login, () => this.confirm(user, 'disable'), 'danger'),
    );
    if (user.mfaEnrolled) {
      actions.append(actionButton('Reset authenticator', user.login, () => this.confirm(user, 'reset'), 'danger'));
    }
    actions.append(actionButton('Clear sign-in delay', user.login, () => void this.unlock(user)));
    row.append(actions);
    return row;
  }

  /** Shows an editor below the table and moves the focus to its heading. */
  private open<T>(editor: Editor<T>): void {
    this.editor.replaceChildren(editor.form);
    editor.heading.focus();
  }

  private close(): void {
    this.editor.replaceChildren();
  }

  private openNewAccount(): void {
    const editor = newAccountForm(
      (form) =>
        void save(form, this.context.announce, async () => {
          const created = await this.context.request<StaffUser>('POST', '/staff/users', editor.read());
          await this.load();
          if (created.roles.includes('agent')) {
            this.context.announce(`Account ${created.login} created. Now set the agent’s routing profile.`);
            this.openProfile(created);
          } else {
            this.close();
            this.context.announce(`Account ${created.login} created.`);
          }
        }),
      () => this.close(),
    );
    this.open(editor);
  }

  private openAccount(user: StaffUser): void {
    const editor = accountForm(
      user,
      (form) =>
        void save(form, this.context.announce, async () => {
          await this.context.request('PATCH', `/staff/users/${user.id}`, editor.read());
          await this.load();
          this.close();
          this.context.announce(`Account ${user.login} saved.`);
        }),
      () => this.close(),
    );
    this.open(editor);
  }

  private openProfile(user: StaffUser): void {
    const editor = profileForm(
      user,
      this.profiles.get(user.id),
      (form) =>
        void save(form, this.context.announce, async () => {
          await this.context.request('PUT', `/agents/${user.id}/profile`, editor.read());
          await this.load();
          this.close();
          this.context.announce(`Routing profile of ${user.login} saved.`);
        }),
      () => this.close(),
    );
    this.open(editor);
  }

  /** Disabling and resetting the authenticator end the person's sessions: the panel asks first, in the page. */
  private confirm(user: StaffUser, action: 'disable' | 'reset'): void {
    const box = make('div', undefined, { class: 'confirm', role: 'group', 'aria-labelledby': 'staff-confirm-title' });
    const title =
      action === 'disable'
        ? `Disable ${user.login}? Their sessions end at once and they cannot sign in until enabled again.`
        : `Reset the authenticator of ${user.login}? Their sessions end at once, and they set up a new authenticator at their next sign-in.`;
    const heading = make('h3', title, { id: 'staff-confirm-title', tabindex: '-1' });
    const error = make('p', undefined, { class: 'notice', hidden: '' });
    const yes = make('button', action === 'disable' ? 'Disable account' : 'Reset authenticator', {
      type: 'button',
      class: 'danger',
    });
    const no = make('button', 'Cancel', { type: 'button' });
    yes.addEventListener('click', () => {
      const work = action === 'disable' ? this.setDisabled(user, true) : this.resetMfa(user);
      void work.catch((failure: Error) => {
        error.textContent = failure.message;
        error.hidden = false;
        this.context.announce(`Not done: ${failure.message}`);
      });
    });
    no.addEventListener('click', () => this.close());
    const actions = make('div', undefined, { class: 'actions' });
    actions.append(yes, no);
    box.append(heading, error, actions);
    this.editor.replaceChildren(box);
    heading.focus();
  }

  private async setDisabled(user: StaffUser, disabled: boolean): Promise<void> {
    await this.context.request('PATCH', `/staff/users/${user.id}`, { disabled });
    await this.load();
    this.close();
    this.context.announce(`Account ${user.login} ${disabled ? 'disabled' : 'enabled'}.`);
  }

  private async resetMfa(user: StaffUser): Promise<void> {
    await this.context.request('POST', `/staff/users/${user.id}/mfa-reset`);
    await this.load();
    this.close();
    this.context.announce(`Authenticator of ${user.login} reset: they set up a new one at their next sign-in.`);
  }

  private async unlock(user: StaffUser): Promise<void> {
    try {
      await this.context.request('POST', `/staff/users/${user.id}/unlock`);
      this.context.announce(`Sign-in delay of ${user.login} cleared.`);
    } catch (error) {
      this.context.announce(`Not done: ${(error as Error).message}`);
    }
  }
}

export const staffPanel: AdminPanel = {
  id: 'staff',
  title: 'Staff',
  roles: ['admin'],
  mount: (root, context) => new StaffPanel(root, context).start(),
};

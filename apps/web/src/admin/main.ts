import { ApiError, api, element, make, show } from '../shared/dom';
import { Session } from '../shared/session';
import type { AdminPanel, AdminRole, PanelContext } from './panel';
import { ADMIN_PANELS } from './panels';
import { SignInForm } from './sign-in';

/*
 * The administration page's shell (/web/admin): sign-in, the navigation of the panels the user's roles allow, hash
 * routing (#staff, #queues, ...), and the page's one polite live region. Each panel is a module (panel.ts) mounted
 * the first time it is opened and kept while the page lives; a panel the roles do not allow is never mounted, and
 * following a link to it says so and shows nothing else. The api enforces the same rules on every route.
 */

interface Me {
  id: string;
  displayName: string;
  roles: string[];
}

const session = new Session((reason) => signOut(reason));
const signInForm = new SignInForm(session, announce, opened);
const mounted = new Map<string, HTMLElement>();
let roles: readonly string[] = [];
/** The panel the address names now: a panel that finishes loading after the user moved on stays hidden. */
let current: string | undefined;

/** Says `text` in the live region; emptied first, so the same words said twice are read twice. */
function announce(text: string): void {
  const region = element('announcer');
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 50);
}

/** The api with the token from memory; a 401 (the access token just expired) renews it once and tries again. */
async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await api<T>(method, path, session.accessToken, body);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && (await session.renew())) {
      return api<T>(method, path, session.accessToken, body);
    }
    throw error;
  }
}

const allowed = (panel: AdminPanel) => panel.roles.some((role: AdminRole) => roles.includes(role));

async function opened(): Promise<void> {
  let me: Me;
  try {
    me = await request<Me>('GET', '/staff/me');
  } catch (error) {
    signOut(`Could not read your account: ${(error as Error).message}`);
    return;
  }
  roles = me.roles;
  if (!ADMIN_PANELS.some(allowed)) {
    signOut('This page is for admins and supervisors: this account has no administration panel.');
    return;
  }
  element('who').textContent = `Signed in as ${me.displayName} (${me.roles.join(', ')})`;
  show(element('who'), true);
  show(element('sign-out'), true);
  renderNavigation();
  show(element('workspace'), true);
  await route();
}

function renderNavigation(): void {
  const list = element('nav');
  list.replaceChildren(
    ...ADMIN_PANELS.filter(allowed).map((panel) => {
      const item = make('li');
      item.append(make('a', panel.title, { href: `#${panel.id}`, 'data-panel': panel.id }));
      return item;
    }),
  );
}

/** Shows the panel the address names (the first allowed one when it names none). */
async function route(): Promise<void> {
  if (!session.signedIn) return;
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = ADMIN_PANELS.find(allowed);
  const panel = wanted ? ADMIN_PANELS.find((candidate) => candidate.id === wanted) : first;
  current = panel?.id;
  for (const link of element('nav').querySelectorAll('a')) {
    if (link.dataset.panel === panel?.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  for (const frame of mounted.values()) show(frame, false);
  const refusal = element('not-allowed');
  if (!panel || !allowed(panel)) {
    // Nothing of the panel is built or loaded: only the sentence, the same for a panel that does not exist, so the
    // page tells nobody which panels other roles have.
    refusal.textContent = 'This panel is not allowed for your role.';
    show(refusal, true);
    document.title = 'Tuki · Administration';
    refusal.focus();
    announce(refusal.textContent);
    return;
  }
  show(refusal, false);
  document.title = `Tuki · ${panel.title} · Administration`;
  const frame = mounted.get(panel.id) ?? (await mount(panel));
  if (current !== panel.id) return;
  show(frame, true);
  frame.querySelector<HTMLElement>('h2')?.focus();
}

/** Builds the panel's frame (its h2 heading, and the empty section it builds into) and mounts it, once. */
async function mount(panel: AdminPanel): Promise<HTMLElement> {
  const titleId = `${panel.id}-title`;
  const frame = make('div', undefined, { class: 'panel-frame', 'data-panel': panel.id, hidden: '' });
  const section = make('section', undefined, { id: panel.id, class: 'panel', 'aria-labelledby': titleId });
  frame.append(make('h2', panel.title, { id: titleId, tabindex: '-1' }), section);
  element('panels').append(frame);
  mounted.set(panel.id, frame);
  const context: PanelContext = { request, roles, announce };
  try {
    await panel.mount(section, context);
  } catch (error) {
    section.replaceChildren(
      make('p', `${panel.title} could not be loaded: ${(error as Error).message}`, { class: 'notice' }),
    );
    announce(`${panel.title} could not be loaded.`);
  }
  return frame;
}

/** Back to the sign-in form: every panel is dropped with what it loaded. */
function signOut(reason: string | null): void {
  if (session.signedIn) void session.signOut().catch((error: Error) => console.warn('Sign-out failed', error.message));
  for (const frame of mounted.values()) frame.remove();
  mounted.clear();
  roles = [];
  element('nav').replaceChildren();
  show(element('not-allowed'), false);
  show(element('workspace'), false);
  show(element('who'), false);
  show(element('sign-out'), false);
  signInForm.reset(reason);
}

window.addEventListener('hashchange', () => void route());
element('sign-out').addEventListener('click', () => signOut(null));
signInForm.reset(null);

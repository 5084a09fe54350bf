import { make } from '../shared/dom';
import { checkboxGroup } from '../shared/fields';
import { editorForm, numberField, refusalOf, textField } from './form-kit';
import { Problems, formatSkillMap, parseSkillMap, readInteger, splitList } from './form-values';

/*
 * The Staff panel's forms: a new account, an account's name and roles, and an agent's routing profile. Each builds a
 * form whose fields carry the api's field paths and returns the request body it reads from them (or throws the
 * page's own problems, shaped like the server's refusals).
 */

export interface StaffUser {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  mfaEnrolled: boolean;
  disabled: boolean;
}

export interface AgentProfile {
  id: string;
  languages: string[];
  skills: Record<string, number>;
  capacity: { voice: number; chat: number; callback: number };
  wrapUpSeconds: number;
  state: string;
}

const ROLE_OPTIONS: [string, string][] = [
  ['agent', 'Agent'],
  ['supervisor', 'Supervisor'],
  ['admin', 'Admin'],
  ['analyst', 'Analyst'],
];

export interface Editor<T> {
  form: HTMLFormElement;
  heading: HTMLHeadingElement;
  /** The request body the fields say; throws the page's own problems as a refusal. */
  read(): T;
}

function formActions(form: HTMLFormElement, saveText: string, cancel: () => void): void {
  const actions = make('div', undefined, { class: 'actions' });
  const cancelButton = make('button', 'Cancel', { type: 'button' });
  cancelButton.addEventListener('click', cancel);
  actions.append(make('button', saveText, { type: 'submit', class: 'primary' }), cancelButton);
  form.append(actions);
}

export function newAccountForm(
  submit: (form: HTMLFormElement) => void,
  cancel: () => void,
): Editor<{ login: string; displayName: string; roles: string[]; password: string }> {
  const { form, heading } = editorForm('New account', submit);
  const login = textField('new-user', 'login', 'Login', '', {
    hint: 'Letters, digits and . _ @ - (3 or more).',
    attributes: { autocomplete: 'off' },
  });
  const displayName = textField('new-user', 'displayName', 'Display name', '');
  const roles = checkboxGroup('new-user-role', 'Roles', ROLE_OPTIONS, ['agent'], { 'data-field': 'roles' });
  const password = textField('new-user', 'password', 'Initial password', '', {
    hint: 'At least 12 characters. Give it to the person in a safe way; supervisors and admins also set up an authenticator at their first sign-in.',
    attributes: { type: 'password', autocomplete: 'new-password' },
  });
  form.append(login.wrapper, displayName.wrapper, roles.fieldset, password.wrapper);
  formActions(form, 'Create account', cancel);
  return {
    form,
    heading,
    read: () => ({
      login: login.input.value.trim(),
      displayName: displayName.input.value.trim(),
      roles: roles.values(),
      password: password.input.value,
    }),
  };
}

export function accountForm(
  user: StaffUser,
  submit: (form: HTMLFormElement) => void,
  cancel: () => void,
): Editor<{ displayName: string; roles: string[] }> {
  const { form, heading } = editorForm(`Edit ${user.login}`, submit);
  const displayName = textField('edit-user', 'displayName', 'Display name', user.displayName);
  const roles = checkboxGroup('edit-user-role', 'Roles', ROLE_OPTIONS, user.roles, { 'data-field': 'roles' });
  const hint = make('p', 'Changing the roles ends the account’s sessions: they sign in again.', { class: 'hint' });
  form.append(displayName.wrapper, roles.fieldset, hint);
  formActions(form, 'Save account', cancel);
  return {
    form,
    heading,
    read: () => ({ displayName: displayName.input.value.trim(), roles: roles.values() }),
  };
}

export interface ProfileBody {
  languages: string[];
  skills: Record<string, number>;
  capacity: { voice?: number; chat?: number; callback?: number };
  wrapUpSeconds?: number;
}

/** An agent's routing profile; `profile` undefined: none yet (the defaults are shown). */
export function profileForm(
  user: StaffUser,
  profile: AgentProfile | undefined,
  submit: (form: HTMLFormElement) => void,
  cancel: () => void,
): Editor<ProfileBody> {
  const { form, heading } = editorForm(`Routing profile of ${user.login}`, submit);
  const intro = profile
    ? 'Routing uses the new profile at once, on every server.'
    : 'This agent has no routing profile yet: they are offered no contacts until it is saved.';
  const languages = textField('profile', 'languages', 'Languages', profile?.languages.join(', ') ?? '', {
    hint: 'ISO codes, separated by commas: fi, sv, en.',
  });
  const skills = textField('profile', 'skills', 'Skills', profile ? formatSkillMap(profile.skills) : '', {
    hint: 'name=level (0-10), separated by commas: extortion=5, data-breach=3.',
  });
  const capacity = make('fieldset', undefined, { 'data-field': 'capacity' });
  capacity.append(make('legend', 'Capacity (contacts at once)'));
  const row = make('div', undefined, { class: 'row' });
  const voice = numberField('profile', 'capacity.voice', 'Calls (0-1)', profile?.capacity.voice ?? 1);
  const chat = numberField('profile', 'capacity.chat', 'Chats (0-10)', profile?.capacity.chat ?? 3);
  const callback = numberField('profile', 'capacity.callback', 'Callbacks (0-5)', profile?.capacity.callback ?? 1);
  row.append(voice.wrapper, chat.wrapper, callback.wrapper);
  capacity.append(row);
  const wrapUp = numberField(
    'profile',
    'wrapUpSeconds',
    'Wrap-up time (seconds, 0-3600)',
    profile?.wrapUpSeconds ?? 60,
  );
  form.append(make('p', intro, { class: 'hint' }), languages.wrapper, skills.wrapper, capacity, wrapUp.wrapper);
  formActions(form, 'Save profile', cancel);
  return {
    form,
    heading,
    read: () => {
      const problems = new Problems();
      const body: ProfileBody = {
        languages: splitList(languages.input.value),
        skills: problems.take('skills', parseSkillMap(skills.input.value)) ?? {},
        capacity: {
          voice: problems.take('capacity.voice', readInteger(voice.input.value)),
          chat: problems.take('capacity.chat', readInteger(chat.input.value)),
          callback: problems.take('capacity.callback', readInteger(callback.input.value)),
        },
        wrapUpSeconds: problems.take('wrapUpSeconds', readInteger(wrapUp.input.value)),
      };
      const refusal = refusalOf(problems);
      if (refusal) throw refusal;
      return body;
    },
  };
}

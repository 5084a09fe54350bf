import { make } from '../shared/dom';
import { fieldEditor, listEditor, type ListSpec } from './content-editor';
import { CHAT_TRIAGE, OUTCOMES, PHONE_TRIAGE, REFERRALS, TAXONOMY, spokenFields, textFields } from './content-specs';
import { copyOf, textsOrNull, withFields } from './content-values';
import { editorForm, save } from './form-kit';
import type { AdminPanel, PanelContext } from './panel';

/*
 * Content (admins): what callers and agents read and hear. The category taxonomy and the referral and outcome
 * directories (case settings), the chat's greeting, notice and triage questions (chat settings), the phone's greeting,
 * announcement and triage questions (telephony settings). Each form saves one part of one settings document: it reads
 * the document again just before saving and replaces only its own fields, the server validates the whole document
 * (every problem is shown beside its field, and nothing changes), audits who saved it, and every process reads the
 * new document on its next request.
 */

type Doc = Record<string, unknown>;
type Item = Record<string, unknown>;

interface Section {
  id: string;
  title: string;
  /** The settings document this form saves part of. */
  route: string;
  intro: string;
  /** Builds the fields from the loaded document into `body`; returns the fields to save, read when saving. */
  build(body: HTMLElement, doc: Doc): () => Doc;
}

const items = (doc: Doc, key: string): Item[] => (Array.isArray(doc[key]) ? (copyOf(doc[key]) as Item[]) : []);

/** Fields of one whole text (greeting, announcement) that may be absent: saved as null when no language has words. */
function textsBlock(
  form: HTMLElement,
  prefix: string,
  doc: Doc,
  key: string,
  legend: string,
  hint: string,
  phone: boolean,
): () => Doc[string] {
  const holder: Item = { [key]: copyOf((doc[key] as Item | null | undefined) ?? {}) };
  const fieldset = make('fieldset');
  fieldset.append(make('legend', legend), make('p', hint, { class: 'hint' }));
  const row = make('div', undefined, { class: 'row' });
  const fields = phone ? spokenFields(key, legend) : textFields(key, legend, false, 'long');
  // Whether English is needed depends on the others: left to the server ("greeting.en: ..."), all optional here.
  for (const field of fields) row.append(fieldEditor(prefix, '', holder, field));
  fieldset.append(row);
  form.append(fieldset);
  return () => textsOrNull(holder[key] as Record<string, string>);
}

function list(form: HTMLElement, prefix: string, doc: Doc, key: string, spec: ListSpec, legend: string): () => Item[] {
  const values = items(doc, key);
  const fieldset = make('fieldset', undefined, { class: 'content-section' });
  fieldset.append(make('legend', legend), listEditor(prefix, key, values, spec, legend));
  form.append(fieldset);
  return () => values;
}

const SECTIONS: Section[] = [
  {
    id: 'content-categories',
    title: 'Categories',
    route: '/case-settings',
    intro:
      'The categories agents give a case, in groups. Codes are lower-case (breach.paid) and every group needs an ' +
      '"other" category coded <group code>.other. A code already used on cases and in statistics should keep its code: ' +
      'change its label instead.',
    build(form, doc) {
      const taxonomy = list(form, 'tax', doc, 'taxonomy', TAXONOMY, 'Category groups');
      return () => ({ taxonomy: taxonomy() });
    },
  },
  {
    id: 'content-directories',
    title: 'Referrals and outcomes',
    route: '/case-settings',
    intro: 'Where agents refer callers, and how a contact ended: the lists on the agent desk and in statistics.',
    build(form, doc) {
      const referrals = list(form, 'ref', doc, 'referrals', REFERRALS, 'Referral directory');
      const outcomes = list(form, 'out', doc, 'outcomes', OUTCOMES, 'Outcomes');
      return () => ({ referrals: referrals(), outcomes: outcomes() });
    },
  },
  {
    id: 'content-chat',
    title: 'Web chat: greeting, notice and triage',
    route: '/chat-settings',
    intro:
      'What the chat page says, in the caller’s language (English where a language has no words), and the questions ' +
      'asked before a chat starts. Callers see the questions and answers, never what an answer does.',
    build(form, doc) {
      const greeting = textsBlock(form, 'chat', doc, 'greeting', 'Greeting', 'At the top of the chat page.', false);
      const announcement = textsBlock(
        form,
        'chat',
        doc,
        'announcement',
        'Notice',
        'Shown before and during the chat, for news such as long waits. Leave empty for none.',
        false,
      );
      const triage = list(form, 'ctri', doc, 'triage', CHAT_TRIAGE, 'Triage questions');
      return () => ({ greeting: greeting(), announcement: announcement(), triage: triage() });
    },
  },
  {
    id: 'content-phone',
    title: 'Phone: greeting, announcement and triage',
    route: '/telephony-settings',
    intro:
      'What callers hear first, in the language of the number they called. A language without its own greeting ' +
      'hears Tuki’s built-in one; the announcement follows it. Triage questions come next, answered with one key ' +
      '(say the keys in the question); a caller who presses nothing skips the question and queues after the last.',
    build(form, doc) {
      const greeting = textsBlock(form, 'tel', doc, 'greeting', 'Greeting', 'Said first on every call.', true);
      const announcement = textsBlock(
        form,
        'tel',
        doc,
        'announcement',
        'Announcement',
        'Said after the greeting. Leave empty for none.',
        true,
      );
      const triage = list(form, 'ptri', doc, 'triage', PHONE_TRIAGE, 'Triage questions (at most three)');
      return () => ({ greeting: greeting(), announcement: announcement(), triage: triage() });
    },
  },
];

const FIXED: [string, string][] = [
  [
    'Risk codes',
    'Routing treats every one as high risk (counsellor care), the desk shows them and statistics compare them across ' +
      'helplines and years; a helpline chooses which answer records which code.',
  ],
  ['Case statuses, age bands, genders', 'Statistics compare them across helplines, so they are the same everywhere.'],
  [
    'The phone’s other prompts and the chat page’s own words',
    'Place in the queue, estimated wait, the callback offer and confirmation are sentences built around numbers, ' +
      'written and checked in Finnish, Swedish and English.',
  ],
];

function mountSection(root: HTMLElement, context: PanelContext, section: Section, doc: Doc): void {
  const body = make('div');
  let fields: () => Doc = () => ({});
  const fill = (current: Doc) => {
    body.replaceChildren(make('p', section.intro, { class: 'hint' }));
    fields = section.build(body, current);
  };
  const { form, heading } = editorForm(section.title, (submitted) => {
    void (async () => {
      let saved: Doc | undefined;
      const ok = await save(submitted, context.announce, async () => {
        const latest = await context.request<Doc>('GET', section.route);
        saved = await context.request<Doc>('PUT', section.route, withFields(latest, fields()));
      });
      if (!ok) {
        // A problem inside a folded group: unfold it, so its message is seen.
        for (const invalid of submitted.querySelectorAll('[aria-invalid="true"]')) {
          const fold = invalid.closest('details');
          if (fold) fold.open = true;
        }
        return;
      }
      // What the server stored (trimmed, normalised) is what the form shows from now on.
      fill(saved ?? doc);
      heading.focus();
      context.announce(`${section.title} saved.`);
    })();
  });
  form.id = section.id;
  form.classList.add('content-form');
  const actions = make('div', undefined, { class: 'actions' });
  actions.append(
    make('button', `Save ${section.title.split(':')[0].toLowerCase()}`, { type: 'submit', class: 'primary' }),
  );
  form.append(body, actions);
  fill(doc);
  root.append(form);
}

export const contentPanel: AdminPanel = {
  id: 'content',
  title: 'Content',
  roles: ['admin'],
  async mount(root, context) {
    const routes = [...new Set(SECTIONS.map((section) => section.route))];
    const docs = new Map(
      await Promise.all(routes.map(async (route) => [route, await context.request<Doc>('GET', route)] as const)),
    );
    root.classList.add('content-panel');
    for (const section of SECTIONS) mountSection(root, context, section, docs.get(section.route) ?? {});
    const fixed = make('section', undefined, { class: 'content-fixed', 'aria-labelledby': 'content-fixed-title' });
    fixed.append(make('h3', 'Fixed, and why', { id: 'content-fixed-title' }));
    const terms = make('dl');
    for (const [what, why] of FIXED) terms.append(make('dt', what), make('dd', why));
    fixed.append(terms);
    root.append(fixed);
  },
};

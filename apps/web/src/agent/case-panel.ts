import { AGE_BANDS, DECLINED, GENDERS, NOT_ASKED, RISK_LEVELS, SKIP_REASONS } from '@tuki/contracts';
import { make } from '../shared/dom';
import type { Desk } from './desk';
import { checkboxGroup, inputField, selectField } from '../shared/fields';
import type { NoteEditor } from './note-editor';
import { codeName, label, t } from './texts';

/** A case as the server shows it to an agent who may open it (GET /cases/:id). */
export interface CaseDetail {
  id: string;
  reference: string;
  version: number;
  riskLevel: string;
  categories: string[];
  phoneMasked: string | null;
  ageBand: string;
  gender: string;
  region: string;
  notes: { id: string; contactId: string | null; body: string; createdAt: number }[];
  contacts: { contactId: string; channel: string; firstArrivedAt: number; outcome: string | null }[];
  referrals: { id: string; code: string; createdAt: number }[];
  followUps: { id: string; notBefore: number }[];
  timeline: { kind: string; at: number; id: string }[];
}

/** Where the contact came in, so a follow-up call goes back through the same queue and language by default. */
export interface ContactRoute {
  contactId: string;
  queueId: string;
  language: string;
}

const withUnknowns = (codes: readonly string[]): [string, string][] =>
  [NOT_ASKED, DECLINED, ...codes].map((code) => [code, codeName(code)]);

/**
 * The case of the contact: its timeline, the note editor, categories and outcome for this contact, risk level,
 * referrals, the optional coarse facts and a follow-up call. The caller's number shows masked; nothing identifying
 * is typed into this panel except a follow-up number, which goes straight to the callback queue.
 */
export class CasePanel {
  readonly node: HTMLElement;
  private readonly timeline = make('ol', undefined, { class: 'timeline' });
  private readonly categories;
  private readonly outcome;
  private readonly skipReason;

  constructor(
    private readonly desk: Desk,
    private detail: CaseDetail,
    private readonly route: ContactRoute,
    note: NoteEditor,
  ) {
    const prefix = `case-${route.contactId}`;
    this.node = make('section', undefined, {
      class: 'case',
      'aria-label': t('caseHeading', { reference: detail.reference }),
    });
    const heading = make('h4', t('caseHeading', { reference: detail.reference }));
    const masked = detail.phoneMasked ? make('p', detail.phoneMasked, { class: 'masked' }) : undefined;

    const choices = desk.choices;
    const leaves: [string, string][] = choices.taxonomy.flatMap((group) =>
      group.children.map((child): [string, string] => [child.code, `${label(group.label)}: ${label(child.label)}`]),
    );
    this.categories = checkboxGroup(`${prefix}-category`, t('categories'), leaves, detail.categories);
    this.outcome = selectField(`${prefix}-outcome`, t('outcome'), [
      ['', '—'],
      ...choices.outcomes.map((o): [string, string] => [o.code, label(o.label)]),
    ]);
    this.skipReason = selectField(`${prefix}-skip`, t('skipReason'), [
      ['', '—'],
      ...SKIP_REASONS.map((code): [string, string] => [code, codeName(code)]),
    ]);
    const risk = selectField(
      `${prefix}-risk`,
      t('riskLevel'),
      RISK_LEVELS.map((level) => [level, codeName(level)]),
      detail.riskLevel,
    );
    const facts = make('fieldset', undefined, { class: 'facts' });
    const age = selectField(`${prefix}-age`, t('ageBand'), withUnknowns(AGE_BANDS), detail.ageBand);
    const gender = selectField(`${prefix}-gender`, t('gender'), withUnknowns(GENDERS), detail.gender);
    const region = selectField(`${prefix}-region`, t('region'), withUnknowns(choices.regions), detail.region);
    facts.append(make('legend', t('facts')), age.wrapper, gender.wrapper, region.wrapper);
    const save = make('button', t('saveCase'), { type: 'button' });
    save.addEventListener(
      'click',
      () =>
        void this.save({
          riskLevel: risk.select.value,
          categories: this.categories.values(),
          ageBand: age.select.value,
          gender: gender.select.value,
          region: region.select.value,
        }),
    );

    const referral = selectField(
      `${prefix}-referral`,
      t('referral'),
      choices.referrals.map((r): [string, string] => [r.code, label(r.label)]),
    );
    const addReferral = make('button', t('addReferral'), { type: 'button' });
    addReferral.addEventListener('click', () => void this.refer(referral.select.value));

    const followUp = make('fieldset', undefined, { class: 'follow-up' });
    const at = inputField(`${prefix}-follow-up-at`, t('followUpAt'), { placeholder: '17:00' });
    const number = inputField(`${prefix}-follow-up-number`, t('followUpNumber'), { type: 'tel', inputmode: 'tel' });
    const schedule = make('button', t('scheduleFollowUp'), { type: 'button' });
    schedule.addEventListener(
      'click',
      () =>
        void this.scheduleFollowUp(at.input.value.trim(), number.input.value.replace(/[\s-]/g, '')).then((done) => {
          if (done) number.input.value = '';
        }),
    );
    followUp.append(make('legend', t('followUp')), at.wrapper, number.wrapper, schedule);

    this.node.append(
      heading,
      ...(masked ? [masked] : []),
      make('h5', t('timeline')),
      this.timeline,
      note.node,
      this.categories.fieldset,
      this.outcome.wrapper,
      this.skipReason.wrapper,
      risk.wrapper,
      facts,
      save,
      referral.wrapper,
      addReferral,
      followUp,
    );
    this.renderTimeline();
  }

  get caseId(): string {
    return this.detail.id;
  }

  /**
   * Classifies this contact (categories and outcome, published for statistics once) or skips it with a reason.
   * Throws with the desk's message when the agent chose neither.
   */
  async classify(): Promise<void> {
    const base = `/cases/${this.detail.id}/contacts/${this.route.contactId}`;
    const categories = this.categories.values();
    const outcome = this.outcome.select.value;
    if (outcome && categories.length > 0) {
      await this.desk.call('POST', `${base}/classification`, { categories, outcome });
    } else if (this.skipReason.select.value) {
      await this.desk.call('POST', `${base}/classification-skip`, { reason: this.skipReason.select.value });
    } else {
      this.categories.fieldset.querySelector('input')?.focus();
      throw new Error(t('classifyFirst'));
    }
  }

  private async save(changes: Record<string, unknown>): Promise<void> {
    try {
      this.detail = await this.desk.call<CaseDetail>('PATCH', `/cases/${this.detail.id}`, {
        version: this.detail.version,
        ...changes,
      });
      this.renderTimeline();
      this.desk.notice(t('caseSaved'));
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private async refer(code: string): Promise<void> {
    if (!code) return;
    try {
      await this.desk.call('POST', `/cases/${this.detail.id}/referrals`, { code, contactId: this.route.contactId });
      await this.reload();
    } catch (error) {
      this.desk.fail(error);
    }
  }

  private async scheduleFollowUp(notBefore: string, number: string): Promise<boolean> {
    try {
      await this.desk.call('POST', `/cases/${this.detail.id}/follow-ups`, {
        queueId: this.route.queueId,
        language: this.route.language,
        ...(notBefore ? { notBefore } : {}),
        ...(number ? { number } : {}),
      });
      this.desk.notice(t('followUpScheduled'));
      await this.reload();
      return true;
    } catch (error) {
      this.desk.fail(error);
      return false;
    }
  }

  /** The case again from the server (its version and timeline moved). */
  async reload(): Promise<void> {
    this.detail = await this.desk.call<CaseDetail>('GET', `/cases/${this.detail.id}`);
    this.renderTimeline();
  }

  private renderTimeline(): void {
    const { notes, contacts, referrals, followUps } = this.detail;
    const time = (at: number) => new Date(at).toLocaleString();
    const entries = this.detail.timeline.map((entry) => {
      const item = make('li', undefined, { class: `entry-${entry.kind}` });
      item.append(make('time', time(entry.at), { datetime: new Date(entry.at).toISOString() }), ' ');
      if (entry.kind === 'note') item.append(make('span', notes.find((n) => n.id === entry.id)?.body ?? ''));
      else if (entry.kind === 'contact') {
        const contact = contacts.find((c) => c.contactId === entry.id);
        item.append(make('span', contact ? codeName(contact.channel) : entry.kind));
      } else if (entry.kind === 'referral') {
        const code = referrals.find((r) => r.id === entry.id)?.code ?? '';
        const shown = this.desk.choices.referrals.find((r) => r.code === code);
        item.append(make('span', `${t('referral')}: ${shown ? label(shown.label) : code}`));
      } else if (entry.kind === 'follow-up') {
        const due = followUps.find((f) => f.id === entry.id)?.notBefore;
        item.append(make('span', `${t('followUp')}${due ? `: ${time(due)}` : ''}`));
      }
      return item;
    });
    this.timeline.replaceChildren(...entries);
  }
}

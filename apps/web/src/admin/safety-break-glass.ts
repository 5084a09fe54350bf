import { make } from '../shared/dom';
import { actionButton } from './form-kit';
import { captionedTable, part, row, type SafetyContext } from './safety-dom';
import { formatWhen } from './safety-format';

/*
 * Break-glass openings for review (supervisors and admins): who opened which case, when, why, and whether someone
 * has reviewed it. Reading each reason is itself audited by the api. Whoever broke the glass does not review their
 * own opening: another supervisor or an admin does.
 */

interface Opening {
  id: string;
  caseId: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  reason: string | null;
  reviewedAt: number | null;
  reviewedBy: string | null;
}

export function breakGlassPart(context: SafetyContext): HTMLElement {
  const section = part(
    'safety-break-glass',
    'Break-glass openings',
    'A supervisor who opens a case they have no part in gives a reason; each opening waits here for a second ' +
      'person’s review. Reading the reasons is recorded in the audit log.',
  );
  const onlyWaiting = make('input', undefined, { id: 'break-glass-waiting', type: 'checkbox' });
  onlyWaiting.checked = true;
  const filter = make('div', undefined, { class: 'check' });
  filter.append(onlyWaiting, make('label', 'Only openings waiting for review', { for: 'break-glass-waiting' }));
  const { wrap, body } = captionedTable('Openings, newest first', ['Opened', 'By', 'Case', 'Reason', 'Review']);
  const empty = make('p', '', { class: 'hint' });
  const name = (id: string | null) => (id ? (context.names.get(id) ?? 'Someone') : 'Someone');

  const load = async () => {
    const query = onlyWaiting.checked ? '?unreviewed=true' : '';
    const openings = await context.request<Opening[]>('GET', `/case-access/break-glass${query}`);
    body.replaceChildren(...openings.map((opening) => openingRow(opening)));
    empty.textContent = onlyWaiting.checked ? 'No opening waits for review.' : 'No break-glass openings.';
    empty.hidden = openings.length > 0;
    wrap.hidden = openings.length === 0;
  };

  const openingRow = (opening: Opening) => {
    const opened = formatWhen(opening.createdAt);
    let review: Node;
    if (opening.reviewedAt !== null) {
      review = document.createTextNode(`Reviewed by ${name(opening.reviewedBy)}, ${formatWhen(opening.reviewedAt)}`);
    } else if (opening.userId === context.me) {
      review = document.createTextNode('Yours: another supervisor or an admin reviews it');
    } else {
      const button = actionButton('Mark reviewed', `the opening by ${name(opening.userId)} on ${opened}`, () => {
        void markReviewed(opening, button);
      });
      review = button;
    }
    return row(
      [
        opened,
        name(opening.userId),
        make('code', opening.caseId.slice(0, 8)),
        opening.reason ?? '(no reason readable)',
        review,
      ],
      { 'data-opening': opening.id },
    );
  };

  const markReviewed = async (opening: Opening, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      await context.request('POST', `/case-access/break-glass/${opening.id}/review`);
      context.announce(`Opening by ${name(opening.userId)} marked reviewed.`);
    } catch (error) {
      context.announce(`Not marked reviewed: ${(error as Error).message}`);
    }
    await load();
    section.querySelector<HTMLElement>('h3')?.focus();
  };

  onlyWaiting.addEventListener('change', () => void load());
  section.append(filter, wrap, empty);
  void load().catch((error: Error) =>
    section.append(make('p', `Break-glass openings could not be loaded: ${error.message}`, { class: 'notice' })),
  );
  return section;
}

import { make } from '../shared/dom';
import type { AdminPanel } from './panel';
import { auditPart } from './safety-audit';
import { blockListPart } from './safety-block-list';
import { breakGlassPart } from './safety-break-glass';
import type { SafetyContext } from './safety-dom';

/*
 * Safety (supervisors and admins): the block list (supervisors, who run the lines), break-glass openings to review,
 * the audit log with filters, and the audit chain's verification. Staff names come from GET /staff/users, so ids
 * read as people; nothing here names a caller.
 */

interface StaffUser {
  id: string;
  displayName: string;
}

export const safetyPanel: AdminPanel = {
  id: 'safety',
  title: 'Safety',
  roles: ['supervisor', 'admin'],
  async mount(root, context) {
    const [users, me] = await Promise.all([
      context.request<StaffUser[]>('GET', '/staff/users'),
      context.request<StaffUser>('GET', '/staff/me'),
    ]);
    const safety: SafetyContext = {
      ...context,
      names: new Map(users.map((user) => [user.id, user.displayName])),
      me: me.id,
    };
    root.classList.add('safety-panel');
    // The block list is the supervisors' tool (the api allows it to them only): an admin's panel leaves it out.
    if (context.roles.includes('supervisor')) root.append(blockListPart(safety));
    else
      root.append(
        make('p', 'The block list is run by supervisors, who take the calls’ side of safety; it is not shown here.', {
          class: 'hint',
        }),
      );
    root.append(breakGlassPart(safety), auditPart(safety));
  },
};

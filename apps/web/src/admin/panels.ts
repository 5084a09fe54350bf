import { contentPanel } from './content-panel';
import { keysPanel } from './keys-panel';
import type { AdminPanel } from './panel';
import { queuesPanel } from './queues-panel';
import { safetyPanel } from './safety-panel';
import { staffPanel } from './staff-panel';

/*
 * The panels of the administration page, in the navigation's order. Who may open each is its own `roles`; the shell
 * lists only those the signed-in user's roles allow.
 */
export const ADMIN_PANELS: AdminPanel[] = [staffPanel, queuesPanel, contentPanel, safetyPanel, keysPanel];

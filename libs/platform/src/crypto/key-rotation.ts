import type { KeyringDocument } from './keyring-document';

const DAY_MS = 24 * 3600_000;

/** How long before rotation is due the administration page starts reminding. */
export const ROTATION_REMINDER_DAYS = 14;

/** `ok`; `soon`: due within ROTATION_REMINDER_DAYS; `due`: the active key is older than the rotation interval. */
export type RotationState = 'ok' | 'soon' | 'due';

/** Where the keyring stands against the rotation interval. Key ids and dates only: never a key. */
export interface KeyRotationStatus {
  activeKeyId: string;
  /**
   * When the active key was created (epoch ms): the last rotation, since a rotation adds a key and activates it
   * minutes later. The keyring file records no activation time.
   */
  activeKeyCreatedAt: number;
  rotationDays: number;
  /** When the active key has served `rotationDays` (epoch ms). */
  dueAt: number;
  state: RotationState;
  /** Whole days until `dueAt`, negative once it has passed. */
  daysUntilDue: number;
  /** Every key in the ring, oldest first; only the active one encrypts, the others still decrypt. */
  keys: { id: string; createdAt: number; active: boolean }[];
}

/** The keyring's rotation status at `nowMs` for an interval of `rotationDays`. Pure. */
export function keyRotationStatus(doc: KeyringDocument, nowMs: number, rotationDays: number): KeyRotationStatus {
  const keys = doc.keys
    .map((key) => ({ id: key.id, createdAt: Date.parse(key.createdAt), active: key.id === doc.active }))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const active = keys.find((key) => key.active);
  // parseKeyringDocument guarantees the active id names a key; a document built by hand might not.
  if (!active) throw new RangeError('The keyring names no active key');
  const dueAt = active.createdAt + rotationDays * DAY_MS;
  const untilDue = dueAt - nowMs;
  const state: RotationState = untilDue <= 0 ? 'due' : untilDue <= ROTATION_REMINDER_DAYS * DAY_MS ? 'soon' : 'ok';
  return {
    activeKeyId: active.id,
    activeKeyCreatedAt: active.createdAt,
    rotationDays,
    dueAt,
    state,
    daysUntilDue: untilDue >= 0 ? Math.ceil(untilDue / DAY_MS) : -Math.floor(-untilDue / DAY_MS),
    keys,
  };
}

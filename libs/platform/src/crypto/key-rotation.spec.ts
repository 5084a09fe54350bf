import type { KeyringDocument } from './keyring-document';
import { keyRotationStatus } from './key-rotation';

const key = (id: string, createdAt: string) => ({ id, key: 'AAAA', createdAt });
const DAY = 24 * 3600_000;

describe('key rotation status', () => {
  const doc: KeyringDocument = {
    version: 1,
    active: 'k-2026-06-01-aaaa',
    keys: [key('k-2026-06-01-aaaa', '2026-06-01T10:00:00.000Z'), key('k-2025-12-01-bbbb', '2025-12-01T10:00:00.000Z')],
  };
  const created = Date.parse('2026-06-01T10:00:00.000Z');

  it('counts the interval from the active key’s creation and lists the keys oldest first', () => {
    const status = keyRotationStatus(doc, created + 30 * DAY, 180);
    expect(status).toEqual({
      activeKeyId: 'k-2026-06-01-aaaa',
      activeKeyCreatedAt: created,
      rotationDays: 180,
      dueAt: created + 180 * DAY,
      state: 'ok',
      daysUntilDue: 150,
      keys: [
        { id: 'k-2025-12-01-bbbb', createdAt: Date.parse('2025-12-01T10:00:00.000Z'), active: false },
        { id: 'k-2026-06-01-aaaa', createdAt: created, active: true },
      ],
    });
  });

  it('reminds two weeks ahead, and says due from the due moment on', () => {
    expect(keyRotationStatus(doc, created + 166 * DAY - 1, 180).state).toBe('ok');
    expect(keyRotationStatus(doc, created + 166 * DAY, 180)).toMatchObject({ state: 'soon', daysUntilDue: 14 });
    expect(keyRotationStatus(doc, created + 180 * DAY - 1, 180)).toMatchObject({ state: 'soon', daysUntilDue: 1 });
    expect(keyRotationStatus(doc, created + 180 * DAY, 180)).toMatchObject({ state: 'due', daysUntilDue: 0 });
    expect(keyRotationStatus(doc, created + 200 * DAY + 1, 180)).toMatchObject({ state: 'due', daysUntilDue: -20 });
  });
});

import { createHmac } from 'node:crypto';
import { auditMac, type AuditMacInput } from './audit-mac';

const KEY = Buffer.from('8f1c2a3b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8', 'hex');

const FIRST: AuditMacInput = {
  helplineId: '0d4f9a52-8d55-4a4c-9d7b-6a0d5e0b1c01',
  seq: 1,
  prevMac: '',
  occurredAt: Date.UTC(2026, 10, 29, 10, 0, 0),
  actorKind: 'staff',
  actorId: '5b0e7c1a-2f4d-4e8a-9c3b-1d2e3f4a5b6c',
  actorRoles: '["agent"]',
  action: 'case.read',
  subjectType: 'case',
  subjectId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  fields: '["notes","phone"]',
  purpose: 'participant',
  purposeRef: null,
};

/** The documented format, built by hand: 4-byte big-endian length before each UTF-8 part. */
function handMade(parts: string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}

describe('auditMac', () => {
  it('is the HMAC-SHA-256 of the length-prefixed label, position, previous mac and every column, in order', () => {
    const expected = createHmac('sha256', KEY)
      .update(
        handMade([
          'tuki/audit/v1',
          FIRST.helplineId,
          '1',
          '',
          String(FIRST.occurredAt),
          'staff',
          FIRST.actorId,
          '["agent"]',
          'case.read',
          'case',
          FIRST.subjectId,
          '["notes","phone"]',
          'participant',
          '',
        ]),
      )
      .digest('hex');

    expect(auditMac(KEY, FIRST)).toBe(expected);
    expect(auditMac(KEY, FIRST)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<AuditMacInput>]>([
    ['helplineId', { helplineId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' }],
    ['seq', { seq: 2 }],
    ['prevMac', { prevMac: 'a'.repeat(64) }],
    ['occurredAt', { occurredAt: FIRST.occurredAt + 1 }],
    ['actorKind', { actorKind: 'service' }],
    ['actorId', { actorId: 'retention' }],
    ['actorRoles', { actorRoles: '["agent","supervisor"]' }],
    ['action', { action: 'case.note-created' }],
    ['subjectType', { subjectType: 'case-note' }],
    ['subjectId', { subjectId: 'other-case' }],
    ['fields', { fields: '["notes"]' }],
    ['purpose', { purpose: 'break-glass' }],
    ['purposeRef', { purposeRef: 'request-1' }],
  ])('changes when %s changes', (_name, change) => {
    expect(auditMac(KEY, { ...FIRST, ...change })).not.toBe(auditMac(KEY, FIRST));
  });

  it('cannot be moved between neighbouring columns (the parts are length-prefixed)', () => {
    const a = auditMac(KEY, { ...FIRST, subjectType: 'case', subjectId: 'x1' });
    const b = auditMac(KEY, { ...FIRST, subjectType: 'casex', subjectId: '1' });
    expect(a).not.toBe(b);
  });

  it('depends on the key', () => {
    const otherKey = Buffer.from(KEY);
    otherKey[0] ^= 1;
    expect(auditMac(otherKey, FIRST)).not.toBe(auditMac(KEY, FIRST));
  });
});

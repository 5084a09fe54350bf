import { checkAuditRecord, type AuditRecord } from './audit-record';

const RECORD: AuditRecord = {
  actor: { kind: 'staff', id: '5b0e7c1a-2f4d-4e8a-9c3b-1d2e3f4a5b6c', roles: ['agent'] },
  action: 'case.read',
  subjectType: 'case',
  subjectId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
  fields: ['notes', 'follow-up.phone'],
  purpose: 'break-glass',
  purposeRef: 'request:42',
};

describe('checkAuditRecord', () => {
  it('accepts codes and ids', () => {
    expect(() => checkAuditRecord(RECORD)).not.toThrow();
    expect(() =>
      checkAuditRecord({ ...RECORD, fields: [], purposeRef: null, actor: { kind: 'system', id: 'retention' } }),
    ).not.toThrow();
  });

  it.each<[string, AuditRecord]>([
    ['action', { ...RECORD, action: 'read the case of Maria' }],
    ['action', { ...RECORD, action: 'x'.repeat(61) }],
    ['purpose', { ...RECORD, purpose: 'she asked me to' }],
    ['purpose', { ...RECORD, purpose: '' }],
    ['subjectType', { ...RECORD, subjectType: '-case' }],
    ['subjectId', { ...RECORD, subjectId: 'x'.repeat(65) }],
    ['fields', { ...RECORD, fields: ['notes', 'phone number'] }],
    ['purposeRef', { ...RECORD, purposeRef: 'ticket from Maria' }],
    ['actor.id', { ...RECORD, actor: { kind: 'staff', id: 'Maria Virtanen' } }],
    ['actor.roles', { ...RECORD, actor: { kind: 'staff', id: 'u1', roles: ['agent', 'head of night shift'] } }],
    ['actor.kind', { ...RECORD, actor: { kind: 'volunteer' as 'staff', id: 'u1' } }],
  ])('refuses free text or an overlong value in %s, as a programming error', (field, record) => {
    expect(() => checkAuditRecord(record)).toThrow(expect.objectContaining({ code: 'AUDIT_RECORD_INVALID', field }));
  });
});

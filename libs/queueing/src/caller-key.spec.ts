import { normaliseCallerIdentity } from './caller-key';

describe('caller identity normalisation', () => {
  it('gives one identity for the usual ways of writing one phone number', () => {
    const forms = ['+358 40 123 4567', '00358401234567', '+358-40-1234567', ' +358 (40) 123.4567 '];
    expect(new Set(forms.map((f) => normaliseCallerIdentity('phone', f)))).toEqual(new Set(['phone:+358401234567']));
  });

  it('keeps a phone number and a chat identity with the same text apart', () => {
    expect(normaliseCallerIdentity('chat', ' Someone@Example.org ')).toBe('chat:someone@example.org');
    expect(normaliseCallerIdentity('phone', '12345')).not.toBe(normaliseCallerIdentity('chat', '12345'));
  });
});

/**
 * Normalises what identifies a caller before it is hashed, so "+358 40 123 4567", "00358401234567" and
 * "+358-40-1234567" give one caller key. Phone numbers keep their digits and a leading +; chat identities are
 * trimmed and lower-cased. The result is hashed at once and never stored.
 */
export function normaliseCallerIdentity(kind: 'phone' | 'chat', value: string): string {
  if (kind === 'chat') return `chat:${value.trim().toLowerCase()}`;
  const compact = value.replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  return `phone:${international.startsWith('+') ? '+' : ''}${international.replace(/\D/g, '')}`;
}

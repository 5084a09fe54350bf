import { createHmac, randomBytes } from 'node:crypto';
import { QueueKeys } from 'bullmq';
import { JOB_FAMILIES } from '../jobs/job-families';
import { socketChannelKey } from '../realtime/realtime-adapter';
import { clusterSlot } from './cluster-slot';
import { RedisKeys } from './redis-keys';

/** The distinct slots a set of keys falls in, with the keys per slot so a failure names the stray key. */
function slotsOf(keys: string[]): Map<number, string[]> {
  const slots = new Map<number, string[]>();
  for (const key of keys) slots.set(clusterSlot(key), [...(slots.get(clusterSlot(key)) ?? []), key]);
  return slots;
}

/** The four keys SignInThrottle's Lua script touches, built the way sign-in-throttle.ts builds them. */
function signInThrottleKeys(keys: RedisKeys, pseudonymisationKey: Buffer, login: string, address: string): string[] {
  const subject = (kind: 'account' | 'address', value: string) => {
    const id = createHmac('sha256', pseudonymisationKey)
      .update(`sign-in-throttle:${kind}:${value}`)
      .digest('hex')
      .slice(0, 32);
    return [keys.key('sign-in-throttle', kind, id, 'failures'), keys.key('sign-in-throttle', kind, id, 'not-before')];
  };
  return [...subject('account', login), ...subject('address', address)];
}

/** Every key BullMQ keeps for one queue under our prefix, plus the per-job keys of a few job ids. */
function bullKeys(keys: RedisKeys, queue: string, jobIds: string[]): string[] {
  const queueKeys = new QueueKeys(keys.bullPrefix);
  const perQueue = Object.values(queueKeys.getKeys(queue));
  const perJob = jobIds.flatMap((jobId) => {
    const job = queueKeys.toKey(queue, jobId);
    return [job, `${job}:lock`, `${job}:logs`, `${job}:dependencies`, `${job}:processed`, `${job}:failed`];
  });
  return [...perQueue, ...perJob, queueKeys.toKey(queue, 'de:some-dedup-id'), queueKeys.toKey(queue, 'repeat:abc')];
}

describe('clusterSlot', () => {
  // Values read from a cluster-enabled redis-server 7.0 with CLUSTER KEYSLOT.
  it.each([
    ['foo', 12182],
    ['bar', 5061],
    ['user1000', 3443],
    ['{user1000}.following', 3443],
    ['{user1000}.followers', 3443],
    ['{}foo', 9500],
    ['foo{}{bar}', 8363],
    ['foo{{bar}}zap', 4015],
    ['foo{bar}{zap}', 5061],
    ['{bar', 4015],
    ['tuki', 4387],
    ['{tuki}:jobs:short:wait', 4387],
    ['', 0],
  ])('puts %p in slot %p as Redis CLUSTER KEYSLOT does', (key, slot) => {
    expect(clusterSlot(key)).toBe(slot);
  });

  it('hashes only the first non-empty tag, so two keys sharing it meet in one slot', () => {
    expect(clusterSlot('{user1000}.following')).toBe(clusterSlot('{user1000}.followers'));
    expect(clusterSlot('{user1000}.following')).toBe(clusterSlot('user1000'));
    expect(clusterSlot('foo{bar}{zap}')).toBe(clusterSlot('bar'));
  });

  it('hashes the whole key when the first tag is empty', () => {
    expect(clusterSlot('{}foo')).not.toBe(clusterSlot('foo'));
    expect(clusterSlot('{}foo')).not.toBe(clusterSlot(''));
    expect(clusterSlot('{}{foo}')).not.toBe(clusterSlot('foo'));
  });

  it('handles keys with multi-byte characters by their UTF-8 bytes', () => {
    expect(clusterSlot('{äiti}:a')).toBe(clusterSlot('{äiti}:b'));
    expect(clusterSlot('äiti')).toBe(clusterSlot('{äiti}:b'));
  });
});

describe('one deployment, one Redis Cluster slot', () => {
  it.each(['tuki', 't-cluster-slot-test', 'helpline:prod'])(
    'keeps every key a multi-key script of ours touches under prefix %p in one slot',
    (prefix) => {
      const keys = new RedisKeys(prefix);
      const throttle = [
        ...signInThrottleKeys(keys, randomBytes(32), 'volunteer@example.org', '198.51.100.7'),
        ...signInThrottleKeys(keys, randomBytes(32), 'ADMIN@example.org', '2001:db8::'),
      ];
      const jobIds = ['x-1', 'event:test-consumer:6b3f2f0a-1d7e-4bb4-a2c1-4f1d0e7e9a11', 'callback:c1:attempt:2'];
      const bull = Object.values(JOB_FAMILIES).flatMap((family) => bullKeys(keys, family.queue, jobIds));
      const realtime = ['helpline:h1', 'helpline:h1:queue', 'user:u1'].map((stream) => keys.key('seq', stream));
      const others = [socketChannelKey(keys), keys.key('staff', 'session-version', 'u1')];

      const all = [...throttle, ...bull, ...realtime, ...others];
      const slots = slotsOf(all);

      expect([...slots.keys()]).toEqual([clusterSlot(prefix)]);
      expect(bull).toEqual(
        expect.arrayContaining([
          `{${prefix}}:jobs:short:wait`,
          `{${prefix}}:jobs:short:active`,
          `{${prefix}}:jobs:short:events`,
          `{${prefix}}:jobs:short:meta`,
          `{${prefix}}:jobs:short:x-1`,
          `{${prefix}}:jobs:long:wait`,
          `{${prefix}}:jobs:long:x-1:lock`,
        ]),
      );
    },
  );

  it('puts two deployments with different prefixes in their own tags', () => {
    const a = new RedisKeys('tuki-a');
    const b = new RedisKeys('tuki-b');
    expect(a.key('seq', 's')).not.toBe(b.key('seq', 's'));
    expect(clusterSlot(a.bullPrefix)).toBe(clusterSlot('tuki-a'));
    expect(clusterSlot(b.bullPrefix)).toBe(clusterSlot('tuki-b'));
  });
});

import { describe, expect, it } from '@jest/globals';
import type { ScopeFigures } from '@tuki/contracts';
import { connectionState } from './connection-status';
import { actionsFor, stateWords } from './agent-actions';
import {
  FALLBACK_TARGET,
  abandonmentStatus,
  gapStatus,
  serviceLevelStatus,
  strictestTarget,
  surgeStatus,
  waitStatus,
} from './thresholds';

const queue = (open: boolean, answerSeconds: number, percent: number) =>
  ({ open, target: { answerSeconds, percent } }) as ScopeFigures;

describe('dashboard colours', () => {
  it('judges the overall figures by the strictest open queue’s target', () => {
    const queues = [queue(true, 30, 80), queue(true, 20, 70), queue(false, 5, 99)];
    expect(strictestTarget(queues)).toEqual({ answerSeconds: 20, percent: 80 });
    expect(strictestTarget([queue(false, 60, 50)])).toEqual({ answerSeconds: 60, percent: 50 });
    expect(strictestTarget([])).toEqual(FALLBACK_TARGET);
  });

  it('turns service level amber within ten points under the target and red below', () => {
    const target = { answerSeconds: 20, percent: 80 };
    expect(serviceLevelStatus(0.8, target)).toBe('ok');
    expect(serviceLevelStatus(0.72, target)).toBe('warn');
    expect(serviceLevelStatus(0.69, target)).toBe('bad');
    expect(serviceLevelStatus(null, target)).toBe('none');
  });

  it('turns a wait red past twice the target answer time, and abandonment red above 10 %', () => {
    const target = { answerSeconds: 20, percent: 80 };
    expect(waitStatus(20, target)).toBe('ok');
    expect(waitStatus(40, target)).toBe('warn');
    expect(waitStatus(41, target)).toBe('bad');
    expect(abandonmentStatus(0.1)).toBe('warn');
    expect(abandonmentStatus(0.101)).toBe('bad');
    expect(abandonmentStatus(0.05)).toBe('ok');
  });

  it('marks surges and staffing gaps, and leaves a closed language uncoloured', () => {
    expect(surgeStatus('elevated')).toBe('warn');
    expect(surgeStatus('critical')).toBe('bad');
    expect(gapStatus(2, true)).toBe('bad');
    expect(gapStatus(2, false)).toBe('none');
  });
});

describe('the connection indicator', () => {
  it('is live with recent messages, stale after ten silent seconds, reconnecting when the socket is down', () => {
    expect(connectionState({ connected: true, lastMessageAt: null, now: 0 })).toBe('connecting');
    expect(connectionState({ connected: true, lastMessageAt: 1000, now: 11_000 })).toBe('live');
    expect(connectionState({ connected: true, lastMessageAt: 1000, now: 11_001 })).toBe('stale');
    expect(connectionState({ connected: false, lastMessageAt: 1000, now: 1500 })).toBe('reconnecting');
  });
});

describe('the agent board’s state control', () => {
  it('offers away and offline to an agent who is free, nothing to one who is talking or offline', () => {
    expect(actionsFor('available', null).map((a) => a.value)).toEqual([
      'away:break',
      'away:training',
      'away:admin-work',
      'away:other',
      'offline',
    ]);
    expect(actionsFor('away', 'break').map((a) => a.value)).not.toContain('away:break');
    expect(actionsFor('busy', null)).toEqual([]);
    expect(actionsFor('offline', null)).toEqual([]);
    expect(stateWords('away', 'missed-offers')).toBe('Away (missed offers)');
  });
});

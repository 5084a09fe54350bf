import { agentsNeededErlangA } from '../erlang-a';
import { agentsNeeded } from '../erlang-c';
import {
  DEFAULT_HANDLE_SECONDS,
  DEFAULT_PATIENCE_SECONDS,
  patienceSeconds,
  staffingGap,
  type LanguageLoad,
} from './staffing-gap';

const load: LanguageLoad = {
  language: 'fi',
  open: true,
  // 2 a minute = 120 an hour, 4 minutes each: 8 Erlangs.
  arrivalsPerMinute: 2,
  handleMs: 10 * 240_000,
  handled: 10,
  waitMs: 600_000,
  abandoned: 10,
  target: { answerSeconds: 20, percent: 80 },
  present: 5,
};

describe('staffingGap', () => {
  it('needs Erlang C and Erlang A agents for the target, against those present', () => {
    const gap = staffingGap(load);
    const target = { arrivalRatePerSecond: 2 / 60, handleTimeSeconds: 240, targetSeconds: 20, serviceLevel: 0.8 };
    expect(gap.ahtSeconds).toBe(240);
    expect(gap.patienceSeconds).toBe(60);
    expect(gap.neededErlangC).toBe(agentsNeeded(target));
    expect(gap.neededErlangA).toBe(agentsNeededErlangA({ ...target, patienceSeconds: 60 }));
    // 8 Erlangs, 240 s, 80/20 by hand: with 11 agents P(wait) = 0.245 and SL = 1 - 0.245 e^(-3 x 20 / 240) = 80.9 %;
    // with 10, P(wait) = 0.409 and SL = 65.4 %. So 11.
    expect(gap.neededErlangC).toBe(11);
    expect(gap.neededErlangA).toBeLessThanOrEqual(gap.neededErlangC);
    expect(gap.gap).toBe(gap.neededErlangA - 5);
    expect(gap.arrivalsPerHour).toBe(120);
  });

  it('needs nobody in a closed language or with no arrivals', () => {
    expect(staffingGap({ ...load, open: false })).toMatchObject({ neededErlangC: 0, neededErlangA: 0, gap: 0 });
    expect(staffingGap({ ...load, arrivalsPerMinute: 0 })).toMatchObject({ neededErlangC: 0, gap: 0 });
  });

  it('assumes a typical handle time and patience until there is data', () => {
    const gap = staffingGap({ ...load, handled: 0, handleMs: 0, abandoned: 2 });
    expect(gap.ahtSeconds).toBe(DEFAULT_HANDLE_SECONDS);
    expect(gap.patienceSeconds).toBe(DEFAULT_PATIENCE_SECONDS);
  });

  it('plans a 100 % target as 99 % (no finite staff answers everyone within the target)', () => {
    expect(staffingGap({ ...load, target: { answerSeconds: 20, percent: 100 } }).neededErlangC).toBe(
      agentsNeeded({ arrivalRatePerSecond: 2 / 60, handleTimeSeconds: 240, targetSeconds: 20, serviceLevel: 0.99 }),
    );
  });
});

describe('patienceSeconds', () => {
  it('is the total wait over the number who gave up (exponential patience, answered waits censored)', () => {
    // 20 callers waited 1,000 s in all; 5 gave up: mean patience 200 s.
    expect(patienceSeconds(1_000_000, 5)).toBe(200);
  });
});

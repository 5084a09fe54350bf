import type { StaffingGap } from '@tuki/contracts';
import { agentsNeededErlangA } from '../erlang-a';
import { agentsNeeded } from '../erlang-c';

/** Handle time assumed before any conversation was handled today: 8 minutes, a typical helpline call. */
export const DEFAULT_HANDLE_SECONDS = 480;
/** Patience assumed while fewer than `MIN_ABANDONS_FOR_PATIENCE` callers gave up today: 2 minutes. */
export const DEFAULT_PATIENCE_SECONDS = 120;
export const MIN_ABANDONS_FOR_PATIENCE = 5;

export interface LanguageLoad {
  language: string;
  open: boolean;
  arrivalsPerMinute: number;
  /** Talk + wrap-up ms and conversations handled (rolling 15 min, or today when the window has none). */
  handleMs: number;
  handled: number;
  /** Today's waits (answered and abandoned, ms) and abandons, for the patience estimate. */
  waitMs: number;
  abandoned: number;
  target: { answerSeconds: number; percent: number };
  present: number;
}

/**
 * Mean patience from today's callers: the total time everyone waited divided by the number who gave up. This is the
 * maximum-likelihood estimate for exponential patience when answered callers' waits are cut short (censored): each
 * of them waited that long without giving up.
 */
export function patienceSeconds(waitMs: number, abandoned: number): number {
  return abandoned >= MIN_ABANDONS_FOR_PATIENCE ? waitMs / abandoned / 1000 : DEFAULT_PATIENCE_SECONDS;
}

/** Agents needed now per language by Erlang C and Erlang A, against agents present. A closed language needs none. */
export function staffingGap(load: LanguageLoad): StaffingGap {
  const ahtSeconds = load.handled > 0 ? load.handleMs / load.handled / 1000 : DEFAULT_HANDLE_SECONDS;
  const patience = patienceSeconds(load.waitMs, load.abandoned);
  const rate = load.arrivalsPerMinute / 60;
  const target = {
    arrivalRatePerSecond: rate,
    handleTimeSeconds: ahtSeconds,
    targetSeconds: load.target.answerSeconds,
    // A target of 100 % cannot be met by any finite staff: plan for 99 %.
    serviceLevel: Math.min(load.target.percent, 99) / 100,
  };
  const needed = (compute: () => number) => (load.open && rate > 0 ? compute() : 0);
  const neededErlangC = needed(() => agentsNeeded(target));
  const neededErlangA = needed(() => agentsNeededErlangA({ ...target, patienceSeconds: patience }));
  return {
    language: load.language,
    open: load.open,
    arrivalsPerHour: load.arrivalsPerMinute * 60,
    ahtSeconds,
    patienceSeconds: patience,
    target: load.target,
    neededErlangC,
    neededErlangA,
    present: load.present,
    gap: Math.max(0, neededErlangA - load.present),
  };
}

import { SeededRandom } from '@tuki/metrics';
import type { Duration, Patience } from '../scenario/scenario.schema';

// Jest runs code in a vm context where each `Math.x` lookup in a hot loop is slow; bound once (as SeededRandom does).
const { cos, exp, log, sqrt, PI } = Math;

/** Draws from a scenario's distributions with one seeded stream, so a scenario and a seed give the same run. */
export class Sampler {
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = SeededRandom.fromSeed(seed);
  }

  uniform(): number {
    return this.random.next();
  }

  exponential(mean: number): number {
    return this.random.exponential(mean);
  }

  /** Seconds; a log-normal is parameterised by its own mean and standard deviation, as handle times are reported. */
  duration(duration: Duration): number {
    switch (duration.distribution) {
      case 'fixed':
        return duration.seconds;
      case 'exponential':
        return this.exponential(duration.meanSeconds);
      case 'lognormal': {
        const variance = log(1 + (duration.sdSeconds / duration.meanSeconds) ** 2);
        const mu = log(duration.meanSeconds) - variance / 2;
        return exp(mu + sqrt(variance) * this.standardNormal());
      }
    }
  }

  /** Seconds until the caller gives up; Infinity for callers who never do. */
  patience(patience: Patience): number {
    return patience.distribution === 'never' ? Infinity : this.duration(patience);
  }

  /** One key of `weights`, with probability proportional to its weight. */
  pick<K extends string>(weights: Partial<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let left = this.uniform() * total;
    for (const [key, weight] of entries) {
      left -= weight;
      if (left < 0) return key;
    }
    return entries.filter(([, weight]) => weight > 0).at(-1)![0];
  }

  chance(probability: number): boolean {
    return this.uniform() < probability;
  }

  /** Box-Muller; one of the pair is dropped, which costs a draw but keeps the stream's use independent of history. */
  private standardNormal(): number {
    const u = 1 - this.uniform();
    return sqrt(-2 * log(u)) * cos(2 * PI * this.uniform());
  }
}

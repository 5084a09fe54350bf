import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, lockForTransaction } from '@tuki/platform';
import { PrivacyBudgetExhaustedError } from '../statistics.errors';
import { PrivacyBudgetRow } from './statistics-entities';

/** What is left of a period's budget. */
export interface BudgetView {
  period: string;
  spent: number;
  budget: number;
  remaining: number;
}

const milli = (epsilon: number) => Math.round(epsilon * 1000);

/**
 * The privacy-budget ledger: per helpline and period, the epsilon spent by every analyst together. An export with
 * noise charges each of its periods before it is queued, in one transaction that holds the helpline's ledger lock,
 * so two analysts at the same moment cannot both spend the last of it. A failed export is not refunded: its noise may
 * have been drawn, and erring on the side of less release is the safe side.
 */
@Injectable()
export class PrivacyBudget {
  constructor(private readonly clock: Clock) {}

  async charge(
    manager: EntityManager,
    helplineId: string,
    periods: readonly string[],
    epsilon: number,
    budget: number,
  ): Promise<void> {
    if (epsilon === 0) return;
    await lockForTransaction(manager, `privacy-budget:${helplineId}`);
    const rows = await this.rows(manager, helplineId, periods);
    for (const period of periods) {
      const spent = rows.get(period)?.spentMilli ?? 0;
      if (spent + milli(epsilon) > milli(budget)) {
        throw new PrivacyBudgetExhaustedError(period, spent / 1000, epsilon, budget);
      }
    }
    for (const period of periods) {
      const spentMilli = (rows.get(period)?.spentMilli ?? 0) + milli(epsilon);
      await manager.save(PrivacyBudgetRow, { helplineId, period, spentMilli, updatedAt: this.clock.nowMs() });
    }
  }

  async view(manager: EntityManager, helplineId: string, periods: readonly string[], budget: number) {
    const rows = await this.rows(manager, helplineId, periods);
    return periods.map((period): BudgetView => {
      const spent = (rows.get(period)?.spentMilli ?? 0) / 1000;
      return { period, spent, budget, remaining: Math.max(0, Math.round((budget - spent) * 1000) / 1000) };
    });
  }

  private async rows(manager: EntityManager, helplineId: string, periods: readonly string[]) {
    const found = await manager.getRepository(PrivacyBudgetRow).find({ where: periods.map((period) => ({ helplineId, period })) });
    return new Map(found.map((row) => [row.period, row]));
  }
}

import { z } from 'zod';
import { DEFAULT_K, MIN_K, STATISTICS_GRAINS } from '@tuki/contracts';

/**
 * A helpline's statistics settings. `grain` is chosen once (it cannot change after the first export). The privacy
 * budget is the epsilon all analysts together may spend on each period with noised exports.
 */
export const statisticsSettingsSchema = z
  .object({
    grain: z.enum(STATISTICS_GRAINS),
    epsilonBudgetPerPeriod: z.number().min(0).max(100),
    defaultK: z.number().int().min(MIN_K).max(1000),
  })
  .strict();

export type StatisticsSettings = z.infer<typeof statisticsSettingsSchema>;

export const DEFAULT_STATISTICS_SETTINGS: StatisticsSettings = {
  grain: 'month',
  epsilonBudgetPerPeriod: 5,
  defaultK: DEFAULT_K,
};

import type { StatisticsDimension, StatisticsExportState, StatisticsMeasure, StatisticsReport } from '@tuki/contracts';

/** Words for the codes the API uses; the codes stay in the files (CSV and JSON) an analyst downloads. */
export const DIMENSION_LABELS: Record<StatisticsDimension, string> = {
  channel: 'Channel',
  queue: 'Queue',
  language: 'Language',
  category: 'Reason for contact',
  'age-band': 'Age band',
  gender: 'Gender',
  region: 'Region',
  outcome: 'Outcome',
  referral: 'Referral',
  'wait-band': 'Wait',
};

export const MEASURE_LABELS: Record<StatisticsMeasure, string> = {
  contacts: 'Contacts',
  callers: 'Callers (distinct)',
  answered: 'Answered',
  abandoned: 'Abandoned',
  callbacks: 'Callbacks',
};

export const STATE_LABELS: Record<StatisticsExportState, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export const REPORT_LABELS: Record<StatisticsReport, string> = {
  custom: 'Custom export',
  chi: 'Standard report (Child Helpline International)',
};

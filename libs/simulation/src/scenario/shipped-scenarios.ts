import breachSurge from '../../scenarios/breach-surge.json';
import drillSmoke from '../../scenarios/drill-smoke.json';
import normalWeek from '../../scenarios/normal-week.json';

/** The scenarios that ship with Tuki, by name; copy one to start your own. */
export const SHIPPED_SCENARIOS: Readonly<Record<string, unknown>> = {
  'normal-week': normalWeek,
  'breach-surge': breachSurge,
  'drill-smoke': drillSmoke,
};

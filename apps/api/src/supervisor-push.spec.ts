import type { SupervisorSnapshot } from '@tuki/contracts';
import { changedParts } from './supervisor-push';

const base = {
  helplineId: 'h',
  generatedAt: 1,
  timeZone: 'Europe/Helsinki',
  day: '2026-12-02',
  complete: true,
  overall: { waiting: 1 },
  queues: [],
  languages: [],
  staffing: [],
  agents: [],
  overdueCallbacks: [],
  alerts: [],
  helpRequests: [],
  chart: [],
} as unknown as SupervisorSnapshot;

describe('changedParts', () => {
  it('sends only the parts that differ, with the time they were built', () => {
    const next = { ...base, generatedAt: 2, overall: { waiting: 2 } } as unknown as SupervisorSnapshot;
    expect(changedParts(base, next)).toEqual({ overall: { waiting: 2 }, generatedAt: 2 });
  });

  it('finds nothing changed when only the time moved', () => {
    expect(changedParts(base, { ...base, generatedAt: 5 })).toBeUndefined();
  });
});

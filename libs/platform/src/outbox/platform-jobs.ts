import type { JobFamilyName } from '../jobs/job-families';

/** The platform's own jobs; the domain's are in @tuki/contracts (`JobPayloads`). */
export interface PlatformJobPayloads {
  'platform.deliver-event': { helplineId: string; eventId: string; consumer: string };
}

export const PLATFORM_JOBS = { deliverEvent: 'platform.deliver-event' } as const;

export const PLATFORM_JOB_CATALOGUE: { [N in keyof PlatformJobPayloads]: JobFamilyName } = {
  'platform.deliver-event': 'short',
};

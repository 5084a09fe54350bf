import type { JobFamilyName } from '../jobs/job-families';

/** The platform's own jobs; the domain's are in @tuki/contracts (`JobPayloads`). */
export interface PlatformJobPayloads {
  'platform.deliver-event': { helplineId: string; eventId: string; consumer: string };
  /** The same, for a background consumer (a read model), in the background family. */
  'platform.deliver-background-event': { helplineId: string; eventId: string; consumer: string };
}

export const PLATFORM_JOBS = {
  deliverEvent: 'platform.deliver-event',
  deliverBackgroundEvent: 'platform.deliver-background-event',
} as const;

export const PLATFORM_JOB_CATALOGUE: { [N in keyof PlatformJobPayloads]: JobFamilyName } = {
  'platform.deliver-event': 'short',
  'platform.deliver-background-event': 'background',
};

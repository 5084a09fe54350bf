/**
 * What other domains may ask about a helpline without importing staff: its time zone (statistics days and weeks,
 * local times). Implemented by staff's HelplinesService and wired in the apps.
 */
export interface HelplineDirectory {
  timeZoneOf(helplineId: string): Promise<string>;
}

/** The injection token of the deployment's helpline directory. */
export const HELPLINE_DIRECTORY = Symbol('HELPLINE_DIRECTORY');

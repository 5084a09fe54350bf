/**
 * Every domain job: name (`'<lib>.<verb-noun>'`) to payload. Payloads carry ids, never personal data, and always the
 * helpline id. The platform's own jobs (event delivery) are declared in @tuki/platform.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- later issues add their jobs here.
export interface JobPayloads {}

/** The family (lock and stall settings) of each domain job; the worker refuses to boot if one has no handler. */
export const JOB_CATALOGUE: { [N in keyof JobPayloads]: 'short' | 'long' } = {};

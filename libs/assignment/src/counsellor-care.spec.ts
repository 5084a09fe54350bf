import {
  NO_CARE_CAP,
  careAllows,
  chooseContact,
  isHighRisk,
  rankForAgent,
  type AgentProfile,
  type CareRules,
  type QueueRules,
  type RankedContact,
} from './routing-rules';

const T0 = Date.parse('2026-11-29T09:00:00Z');
const SEC = 1000;

const queue: QueueRules = {
  queueId: 'q-breach',
  requiredSkills: {},
  strategy: 'longest-idle',
  ageingMs: 600 * SEC,
  widening: [],
};

const contact = (id: string, overrides: Partial<RankedContact> = {}): RankedContact => ({
  id,
  priority: 'normal',
  language: 'fi',
  channel: 'voice',
  firstArrivedAt: T0,
  ...overrides,
});

const agent = (highRiskStreak: number): AgentProfile => ({
  id: 'maija',
  languages: ['fi'],
  skills: {},
  highRiskStreak,
});

/** Cap 2, override after 3 minutes. */
const care: CareRules = { highRiskCap: 2, capOverrideAfterMs: 180 * SEC };

describe('what counts as high-risk', () => {
  it('is any contact with a risk flag, or an urgent one', () => {
    expect(isHighRisk({ priority: 'normal', riskFlags: ['self-harm'] })).toBe(true);
    expect(isHighRisk({ priority: 'low', riskFlags: ['other'] })).toBe(true);
    expect(isHighRisk({ priority: 'urgent', riskFlags: [] })).toBe(true);
    expect(isHighRisk({ priority: 'high', riskFlags: [] })).toBe(false);
    expect(isHighRisk({ priority: 'normal', riskFlags: [] })).toBe(false);
  });
});

describe('counsellor care in routing', () => {
  // The high-risk caller ranks first (high priority, and waiting longer); the normal one waits behind.
  const heads = [
    {
      contact: contact('danger', { priority: 'high', highRisk: true, firstArrivedAt: T0 - 60 * SEC }),
      rules: queue,
    },
    { contact: contact('normal', { firstArrivedAt: T0 - 30 * SEC }), rules: queue },
  ];

  it('offers an agent under the cap the best-ranked contact, high-risk or not', () => {
    expect(chooseContact(agent(1), heads, T0, care)?.contact.id).toBe('danger');
  });

  it('offers an agent at the cap the normal contact instead of the high-risk one ranked above it', () => {
    expect(chooseContact(agent(2), heads, T0, care)?.contact.id).toBe('normal');
    expect(chooseContact(agent(5), heads, T0, care)?.contact.id).toBe('normal');
  });

  it('offers an agent at the cap nothing while only high-risk callers wait, until one has waited past the override', () => {
    const onlyDanger = [heads[0]];
    expect(chooseContact(agent(2), onlyDanger, T0, care)).toBeUndefined();
    // danger arrived at T0 - 60 s: at T0 + 119 s it has waited 179 s, at T0 + 120 s the full 3 minutes.
    expect(chooseContact(agent(2), onlyDanger, T0 + 119 * SEC, care)).toBeUndefined();
    expect(chooseContact(agent(2), onlyDanger, T0 + 120 * SEC, care)?.contact.id).toBe('danger');
  });

  it('lets a high-risk caller who waited past the override go over the cap, in their place in the order', () => {
    const later = T0 + 200 * SEC;
    expect(rankForAgent(agent(3), heads, later, care).map((h) => h.contact.id)).toEqual(['danger', 'normal']);
  });

  it('holds nobody back with cap 0 (no cap), or with no care rules at all', () => {
    expect(chooseContact(agent(40), heads, T0, { highRiskCap: 0, capOverrideAfterMs: 180 * SEC })?.contact.id).toBe(
      'danger',
    );
    expect(chooseContact(agent(40), heads, T0)?.contact.id).toBe('danger');
    expect(careAllows(agent(40), heads[0].contact, NO_CARE_CAP, T0)).toBe(true);
  });

  it('never holds a high-risk caller back when the override is 0', () => {
    expect(careAllows(agent(9), heads[0].contact, { highRiskCap: 2, capOverrideAfterMs: 0 }, T0)).toBe(true);
  });

  it('counts an agent with no streak recorded as at 0', () => {
    const fresh: AgentProfile = { id: 'new', languages: ['fi'], skills: {} };
    expect(chooseContact(fresh, heads, T0, { highRiskCap: 1, capOverrideAfterMs: 180 * SEC })?.contact.id).toBe(
      'danger',
    );
  });
});

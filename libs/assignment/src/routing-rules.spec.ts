import {
  canServe,
  chooseAgent,
  chooseContact,
  compareContacts,
  hasRoomFor,
  relaxation,
  type AgentCandidate,
  type QueueRules,
  type RankedContact,
} from './routing-rules';

const T0 = Date.parse('2026-11-29T09:00:00Z');
const MIN = 60_000;

const rules = (overrides: Partial<QueueRules> = {}): QueueRules => ({
  queueId: 'q-breach',
  requiredSkills: { extortion: 5 },
  strategy: 'longest-idle',
  ageingMs: 10 * MIN,
  widening: [],
  ...overrides,
});

const contact = (id: string, overrides: Partial<RankedContact> = {}): RankedContact => ({
  id,
  priority: 'normal',
  language: 'fi',
  channel: 'voice',
  firstArrivedAt: T0,
  ...overrides,
});

const agent = (id: string, overrides: Partial<AgentCandidate> = {}): AgentCandidate => ({
  id,
  languages: ['fi'],
  skills: { extortion: 5 },
  idleSince: T0,
  occupancy: 0,
  lastOfferedAt: 0,
  ...overrides,
});

describe('routing order', () => {
  it('offers the urgent Finnish caller before the older normal one', () => {
    const older = contact('older', { firstArrivedAt: T0 - 30 * MIN });
    const urgent = contact('urgent', { priority: 'urgent', firstArrivedAt: T0 });
    expect([older, urgent].sort((a, b) => compareContacts(a, b, 10 * MIN)).map((c) => c.id)).toEqual([
      'urgent',
      'older',
    ]);
  });

  it('serves equal priorities by the longest wait since first arrival', () => {
    const first = contact('first', { firstArrivedAt: T0 - 2 * MIN });
    const second = contact('second', { firstArrivedAt: T0 - MIN });
    expect(compareContacts(first, second, 10 * MIN)).toBeLessThan(0);
  });

  it('ages a low contact past newer normal ones so it never starves, but never past an urgent one', () => {
    const low = contact('low', { priority: 'low', firstArrivedAt: T0 - 25 * MIN });
    const normal = contact('normal', { priority: 'normal', firstArrivedAt: T0 });
    const urgent = contact('urgent', { priority: 'urgent', firstArrivedAt: T0 });
    expect(compareContacts(low, normal, 10 * MIN)).toBeLessThan(0);
    expect(compareContacts(low, urgent, 10 * MIN)).toBeGreaterThan(0);
    const freshLow = contact('fresh-low', { priority: 'low', firstArrivedAt: T0 - 5 * MIN });
    expect(compareContacts(freshLow, normal, 10 * MIN)).toBeGreaterThan(0);
  });
});

describe('who may serve whom', () => {
  it('never offers a Swedish caller to an agent without Swedish, however long they wait', () => {
    const swedish = contact('sv', { language: 'sv', firstArrivedAt: T0 - 60 * MIN });
    const queue = rules({ widening: [{ afterMs: MIN, relaxBy: 'any' }] });
    expect(canServe(agent('fi-only'), swedish, queue, T0)).toBe(false);
    expect(canServe(agent('bilingual', { languages: ['fi', 'sv'] }), swedish, queue, T0)).toBe(true);
  });

  it('widens to lower skill levels after the first step and to any agent with the language after the last', () => {
    const queue = rules({
      widening: [
        { afterMs: MIN, relaxBy: 2 },
        { afterMs: 3 * MIN, relaxBy: 'any' },
      ],
    });
    const novice = agent('novice', { skills: { extortion: 3 } });
    const untrained = agent('untrained', { skills: {} });
    const waiting = (ms: number) => contact('c', { firstArrivedAt: T0 - ms });
    expect(canServe(novice, waiting(30_000), queue, T0)).toBe(false);
    expect(canServe(novice, waiting(MIN), queue, T0)).toBe(true);
    expect(canServe(untrained, waiting(2 * MIN), queue, T0)).toBe(false);
    expect(canServe(untrained, waiting(3 * MIN), queue, T0)).toBe(true);
    expect(relaxation(queue.widening, 0)).toBe(0);
  });

  it("widens without changing the contact's place: its rank does not depend on how far it widened", () => {
    const queue = rules({ widening: [{ afterMs: MIN, relaxBy: 'any' }] });
    const older = contact('older', { firstArrivedAt: T0 - 2 * MIN });
    const newer = contact('newer', { firstArrivedAt: T0 - 30_000 });
    const untrained = agent('untrained', { skills: {} });
    const picked = chooseContact(
      untrained,
      [
        { contact: newer, rules: queue },
        { contact: older, rules: queue },
      ],
      T0,
    );
    expect(picked?.contact.id).toBe('older');
  });
});

describe('strategies', () => {
  const pool = [
    agent('idle-longest', {
      idleSince: T0 - 10 * MIN,
      occupancy: 0.5,
      lastOfferedAt: T0 - MIN,
      skills: { extortion: 6 },
    }),
    agent('least-busy', {
      idleSince: T0 - 5 * MIN,
      occupancy: 0,
      lastOfferedAt: T0 - 2 * MIN,
      skills: { extortion: 7 },
    }),
    agent('expert', { idleSince: T0 - MIN, occupancy: 0.3, lastOfferedAt: T0 - 20 * MIN, skills: { extortion: 10 } }),
  ];

  it.each([
    ['longest-idle', 'idle-longest'],
    ['least-occupied', 'least-busy'],
    ['round-robin', 'expert'],
    ['best-skill', 'expert'],
  ] as const)('with %s picks %s', (strategy, expected) => {
    expect(chooseAgent(pool, rules({ strategy }))?.id).toBe(expected);
  });

  it('breaks ties by the longest idle agent, so the choice is the same every time', () => {
    const twins = [agent('b', { idleSince: T0 }), agent('a', { idleSince: T0 }), agent('c', { idleSince: T0 - 1 })];
    expect(chooseAgent(twins, rules({ strategy: 'least-occupied' }))?.id).toBe('c');
    expect(chooseAgent(twins.slice(0, 2), rules())?.id).toBe('a');
  });
});

describe('an agent choosing among queue heads', () => {
  it('takes the best-ranked head it may serve, skipping heads in languages it lacks', () => {
    const queue = rules();
    const heads = [
      { contact: contact('sv-urgent', { language: 'sv', priority: 'urgent' }), rules: queue },
      { contact: contact('fi-high', { priority: 'high', firstArrivedAt: T0 - MIN }), rules: queue },
      { contact: contact('fi-normal', { firstArrivedAt: T0 - 5 * MIN }), rules: queue },
    ];
    expect(chooseContact(agent('fi'), heads, T0)?.contact.id).toBe('fi-high');
    expect(chooseContact(agent('nobody', { languages: ['en'] }), heads, T0)).toBeUndefined();
  });
});

describe('hasRoomFor', () => {
  const capacity = { voice: 1, chat: 3, callback: 1 };
  const none = { voice: 0, chat: 0, callback: 0 };

  it('keeps each channel within its capacity', () => {
    expect(hasRoomFor(none, capacity, 'chat', true)).toBe(true);
    expect(hasRoomFor({ ...none, chat: 3 }, capacity, 'chat', false)).toBe(false);
    expect(hasRoomFor(none, { ...capacity, callback: 0 }, 'callback', true)).toBe(false);
  });

  it('treats the phone as one: a callback and a voice call never go to one agent at once', () => {
    expect(hasRoomFor({ ...none, voice: 1 }, { ...capacity, callback: 2 }, 'callback', false)).toBe(false);
    expect(hasRoomFor({ ...none, callback: 1 }, { ...capacity, voice: 2 }, 'voice', false)).toBe(false);
  });

  it('blocks chats during any phone call where the queue says so', () => {
    expect(hasRoomFor({ ...none, callback: 1 }, capacity, 'chat', true)).toBe(false);
    expect(hasRoomFor({ ...none, voice: 1 }, capacity, 'chat', true)).toBe(false);
    expect(hasRoomFor({ ...none, callback: 1 }, capacity, 'chat', false)).toBe(true);
  });
});

import type { ScopeFigures, WindowFigures } from '@tuki/contracts';
import { loadScenario, parseScenario } from '../scenario/scenario-loader';
import { compressedQueue } from './drill-compression';
import { observedHours, type DrillClock } from './drill-figures';
import type { DrillRecording, HistoryEntry, RecordedContact } from './drill-recording';
import { liveBetween } from './live-figures';

const T0 = 1_800_000_000_000;
const SPEED = 60;
/** At 60x a simulated hour is a real minute. */
const clock: DrillClock = { realStart: T0, speed: SPEED, clockOffsetMs: 0 };
const MINUTE = 60_000;

/** A contact that arrived `atSimMinutes` into the scenario and went through `steps` (real ms after its arrival). */
function contact(id: string, atSimMinutes: number, steps: [number, string, string][]): RecordedContact {
  const arrived = T0 + (atSimMinutes * MINUTE) / SPEED;
  const history: HistoryEntry[] = [
    { at: arrived, from: null, to: 'queued', change: 'created', agentId: null, reason: null },
  ];
  for (const [after, to, change] of steps)
    history.push({ at: arrived + after, from: history.at(-1)!.to, to, change, agentId: 'agent', reason: null });
  return {
    id,
    arrivedOn: 'voice',
    channel: steps.some(([, , change]) => change === 'request-callback') ? 'callback' : 'voice',
    language: 'qaa',
    priority: 'normal',
    riskFlags: [],
    state: history.at(-1)!.to,
    agentId: null,
    firstArrivedAt: arrived,
    history,
  };
}

describe("the drill's figures", () => {
  it("counts callers with the planner's definitions: by the hour they arrived, waits to the accept, in simulated time", () => {
    const scenario = parseScenario({ ...loadScenario('drill-smoke'), hours: 2 });
    const served = (wait: number): [number, string, string][] => [
      [wait - 50, 'offered', 'offer'],
      [wait, 'connected', 'accept'],
      [wait + 2000, 'wrap-up', 'end-conversation'],
      [wait + 2500, 'completed', 'finish-wrap-up'],
    ];
    const contacts = [
      contact('quick', 10, served(500)), // 30 s simulated: within the 60 s target
      contact('slow', 20, served(2000)), // 120 s: not within
      contact('gave-up', 30, [[4000, 'abandoned', 'abandon']]),
      contact('left-a-number', 70, [
        [100, 'callback-pending', 'request-callback'],
        [3000, 'offered', 'offer'],
        [3050, 'connected', 'accept'],
        [5000, 'wrap-up', 'end-conversation'],
        [5500, 'completed', 'finish-wrap-up'],
      ]),
      contact('gave-up-on-offer', 80, [
        [1000, 'offered', 'offer'],
        [1010, 'abandoned', 'abandon'],
      ]),
    ];
    const recording: DrillRecording = {
      queue: {
        id: 'q',
        ageingMs: 45_000,
        offerTimeoutMs: 5000,
        voiceBlocksChat: true,
        callbackInitialDelayMs: 0,
        callbackRetryDelaysMs: [],
      },
      care: { highRiskCap: 0, capOverrideAfterMs: 0 },
      agents: [],
      contacts,
      callbacks: [
        {
          id: 'left-a-number',
          status: 'completed',
          requestedAt: contacts[3].history[1].at,
          closedAt: contacts[3].history.at(-1)!.at,
          nextAttemptAt: null,
          promisedBy: T0 + 900_000,
          attempts: [],
        },
      ],
      offers: [],
      failedIntakes: [],
      clockOffsetMs: 0,
    };
    const callers = contacts.map((c, i) => ({
      atMs: [10, 20, 30, 70, 80][i] * MINUTE,
      language: 'fi',
      contactId: c.id,
      tookCallback: c.id === 'left-a-number',
    }));
    // Two agents on duty the whole first hour, one for half the second.
    const duty: [number, number][][] = [[[0, 2 * MINUTE]], [[0, 1.5 * MINUTE]]];
    const { hours, summary } = observedHours({ scenario, clock, callers, recording, duty });
    expect(hours[0]).toMatchObject({
      arrivals: 3,
      answered: 2,
      answeredWithinTarget: 1,
      abandoned: 1,
      tookCallback: 0,
      serviceLevel: 0.3333,
      meanWaitSeconds: 75,
      abandonment: 0.3333,
      agentsOnDuty: 2,
    });
    // The callback's call is not an answer to a caller on the line; the hour's callback is still open at its end.
    expect(hours[1]).toMatchObject({
      arrivals: 2,
      answered: 0,
      abandoned: 1,
      tookCallback: 1,
      serviceLevel: 0,
      callbacksPending: 0,
      agentsOnDuty: 1.5,
    });
    expect(summary).toMatchObject({
      arrivals: 5,
      serviceLevel: 0.25,
      callbacksRequested: 1,
      callbacksCompleted: 1,
      meanCallbackDelaySeconds: 324,
    });
  });

  it('takes live figures as the difference of two samples, short abandons added back, across a turn of the day', () => {
    const figures = (w: Partial<WindowFigures>): LiveSampleQueue => ({
      windows: {
        today: {
          arrivals: 0,
          answered: 0,
          answeredWithinTarget: 0,
          abandoned: 0,
          shortAbandons: 0,
          abandonedWithinTarget: 0,
          asaSeconds: null,
          serviceLevel: { answeredOnly: null, withAbandons: null },
          abandonmentRate: null,
          handled: 0,
          ahtSeconds: null,
          offers: { made: 0, accepted: 0, declined: 0, timedOut: 0 },
          estimateError: { count: 0, meanSeconds: null, meanAbsoluteSeconds: null },
          callbacks: { requested: 0, completed: 0, expired: 0 },
          ...w,
        },
      },
      callbacks: { pending: 1, due: 2, overdue: 0 },
      waiting: 3,
    });
    const from = { at: T0, queue: figures({ arrivals: 10, answered: 6, asaSeconds: 1, abandoned: 1 }) as ScopeFigures };
    const to = {
      at: T0 + MINUTE,
      queue: figures({
        arrivals: 30,
        answered: 16,
        answeredWithinTarget: 12,
        asaSeconds: 1.6,
        abandoned: 3,
        shortAbandons: 2,
        callbacks: { requested: 4, completed: 1, expired: 0 },
      }) as ScopeFigures,
    };
    expect(liveBetween(0, from, to, SPEED)).toMatchObject({
      arrivals: 20,
      answered: 10,
      // (16 x 1.6 - 6 x 1) / 10 real seconds of wait, at 60x
      meanWaitSeconds: 117.6,
      abandoned: 4,
      serviceLevel: 0.75,
      abandonment: 0.2,
      callbacksPending: 3,
      waiting: 3,
    });
    // The helpline's day turned between the samples: today's counters started again from zero.
    const nextDay = { at: T0 + 2 * MINUTE, queue: figures({ arrivals: 5, answered: 2 }) as ScopeFigures };
    expect(liveBetween(1, to, nextDay, SPEED)).toMatchObject({ arrivals: 5, answered: 2 });
  });

  it("compresses the queue's timeouts, clamped where the API will not go lower, and says so", () => {
    const { definition, settings } = compressedQueue(loadScenario('drill-smoke'), SPEED, 'drill', ['qaa', 'qab']);
    expect(definition).toMatchObject({
      targetAnswerSeconds: 1,
      offerTimeoutSeconds: 5,
      ageingSeconds: 45,
      voiceBlocksChat: true,
      callbackPolicy: { enabled: true, maxAttempts: 1, offerAfterWaitSeconds: 2, retryDelaysSeconds: [60] },
    });
    const setting = (name: string) => settings.find((s) => s.name === name);
    expect(setting('offer timeout')).toMatchObject({
      wantedRealSeconds: 0.5,
      appliedRealSeconds: 5,
      simulatedSeconds: 300,
    });
    expect(setting('offer timeout')?.note).toMatch(/^the API takes 5-300 s/);
    expect(setting('ageing per priority level')).toMatchObject({ appliedRealSeconds: 45, note: null });
    expect(setting('callback: retry 1 after')?.note).toMatch(/60 s or more/);
  });
});

type LiveSampleQueue = Pick<ScopeFigures, 'callbacks' | 'waiting'> & { windows: { today: WindowFigures } };

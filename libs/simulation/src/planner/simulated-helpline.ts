import { DateTime } from 'luxon';
import {
  InMemoryRoutingStore,
  Router,
  estimateWaitMs,
  rankScore,
  type Offer,
  type QueuedEntry,
  type RoutingQueueDefinition,
} from '@tuki/assignment';
import { callbackDeadline, firstAttemptAt, overduePriority, promiseTime, retryAt } from '@tuki/callbacks';
import { shouldOfferCallback, type CallbackPolicy } from '@tuki/queueing';
import type { Channel, Priority } from '@tuki/contracts';
import type { Scenario } from '../scenario/scenario.schema';
import { callbackPolicyOf } from '../scenario/scenario-loader';
import { ArrivalRate } from './arrival-rate';
import { EventQueue } from './event-queue';
import { HourlyLedger, type CallbackTotals } from './hourly-ledger';
import { rosterOf, type HourlyStaffing, type RosteredAgent } from './roster';
import { Sampler } from './sampling';

const HOUR_MS = 3_600_000;
const HELPLINE = 'planned-helpline';
const QUEUE = 'planned-queue';
/** Contacts still open this long after the last arrival are left unfinished (a run must end). */
const PLAY_OUT_MS = 96 * HOUR_MS;
/** About 20 ms of simulation between turns of the event loop. */
const YIELD_EVERY_EVENTS = 1000;

interface SimContact {
  id: string;
  language: string;
  channel: Channel;
  priority: Priority;
  highRisk: boolean;
  /** When the caller first reached the helpline (a callback keeps its caller's), epoch ms. */
  arrivedAt: number;
  state: 'waiting' | 'offered' | 'connected' | 'ended';
  acceptedAt?: number;
  /** Talk time, drawn when the caller arrives (a callback's, when the attempt is answered). */
  handleMs: number;
  version: number;
  callback?: SimCallback;
  agentId?: string;
}

interface SimCallback {
  id: string;
  requestedAt: number;
  language: string;
  priority: Priority;
  highRisk: boolean;
  promisedBy: number;
  deadline: number;
  attempts: number;
  open: boolean;
}

interface SimAgent {
  spec: RosteredAgent;
  onDuty: boolean;
  wrapping: number;
  holds: number;
  idleSince: number;
}

type SimEvent =
  | { kind: 'arrival' }
  | { kind: 'abandon'; contact: SimContact }
  | { kind: 'accept'; contact: SimContact; agent: SimAgent }
  | { kind: 'end'; contact: SimContact; agent: SimAgent; answered: boolean }
  | { kind: 'wrapped'; agent: SimAgent }
  | { kind: 'duty'; agent: SimAgent; on: boolean }
  | { kind: 'callback-due'; callback: SimCallback }
  | { kind: 'callback-overdue'; contact: SimContact }
  | { kind: 'hour-end'; hour: number };

export interface SimulationOptions {
  /** Hourly agents per team instead of the scenario's roster (the staffing search's proposal). */
  staffing?: HourlyStaffing;
}

export interface SimulationResult {
  ledger: HourlyLedger;
  callbacks: CallbackTotals;
  events: number;
  contacts: number;
}

/**
 * One run of a scenario on a virtual clock, through Tuki's own routing core (the Router over the in-memory store, with
 * the pure routing rules) and its callback rules (when to offer one, when to try, what to promise, when it is overdue):
 * the planner plays what production would decide. Arrivals are a Poisson process whose rate follows the scenario
 * (sampled by thinning); handle times, patience and callers' choices come from one seeded stream, so a scenario and a
 * seed always give the same figures.
 */
export class SimulatedHelpline {
  private readonly store = new InMemoryRoutingStore();
  private readonly events = new EventQueue<SimEvent>();
  /** Callers: when they come and everything about them, drawn in arrival order whatever the staffing. */
  private readonly callers: Sampler;
  /** What happens after: callback attempts answered or not, their talk times. */
  private readonly outcomes: Sampler;
  private readonly rate: ArrivalRate;
  private readonly router: Router;
  private readonly queue: RoutingQueueDefinition;
  private readonly policy: CallbackPolicy | undefined;
  private readonly ledger: HourlyLedger;
  private readonly agents: SimAgent[];
  private readonly startMs: number;
  private readonly arrivalsEndMs: number;
  private readonly contacts = new Map<string, SimContact>();
  private readonly openCallbacks = new Set<SimCallback>();
  private readonly callbackTotals: CallbackTotals = {
    requested: 0,
    completed: 0,
    failed: 0,
    delaySecondsOfCompleted: 0,
  };
  private readonly handled = { count: 0, totalMs: 0 };
  private readonly agentIndex = new Map<string, SimAgent>();
  private now: number;
  private nextId = 0;
  private eventCount = 0;

  constructor(
    private readonly scenario: Scenario,
    options: SimulationOptions = {},
  ) {
    // Two streams, so the callers of a scenario are the same callers whatever the staffing (common random numbers):
    // the staffing search compares rosters on the same week, not on a different week each round.
    this.callers = new Sampler(scenario.seed);
    this.outcomes = new Sampler(scenario.seed ^ 0x5bd1e995);
    this.rate = new ArrivalRate(scenario);
    this.startMs = DateTime.fromISO(scenario.startAt).toMillis();
    this.now = this.startMs;
    this.arrivalsEndMs = this.startMs + scenario.hours * HOUR_MS;
    this.router = new Router(this.store, () => this.now);
    this.queue = {
      queueId: QUEUE,
      requiredSkills: {},
      strategy: scenario.queue.strategy,
      ageingMs: scenario.queue.ageingSeconds * 1000,
      widening: [],
      languages: Object.keys(scenario.arrivals.languages),
      offerTimeoutMs: scenario.queue.offerTimeoutSeconds * 1000,
      voiceBlocksChat: true,
    };
    this.policy = scenario.callbacks ? callbackPolicyOf(scenario) : undefined;
    const { answerWithinSeconds, serviceLevel } = scenario.target;
    this.ledger = new HourlyLedger(this.startMs, scenario.hours, scenario.timeZone, answerWithinSeconds, serviceLevel);
    this.agents = rosterOf(scenario, this.arrivalsEndMs + PLAY_OUT_MS, options.staffing).map((spec) => ({
      spec,
      onDuty: false,
      wrapping: 0,
      holds: 0,
      idleSince: this.startMs,
    }));
    this.agents.forEach((agent) => this.agentIndex.set(agent.spec.agentId, agent));
  }

  async run(): Promise<SimulationResult> {
    for (const agent of this.agents) {
      for (const [from, to] of agent.spec.onDuty) {
        this.events.schedule(from, { kind: 'duty', agent, on: true });
        this.events.schedule(to, { kind: 'duty', agent, on: false });
      }
    }
    for (let hour = 0; hour < this.ledger.hours; hour++) {
      this.events.schedule(this.startMs + (hour + 1) * HOUR_MS, { kind: 'hour-end', hour });
    }
    this.scheduleNextArrival();
    const stopAt = this.arrivalsEndMs + PLAY_OUT_MS;
    for (let next = this.events.next(); next && next.at <= stopAt; next = this.events.next()) {
      this.now = next.at;
      this.eventCount += 1;
      await this.handle(next.event);
      // Promises alone never let timers or I/O in: a run inside a server (the dashboard's plans run in the worker)
      // gives its event loop a turn every few milliseconds.
      if (this.eventCount % YIELD_EVERY_EVENTS === 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.now >= this.arrivalsEndMs && this.contacts.size === 0 && this.openCallbacks.size === 0) break;
    }
    this.recordLevels();
    return { ledger: this.ledger, callbacks: this.callbackTotals, events: this.eventCount, contacts: this.nextId };
  }

  private async handle(event: SimEvent): Promise<void> {
    switch (event.kind) {
      case 'arrival':
        return this.arrival();
      case 'abandon':
        return this.abandon(event.contact);
      case 'accept':
        return this.accept(event.contact, event.agent);
      case 'end':
        return this.end(event.contact, event.agent, event.answered);
      case 'wrapped':
        event.agent.wrapping -= 1;
        this.recordLevels();
        return this.offerWhileRoom(event.agent);
      case 'duty':
        return this.duty(event.agent, event.on);
      case 'callback-due':
        return this.callbackDue(event.callback);
      case 'callback-overdue':
        return this.callbackOverdue(event.contact);
      case 'hour-end': {
        const overdue = [...this.openCallbacks].filter((c) => c.promisedBy <= this.now).length;
        this.ledger.callbacksAtHourEnd(event.hour, this.openCallbacks.size, overdue);
        return;
      }
    }
  }

  /** Non-homogeneous Poisson arrivals by thinning (Lewis and Shedler): candidates at the peak rate, kept at rate(t)/peak. */
  private scheduleNextArrival(): void {
    const peakPerMs = this.rate.maxPerHour / HOUR_MS;
    let at = this.now;
    for (;;) {
      at += this.callers.exponential(1 / peakPerMs);
      if (at >= this.arrivalsEndMs) return;
      if (this.callers.uniform() * this.rate.maxPerHour <= this.rate.perHourAt(at)) break;
    }
    this.events.schedule(at, { kind: 'arrival' });
  }

  private async arrival(): Promise<void> {
    this.scheduleNextArrival();
    const { arrivals } = this.scenario;
    const language = this.callers.pick(arrivals.languages);
    const channel = this.callers.pick<'voice' | 'chat'>(arrivals.channels);
    const priority = this.callers.pick<Priority>(arrivals.priorities);
    const highRisk = this.callers.chance(arrivals.highRiskShare);
    const patienceMs = this.callers.patience(this.scenario.patience) * 1000;
    const handleMs = this.callers.duration(this.handleTimeOf(channel)) * 1000;
    // Drawn now even when unused, so a caller's choices do not shift the stream for everyone after them.
    const takesCallback = this.callers.chance(this.scenario.callbacks?.takeShare ?? 0);
    this.ledger.arrived(this.now, language);

    const contact = this.newContact({ language, channel, priority, highRisk, arrivedAt: this.now, handleMs });
    await this.route(contact);
    if (contact.state !== 'waiting') return;
    // Only a caller who has to wait hears the callback offer, with the estimate production would tell them.
    const estimate = await this.estimatedWaitMs(contact);
    const offered =
      this.policy && shouldOfferCallback(this.policy, estimate === undefined ? null : estimate / 1000, true);
    if (offered && takesCallback && (await this.store.unqueue(HELPLINE, this.entryOf(contact)))) {
      this.finish(contact);
      this.ledger.tookCallback(this.now, language);
      this.requestCallback(language, priority, highRisk, estimate);
      return;
    }
    if (Number.isFinite(patienceMs)) this.events.schedule(this.now + patienceMs, { kind: 'abandon', contact });
  }

  /** What production tells a caller: their place, over the agents on duty who speak their language. */
  private async estimatedWaitMs(contact: SimContact): Promise<number | undefined> {
    const { language, channel } = contact;
    const serving = this.agents.filter((a) => a.onDuty && a.spec.languages.includes(language));
    return estimateWaitMs({
      position: (await this.store.position(HELPLINE, this.entryOf(contact))) ?? 1,
      servingAgents: serving.length,
      capacityPerAgent: serving[0]?.spec.capacity[channel] ?? 1,
      averageHandleMs:
        this.handled.count === 0 ? this.meanHandleMs(channel) : this.handled.totalMs / this.handled.count,
    });
  }

  private meanHandleMs(channel: Channel): number {
    const duration = this.handleTimeOf(channel);
    return (duration.distribution === 'fixed' ? duration.seconds : duration.meanSeconds) * 1000;
  }

  private newContact(fields: Omit<SimContact, 'id' | 'state' | 'version'>): SimContact {
    const contact: SimContact = { ...fields, id: `c${this.nextId++}`, state: 'waiting', version: 1 };
    this.contacts.set(contact.id, contact);
    return contact;
  }

  private entryOf(contact: SimContact): QueuedEntry {
    return {
      contactId: contact.id,
      queueId: QUEUE,
      language: contact.language,
      channel: contact.channel,
      priority: contact.priority,
      firstArrivedAt: contact.arrivedAt,
      score: rankScore({ priority: contact.priority, firstArrivedAt: contact.arrivedAt }, this.queue.ageingMs),
      highRisk: contact.highRisk,
      version: contact.version,
    };
  }

  private async route(contact: SimContact): Promise<void> {
    contact.state = 'waiting';
    const offers = await this.router.contactWaiting(HELPLINE, this.entryOf(contact), this.queue, [this.queue]);
    offers.forEach((offer) => this.offered(offer));
  }

  private offered(offer: Offer): void {
    const contact = this.contacts.get(offer.contactId)!;
    const agent = this.agentById(offer.agentId);
    contact.state = 'offered';
    contact.agentId = agent.spec.agentId;
    agent.holds += 1;
    this.recordLevels();
    this.events.schedule(this.now + this.scenario.answerSeconds * 1000, { kind: 'accept', contact, agent });
  }

  private async accept(contact: SimContact, agent: SimAgent): Promise<void> {
    if (contact.state !== 'offered' || contact.agentId !== agent.spec.agentId) return;
    if (!(await this.store.accept(HELPLINE, contact.id, agent.spec.agentId))) return;
    contact.state = 'connected';
    contact.acceptedAt = this.now;
    if (contact.callback) {
      const answered = this.outcomes.chance(this.scenario.callbacks!.answerShare);
      const talkMs = answered
        ? this.outcomes.duration(this.scenario.handleTime) * 1000
        : this.scenario.callbacks!.noAnswerSeconds * 1000;
      this.events.schedule(this.now + talkMs, { kind: 'end', contact, agent, answered });
    } else {
      this.ledger.answered(contact.arrivedAt, contact.language, this.now - contact.arrivedAt);
      this.events.schedule(this.now + contact.handleMs, { kind: 'end', contact, agent, answered: true });
    }
    await this.offerWhileRoom(agent);
  }

  private handleTimeOf(channel: Channel) {
    return channel === 'chat' ? (this.scenario.chatHandleTime ?? this.scenario.handleTime) : this.scenario.handleTime;
  }

  private async end(contact: SimContact, agent: SimAgent, answered: boolean): Promise<void> {
    await this.store.release(HELPLINE, agent.spec.agentId, contact.id);
    this.finish(contact);
    agent.holds -= 1;
    agent.idleSince = this.now;
    const wrapUpMs = this.scenario.wrapUpSeconds * 1000;
    if (answered) {
      this.handled.count += 1;
      this.handled.totalMs += this.now - contact.acceptedAt! + wrapUpMs;
    }
    if (contact.callback) this.callbackAttemptEnded(contact.callback, answered);
    if (wrapUpMs > 0 && answered) {
      agent.wrapping += 1;
      this.recordLevels();
      await this.putAgent(agent);
      this.events.schedule(this.now + wrapUpMs, { kind: 'wrapped', agent });
      return;
    }
    this.recordLevels();
    await this.offerWhileRoom(agent);
  }

  private async abandon(contact: SimContact): Promise<void> {
    if (contact.state !== 'waiting' && contact.state !== 'offered') return;
    const offer = await this.store.remove(HELPLINE, contact.id);
    this.ledger.abandoned(contact.arrivedAt, contact.language);
    this.finish(contact);
    if (offer) {
      const agent = this.agentById(offer.agentId);
      agent.holds -= 1;
      this.recordLevels();
      await this.offerWhileRoom(agent);
    }
  }

  private finish(contact: SimContact): void {
    contact.state = 'ended';
    this.contacts.delete(contact.id);
  }

  private async duty(agent: SimAgent, on: boolean): Promise<void> {
    agent.onDuty = on;
    if (on) agent.idleSince = this.now;
    this.recordLevels();
    await this.offerWhileRoom(agent);
  }

  /** Writes the agent to the index, available when on duty and not wrapping up. */
  private async putAgent(agent: SimAgent) {
    const { spec } = agent;
    return this.store.putAgent(HELPLINE, {
      agentId: spec.agentId,
      languages: spec.languages,
      skills: {},
      capacity: spec.capacity,
      available: agent.onDuty && agent.wrapping === 0,
      idleSince: agent.idleSince,
      lastOfferedAt: 0,
    });
  }

  /** Offers the agent the best contacts they can serve until they have no room (chats go several at a time). */
  private async offerWhileRoom(agent: SimAgent): Promise<void> {
    let known = await this.putAgent(agent);
    while (known.available) {
      const offer = await this.router.agentAvailable(HELPLINE, agent.spec.agentId, [this.queue], known);
      if (!offer) return;
      this.offered(offer);
      if (this.scenario.answerSeconds > 0) return;
      known = (await this.store.agent(HELPLINE, agent.spec.agentId))!;
    }
  }

  private requestCallback(
    language: string,
    priority: Priority,
    highRisk: boolean,
    estimateMs: number | undefined,
  ): void {
    const policy = this.policy!;
    const timeZone = this.scenario.timeZone;
    const window = { start: this.now, end: null };
    const deadline = callbackDeadline(this.now, window, policy, null, timeZone);
    const first = firstAttemptAt({ now: this.now, window, deadline, policy, calendar: null, timeZone });
    const callback: SimCallback = {
      id: `cb${this.callbackTotals.requested}`,
      requestedAt: this.now,
      language,
      priority,
      highRisk,
      deadline,
      promisedBy: promiseTime({
        earliest: first ?? this.now,
        estimatedWaitMs: estimateMs,
        deadline,
        policy,
        calendar: null,
        timeZone,
      }),
      attempts: 0,
      open: true,
    };
    this.callbackTotals.requested += 1;
    this.openCallbacks.add(callback);
    if (first === undefined) return this.callbackClosed(callback, false);
    this.events.schedule(first, { kind: 'callback-due', callback });
  }

  /** An attempt is due: the callback joins the queue at its caller's place (their first arrival), as production does. */
  private async callbackDue(callback: SimCallback): Promise<void> {
    const contact = this.newContact({
      language: callback.language,
      channel: 'callback',
      priority: overduePriority(callback.priority, callback.promisedBy, this.now),
      highRisk: callback.highRisk,
      arrivedAt: callback.requestedAt,
      callback,
      handleMs: 0,
    });
    if (this.now < callback.promisedBy)
      this.events.schedule(callback.promisedBy, { kind: 'callback-overdue', contact });
    await this.route(contact);
  }

  /** Past its promise a waiting callback gains a priority level: it is put back at its new rank. */
  private async callbackOverdue(contact: SimContact): Promise<void> {
    if (contact.state !== 'waiting') return;
    const raised = overduePriority(contact.priority, contact.callback!.promisedBy, this.now);
    if (raised === contact.priority) return;
    if (!(await this.store.unqueue(HELPLINE, this.entryOf(contact)))) return;
    contact.priority = raised;
    contact.version += 1;
    await this.route(contact);
  }

  private callbackAttemptEnded(callback: SimCallback, answered: boolean): void {
    callback.attempts += 1;
    if (answered) return this.callbackClosed(callback, true);
    const next = retryAt({
      attemptsMade: callback.attempts,
      lastAttemptEndedAt: this.now,
      deadline: callback.deadline,
      policy: this.policy!,
      calendar: null,
      timeZone: this.scenario.timeZone,
    });
    if (next === undefined) return this.callbackClosed(callback, false);
    this.events.schedule(next, { kind: 'callback-due', callback });
  }

  private callbackClosed(callback: SimCallback, completed: boolean): void {
    callback.open = false;
    this.openCallbacks.delete(callback);
    if (completed) {
      this.callbackTotals.completed += 1;
      this.callbackTotals.delaySecondsOfCompleted += (this.now - callback.requestedAt) / 1000;
    } else {
      this.callbackTotals.failed += 1;
    }
  }

  private agentById(agentId: string): SimAgent {
    return this.agentIndex.get(agentId)!;
  }

  private recordLevels(): void {
    let onDuty = 0;
    let busy = 0;
    for (const agent of this.agents) {
      if (agent.onDuty || agent.holds > 0 || agent.wrapping > 0) onDuty += 1;
      if (agent.holds > 0 || agent.wrapping > 0) busy += 1;
    }
    this.ledger.levels(this.now, onDuty, busy);
  }
}

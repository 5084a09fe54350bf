import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AuditLog, Clock, OutboxService, TransactionRunner, staffActor, type StaffRole } from '@tuki/platform';
import type { DomainEvents } from '@tuki/contracts';
import { AgentHistoryEntry } from './agent-history.entity';
import { AgentProfile } from './agent-profile.entity';
import {
  afterAcceptedContact,
  afterMissedOffer,
  checkAgentTransition,
  DEFAULT_MISSED_OFFERS_LIMIT,
  wrapUpEndsAt,
  type AgentActorKind,
  type AgentState,
  type AwayReason,
} from './agent-state';
import {
  AGENT_PROFILE_DEFAULTS,
  type AgentCapacityView,
  type AgentHistoryView,
  type AgentView,
  type SetAgentProfileDto,
} from './dto/agent.dto';
import {
  AgentChangedConcurrentlyError,
  AgentNotFoundError,
  IllegalAgentTransitionError,
  InvalidAwayReasonError,
  NotAnAgentError,
} from './agents.errors';

/** Who changed an agent's state, for the history. `id` is null for routing. */
export interface AgentActor {
  kind: AgentActorKind;
  id: string | null;
}

/**
 * What the app knows of the staff user a profile is for, from @tuki/staff (which agents may not import). The app
 * looks the user up in its own helpline and hands the facts over; the rule about them stays here.
 */
export interface AgentCandidate {
  id: string;
  helplineId: string;
  roles: readonly StaffRole[];
  disabled: boolean;
}

/** The supervisor or admin who sets a profile. */
export interface ProfileEditor {
  userId: string;
  roles: readonly StaffRole[];
}

/**
 * What routing tells the agent's record along with a state change it makes, written in the same transaction (and
 * written even when the state stays as it is: a busy agent taking a second chat, a second chat ending in wrap-up).
 */
export interface RoutingFacts {
  /** With `busy`, on accepting a contact: whether it was high-risk (the streak grows) or not (it starts again). */
  acceptedHighRisk?: boolean;
  /** With `wrap-up`: when it ends by itself (epoch ms), the care pause included. Default: the agent's wrap-up time. */
  wrapUpEndsAt?: number;
}

export function toAgentView(profile: AgentProfile): AgentView {
  return {
    id: profile.userId,
    languages: JSON.parse(profile.languages) as string[],
    skills: JSON.parse(profile.skills) as Record<string, number>,
    capacity: JSON.parse(profile.capacity) as AgentCapacityView,
    wrapUpSeconds: profile.wrapUpSeconds,
    state: profile.state,
    awayReason: profile.awayReason,
    missedOffersInRow: profile.missedOffersInRow,
    stateChangedAt: profile.stateChangedAt,
    wrapUpEndsAt:
      profile.state === 'wrap-up'
        ? (profile.wrapUpEndsAt ?? wrapUpEndsAt(profile.stateChangedAt, profile.wrapUpSeconds))
        : null,
    highRiskStreak: profile.highRiskStreak,
  };
}

/**
 * Agents' routing profiles and states. Every state change goes through the state machine, is guarded by the
 * profile's version, and writes its history row and `agent.state-changed` event in the same transaction.
 * Every query is scoped by helpline: another helpline's agent is not found.
 */
@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(AgentProfile) private readonly profiles: Repository<AgentProfile>,
    @InjectRepository(AgentHistoryEntry) private readonly history: Repository<AgentHistoryEntry>,
    private readonly transactions: TransactionRunner,
    private readonly outbox: OutboxService<DomainEvents>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets the whole routing profile (languages, skills, capacity, wrap-up time; what is left out takes its default).
   * The first profile of an agent starts them offline. `user` must be an active agent of `helplineId`.
   */
  async setProfile(
    helplineId: string,
    user: AgentCandidate,
    dto: SetAgentProfileDto,
    editor: ProfileEditor,
  ): Promise<AgentView> {
    if (user.helplineId !== helplineId) throw new AgentNotFoundError();
    if (!user.roles.includes('agent') || user.disabled) throw new NotAnAgentError();
    const fields = {
      languages: JSON.stringify(dto.languages),
      skills: JSON.stringify(dto.skills),
      // Field by field, not a spread: a DTO instance carries its unset optional fields as undefined.
      capacity: JSON.stringify({
        voice: dto.capacity?.voice ?? AGENT_PROFILE_DEFAULTS.capacity.voice,
        chat: dto.capacity?.chat ?? AGENT_PROFILE_DEFAULTS.capacity.chat,
        callback: dto.capacity?.callback ?? AGENT_PROFILE_DEFAULTS.capacity.callback,
      } satisfies AgentCapacityView),
      wrapUpSeconds: dto.wrapUpSeconds ?? AGENT_PROFILE_DEFAULTS.wrapUpSeconds,
    };
    return this.transactions.run(async (manager) => {
      const now = this.clock.nowMs();
      // Who set the profile, and its field names, never the values (the audit holds codes and ids only).
      await this.audit.append(manager, helplineId, [
        {
          actor: staffActor(editor),
          action: 'agent.profile-set',
          subjectType: 'agent',
          subjectId: user.id,
          fields: Object.keys(fields),
          purpose: 'administration',
        },
      ]);
      const existing = await manager.findOneBy(AgentProfile, { userId: user.id, helplineId });
      if (existing) return toAgentView(await this.write(manager, existing, { ...fields, updatedAt: now }));
      const profile = manager.create(AgentProfile, {
        userId: user.id,
        helplineId,
        ...fields,
        state: 'offline',
        awayReason: null,
        missedOffersInRow: 0,
        highRiskStreak: 0,
        wrapUpEndsAt: null,
        stateChangedAt: now,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await manager.insert(AgentProfile, profile);
      const actor = { kind: editor.roles.includes('supervisor') ? 'supervisor' : 'admin', id: editor.userId };
      await this.record(manager, profile, null, actor);
      return toAgentView(profile);
    });
  }

  async getProfile(helplineId: string, agentId: string): Promise<AgentView> {
    const profile = await this.profiles.findOneBy({ userId: agentId, helplineId });
    if (!profile) throw new AgentNotFoundError();
    return toAgentView(profile);
  }

  /** Agents routing may offer work to (available or busy), across helplines: for rebuilding the live index. */
  async routable(): Promise<(AgentView & { helplineId: string })[]> {
    const rows = await this.profiles.find({ where: [{ state: 'available' }, { state: 'busy' }] });
    return rows.map((row) => ({ ...toAgentView(row), helplineId: row.helplineId }));
  }

  async list(helplineId: string): Promise<AgentView[]> {
    return (await this.profiles.find({ where: { helplineId }, order: { userId: 'ASC' } })).map(toAgentView);
  }

  /**
   * Moves an agent to `to` if `actor` may (see `checkAgentTransition`). Asking for the state the agent is already in
   * changes nothing and writes nothing. An illegal move, a wrong reason, or an agent another process moved in the
   * meantime is refused with nothing changed. Routing's `facts` (see RoutingFacts) are written with the change, or
   * alone when the state stays as it is.
   */
  async changeState(
    helplineId: string,
    agentId: string,
    to: AgentState,
    actor: AgentActor,
    reason: AwayReason | null = null,
    facts: RoutingFacts = {},
  ): Promise<AgentView> {
    return this.transactions.run(async (manager) => {
      const profile = await this.find(manager, helplineId, agentId);
      const check = checkAgentTransition(profile, to, actor.kind, reason);
      const care = careChanges(profile, to, facts);
      switch (check) {
        case 'illegal':
          throw new IllegalAgentTransitionError(profile.state, to, actor.kind);
        case 'bad-reason':
          throw new InvalidAwayReasonError();
        case 'unchanged':
          if (Object.keys(care).length === 0) return toAgentView(profile);
          return toAgentView(await this.write(manager, profile, { ...care, updatedAt: this.clock.nowMs() }));
        case 'change':
          // Taking a contact ends a run of missed offers.
          return toAgentView(
            await this.move(manager, profile, to, reason, actor, {
              ...(to === 'busy' ? { missedOffersInRow: 0 } : {}),
              ...care,
            }),
          );
      }
    });
  }

  /**
   * Counts an offer the agent let time out. At `limit` in a row (default 3) an available agent goes away with
   * `missed-offers`, so routing stops offering to someone who is not at the desk; the count starts again.
   */
  async recordMissedOffer(
    helplineId: string,
    agentId: string,
    limit = DEFAULT_MISSED_OFFERS_LIMIT,
  ): Promise<AgentView> {
    return this.transactions.run(async (manager) => {
      const profile = await this.find(manager, helplineId, agentId);
      const { missedInRow, goAway } = afterMissedOffer(profile.missedOffersInRow, limit);
      const routing: AgentActor = { kind: 'system', id: null };
      if (goAway && checkAgentTransition(profile, 'away', 'system', 'missed-offers') === 'change') {
        return toAgentView(
          await this.move(manager, profile, 'away', 'missed-offers', routing, { missedOffersInRow: missedInRow }),
        );
      }
      return toAgentView(await this.write(manager, profile, { missedOffersInRow: missedInRow }));
    });
  }

  /** Starts the count of missed offers again (the agent took an offer). */
  async resetMissedOffers(helplineId: string, agentId: string): Promise<AgentView> {
    return this.transactions.run(async (manager) => {
      const profile = await this.find(manager, helplineId, agentId);
      if (profile.missedOffersInRow === 0) return toAgentView(profile);
      return toAgentView(await this.write(manager, profile, { missedOffersInRow: 0 }));
    });
  }

  /**
   * Ends the agent's wrap-up once their wrap-up time has passed (routing calls it from its timer); before then, or
   * when the agent is not in wrap-up, it changes nothing.
   */
  async endWrapUpIfDue(helplineId: string, agentId: string): Promise<AgentView> {
    return this.transactions.run(async (manager) => {
      const profile = await this.find(manager, helplineId, agentId);
      const due =
        profile.state === 'wrap-up' &&
        this.clock.nowMs() >= (profile.wrapUpEndsAt ?? wrapUpEndsAt(profile.stateChangedAt, profile.wrapUpSeconds));
      if (!due) return toAgentView(profile);
      return toAgentView(await this.move(manager, profile, 'available', null, { kind: 'system', id: null }));
    });
  }

  /** Every state change of an agent in order: who, when, from, to, why. */
  async historyOf(helplineId: string, agentId: string): Promise<AgentHistoryView[]> {
    if (!(await this.profiles.existsBy({ userId: agentId, helplineId }))) throw new AgentNotFoundError();
    const entries = await this.history.find({ where: { helplineId, agentId }, order: { seq: 'ASC' } });
    return entries.map((e) => ({
      at: e.at,
      from: e.fromState,
      to: e.toState,
      actorKind: e.actorKind,
      actorId: e.actorId,
      reason: e.reason,
    }));
  }

  private async find(manager: EntityManager, helplineId: string, agentId: string): Promise<AgentProfile> {
    const profile = await manager.findOneBy(AgentProfile, { userId: agentId, helplineId });
    if (!profile) throw new AgentNotFoundError();
    return profile;
  }

  private async move(
    manager: EntityManager,
    profile: AgentProfile,
    to: AgentState,
    reason: AwayReason | null,
    actor: AgentActor,
    extra: Partial<AgentProfile> = {},
  ): Promise<AgentProfile> {
    const from = profile.state;
    const now = this.clock.nowMs();
    const changed = await this.write(manager, profile, {
      // Wrap-up ends by itself at the time routing gave (the care pause included), else after the agent's own time.
      wrapUpEndsAt: to === 'wrap-up' ? wrapUpEndsAt(now, profile.wrapUpSeconds) : null,
      ...extra,
      state: to,
      awayReason: to === 'away' ? reason : null,
      stateChangedAt: now,
      updatedAt: now,
    });
    await this.record(manager, changed, from, actor);
    return changed;
  }

  /** The one UPDATE: only if nobody changed the profile since it was read (`version`), else nothing changes. */
  private async write(
    manager: EntityManager,
    profile: AgentProfile,
    changes: Partial<AgentProfile>,
  ): Promise<AgentProfile> {
    const guarded = { ...changes, version: profile.version + 1 };
    const result = await manager.update(
      AgentProfile,
      { userId: profile.userId, helplineId: profile.helplineId, version: profile.version },
      guarded,
    );
    if (!result.affected) throw new AgentChangedConcurrentlyError();
    return Object.assign(profile, guarded);
  }

  /** The history row and the event of a state change (or of a new profile, `from` null), in the caller's transaction. */
  private async record(
    manager: EntityManager,
    profile: AgentProfile,
    from: AgentState | null,
    actor: { kind: string; id: string | null },
  ): Promise<void> {
    await manager.insert(AgentHistoryEntry, {
      helplineId: profile.helplineId,
      agentId: profile.userId,
      at: profile.stateChangedAt,
      fromState: from,
      toState: profile.state,
      actorKind: actor.kind,
      actorId: actor.id,
      reason: profile.awayReason,
    });
    await this.outbox.append(manager, profile.helplineId, 'agent.state-changed', {
      agentId: profile.userId,
      from,
      to: profile.state,
      reason: profile.awayReason,
      languages: JSON.parse(profile.languages) as string[],
    });
  }
}

/** The care fields routing's facts change (nothing when they change nothing). */
function careChanges(profile: AgentProfile, to: AgentState, facts: RoutingFacts): Partial<AgentProfile> {
  const changes: Partial<AgentProfile> = {};
  if (to === 'busy' && facts.acceptedHighRisk !== undefined) {
    const streak = afterAcceptedContact(profile.highRiskStreak, facts.acceptedHighRisk);
    if (streak !== profile.highRiskStreak) changes.highRiskStreak = streak;
  }
  if (to === 'wrap-up' && facts.wrapUpEndsAt !== undefined && facts.wrapUpEndsAt !== profile.wrapUpEndsAt)
    changes.wrapUpEndsAt = facts.wrapUpEndsAt;
  return changes;
}

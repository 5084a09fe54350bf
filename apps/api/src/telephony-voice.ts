import { Injectable, Logger } from '@nestjs/common';
import { RoutingEngine } from '@tuki/assignment';
import { DomainError, RateLimitedError } from '@tuki/platform';
import { ContactsService, type Actor, type ContactView } from '@tuki/queueing';
import {
  AgentPhones,
  TelephonyCalls,
  TelephonySettingsService,
  answerPhoneTriage,
  e164OrUndefined,
  lineFor,
  parsePhoneTriage,
  phoneTriageOutcome,
  prompts,
  type Prompt,
  type TelephonyCall,
  type TelephonyLine,
  type TelephonySettings,
  type VoiceLanguage,
  type VoiceStep,
  welcomePrompts,
} from '@tuki/telephony';
import type { Priority, RiskFlagCode } from '@tuki/contracts';
import { WaitingCallers } from './waiting-callers';

/** A call as the provider describes it on each webhook. `from` is the caller's number as sent (may be withheld). */
export interface CallRef {
  helplineId: string;
  provider: string;
  callId: string;
  from?: string;
}

/** Contact states in which the caller is still on the line waiting for an agent. */
const WAITING = new Set<string>(['queued', 'offered']);
/** Contact states a hang-up ends (while talking, the conversation goes to wrap-up). */
const HANG_UP_ENDS = new Set<string>(['queued', 'offered', 'connected']);

/** What the phone triage gave a caller, or nothing asked. */
type TriageOutcome = { priority: Priority; riskFlags: RiskFlagCode[] };

/**
 * What happens on a phone call, whatever the provider: the caller is greeted in the line's language (the helpline's
 * own greeting and announcement where it wrote them), answers the helpline's triage questions by key if it has any,
 * and becomes a contact of channel `voice` in the queue of the number dialled; while waiting the caller hears their
 * place and estimated wait every `announceEverySeconds` and may press a key to be called back (their number, taken
 * from the call, read back and confirmed); once an agent accepts, the next turn of the hold loop (at most `holdSeconds` later) bridges
 * the call to the agent's phone or browser client; a hang-up while waiting abandons the contact.
 */
@Injectable()
export class TelephonyVoice {
  private readonly logger = new Logger(TelephonyVoice.name);

  constructor(
    private readonly settings: TelephonySettingsService,
    private readonly calls: TelephonyCalls,
    private readonly agents: AgentPhones,
    private readonly contacts: ContactsService,
    private readonly routing: RoutingEngine,
    private readonly waiting: WaitingCallers,
  ) {}

  /** A call came in to one of the helpline's numbers (`to`). Retried webhooks find the same call and contact. */
  async incoming(ref: CallRef, to: string | undefined): Promise<VoiceStep> {
    const settings = await this.settings.read(ref.helplineId);
    const line = lineFor(settings, to);
    if (!line) {
      this.logger.warn('A call reached a number this helpline does not list');
      return { kind: 'hang-up', say: [prompts.notInService()] };
    }
    const triage = settings.triage ?? [];
    const call = await this.calls.open(
      ref.helplineId,
      ref.provider,
      ref.callId,
      line,
      triage.length > 0 ? 'triage' : 'waiting',
    );
    const welcome = welcomePrompts(settings, line.language);
    if (call.stage === 'triage') return this.askTriage(call, settings, welcome);
    return this.enqueue(ref, call, line, settings, welcome, undefined);
  }

  /** The hold loop's turn (and the end of a bridged leg): what the caller hears next. */
  async next(ref: CallRef): Promise<VoiceStep> {
    // Silence after a triage question skips it.
    const inTriage = await this.inTriage(ref);
    if (inTriage) return this.answerTriage(ref, inTriage, undefined);
    const found = await this.found(ref);
    if (!found) return { kind: 'hang-up', say: [] };
    const { call, contact, settings } = found;
    return this.hold(call, contact, settings, []);
  }

  /** A key pressed while holding (asking for a callback) or while the number is read back (confirming it). */
  async keyPress(ref: CallRef, digits: string | undefined): Promise<VoiceStep> {
    const inTriage = await this.inTriage(ref);
    if (inTriage) return this.answerTriage(ref, inTriage, (digits ?? '').slice(0, 1) || undefined);
    const found = await this.found(ref);
    if (!found) return { kind: 'hang-up', say: [] };
    const { call, contact, settings } = found;
    const language = call.language as VoiceLanguage;
    const key = (digits ?? '').slice(0, 1);
    if (call.stage === 'callback-requested') return { kind: 'hang-up', say: [prompts.callbackConfirmed(language)] };
    if (!WAITING.has(contact.state)) return this.hold(call, contact, settings, []);

    if (call.stage === 'waiting' && key === settings.callbackKey) {
      const number = e164OrUndefined(ref.from);
      if (number === undefined) return this.hold(call, contact, settings, [prompts.hiddenNumber(language)]);
      await this.calls.move(call, ['waiting'], 'confirming');
      return { kind: 'ask', say: [prompts.confirmNumber(language, number)] };
    }
    if (call.stage === 'confirming' && key === '1') return this.requestCallback(ref, call, contact, settings);
    if (call.stage === 'confirming') await this.calls.move(call, ['confirming'], 'waiting');
    return this.hold(call, contact, settings, []);
  }

  /** The call ended (the provider's status report). A caller who hangs up while waiting abandons their contact. */
  async hungUp(ref: CallRef): Promise<void> {
    // Hanging up during the triage: no contact was made, so there is nothing to abandon.
    const inTriage = await this.inTriage(ref);
    if (inTriage) await this.calls.move(inTriage, ['triage'], 'ended');
    const found = await this.found(ref);
    if (!found) return;
    const { call, contact } = found;
    const before = call.stage;
    await this.calls.move(call, ['waiting', 'confirming', 'bridged'], 'ended');
    // A caller who left a number hung up as told: the callback keeps their place.
    if (before === 'callback-requested' || before === 'requesting' || !HANG_UP_ENDS.has(contact.state)) return;
    await this.waiting.hangUp(ref.helplineId, contact.id, this.actorOf(call));
  }

  private async requestCallback(
    ref: CallRef,
    call: TelephonyCall,
    contact: ContactView,
    settings: TelephonySettings,
  ): Promise<VoiceStep> {
    const language = call.language as VoiceLanguage;
    const number = e164OrUndefined(ref.from);
    if (number === undefined) return this.hold(call, contact, settings, [prompts.hiddenNumber(language)]);
    // The claim: of two confirmations racing (a repeated key press, a retried webhook) only one makes the callback.
    if (!(await this.calls.move(call, ['confirming'], 'requesting'))) {
      // The other confirmation is making the callback (or made it): the caller hears the same answer.
      const now = await this.calls.find(ref.helplineId, ref.provider, ref.callId);
      return now?.stage === 'callback-requested' || now?.stage === 'requesting'
        ? { kind: 'hang-up', say: [prompts.callbackConfirmed(language)] }
        : this.hold(call, contact, settings, []);
    }
    try {
      // The block list and the limit on new callbacks per number apply here as on every path (WaitingCallers).
      await this.waiting.requestCallback(ref.helplineId, contact.id, { number }, this.actorOf(call));
    } catch (error) {
      await this.calls.move(call, ['requesting'], 'waiting');
      if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
      // Rate-limited, callbacks off for the queue, no reachable window: the caller keeps waiting on the line.
      this.logger.warn(
        `A phone callback request was refused (${error instanceof RateLimitedError ? 'rate limit' : error.code})`,
      );
      return this.hold(call, contact, settings, [prompts.callbackUnavailable(language)]);
    }
    await this.calls.move(call, ['requesting'], 'callback-requested');
    return { kind: 'hang-up', say: [prompts.callbackConfirmed(language)] };
  }

  /**
   * The contact of a call whose triage is over (or that had none): in the queue of the number dialled, with the
   * triage's priority and risk codes. A retried webhook finds the same contact (idempotency key of the call).
   */
  private async enqueue(
    ref: CallRef,
    call: TelephonyCall,
    line: TelephonyLine,
    settings: TelephonySettings,
    say: Prompt[],
    triage: TriageOutcome | undefined,
  ): Promise<VoiceStep> {
    const caller = e164OrUndefined(ref.from);
    let contact: ContactView;
    let created: boolean;
    try {
      ({ contact, created } = await this.contacts.create(ref.helplineId, this.actorOf(call), {
        idempotencyKey: `${ref.provider}:${ref.callId}`,
        queueId: line.queueId,
        channel: 'voice',
        language: line.language,
        ...(triage ? { priority: triage.priority, riskFlags: triage.riskFlags } : {}),
        // Hashed into the caller key on arrival (repeat callers, blocks); the number itself is not kept.
        ...(caller ? { caller: { kind: 'phone' as const, value: caller } } : {}),
      }));
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
      // Closed queue, blocked caller, a queue that does not take this language: told kindly, in their language.
      this.logger.warn(`A call was not queued (${error.code})`);
      await this.calls.move(call, ['triage', 'waiting'], 'ended');
      return { kind: 'hang-up', say: [...say, prompts.closed(line.language)] };
    }
    await this.calls.linkContact(call, contact.id);
    await this.calls.move(call, ['triage'], 'waiting');
    if (created)
      await this.routing
        .routeContact(ref.helplineId, contact.id)
        .catch((error: unknown) => this.logger.warn(`Routing a call deferred: ${(error as Error).message}`));
    return this.hold(call, contact, settings, say);
  }

  /** The call, if it is still answering the triage. */
  private async inTriage(ref: CallRef): Promise<TelephonyCall | undefined> {
    const call = await this.calls.find(ref.helplineId, ref.provider, ref.callId);
    return call?.stage === 'triage' ? call : undefined;
  }

  /** The triage question the call has reached, after `say`; past the last one, the caller queues. */
  private askTriage(call: TelephonyCall, settings: TelephonySettings, say: Prompt[]): VoiceStep {
    const language = call.language as VoiceLanguage;
    const question = (settings.triage ?? [])[parsePhoneTriage(call.triage).at];
    // Past the last question (a concurrent answer is making the contact): hold briefly and ask again.
    if (!question) return { kind: 'hold', say, listen: false, holdSeconds: settings.holdSeconds };
    return { kind: 'ask', say: [...say, { language, text: question.question[language] ?? '' }] };
  }

  /**
   * A key (or silence) at the current triage question: recorded (compare and set, so a repeated webhook counts once),
   * then the next question, or the contact with the answers' priority and risk codes.
   */
  private async answerTriage(ref: CallRef, call: TelephonyCall, key: string | undefined): Promise<VoiceStep> {
    const settings = await this.settings.read(ref.helplineId);
    const questions = settings.triage ?? [];
    const progress = answerPhoneTriage(questions, parsePhoneTriage(call.triage), key);
    if (!(await this.calls.advanceTriage(call, JSON.stringify(progress)))) {
      // Another delivery moved it first: answer from where it stands now.
      const now = await this.calls.find(ref.helplineId, ref.provider, ref.callId);
      if (now?.stage !== 'triage') return now?.contactId ? this.next(ref) : { kind: 'hang-up', say: [] };
      return this.finishOrAsk(ref, now, settings);
    }
    return this.finishOrAsk(ref, call, settings);
  }

  private async finishOrAsk(ref: CallRef, call: TelephonyCall, settings: TelephonySettings): Promise<VoiceStep> {
    const questions = settings.triage ?? [];
    const progress = parsePhoneTriage(call.triage);
    if (progress.at < questions.length) return this.askTriage(call, settings, []);
    // The line may have been removed while the caller answered: then it is not in service any more.
    const line = lineFor(settings, call.lineNumber);
    if (!line) {
      await this.calls.move(call, ['triage'], 'ended');
      return { kind: 'hang-up', say: [prompts.notInService()] };
    }
    return this.enqueue(ref, call, line, settings, [], phoneTriageOutcome(questions, progress.answers));
  }

  /** Holding: the place and estimate when due, the callback offer when the queue offers it; or the bridge, or the end. */
  private async hold(
    call: TelephonyCall,
    contact: ContactView,
    settings: TelephonySettings,
    say: Prompt[],
  ): Promise<VoiceStep> {
    const language = call.language as VoiceLanguage;
    if (contact.state === 'connected' && contact.agentId !== null) {
      // Back from the agent's leg: the conversation is over for the caller.
      if (call.stage === 'bridged') return { kind: 'hang-up', say: [prompts.goodbye(language)] };
      await this.calls.move(call, ['waiting', 'confirming'], 'bridged');
      return {
        kind: 'bridge',
        say: [...say, prompts.connecting(language)],
        to: await this.agents.endpointOf(call.helplineId, contact.agentId),
        callerId: settings.callerId ?? call.lineNumber,
      };
    }
    if (!WAITING.has(contact.state)) return { kind: 'hang-up', say: [...say, prompts.goodbye(language)] };
    const where = await this.routing.position(call.helplineId, contact.id).catch(() => undefined);
    const offer = where?.offerCallback === true;
    const announce = [...say];
    if (this.calls.announcementDue(call, settings.announceEverySeconds) && where) {
      if (where.position !== null && where.position > 0)
        announce.push(prompts.position(language, where.position, where.estimatedWaitSeconds));
      if (offer) announce.push(prompts.callbackOffer(language, settings.callbackKey));
      await this.calls.markAnnounced(call);
    }
    return { kind: 'hold', say: announce, listen: offer, holdSeconds: settings.holdSeconds };
  }

  private async found(
    ref: CallRef,
  ): Promise<{ call: TelephonyCall; contact: ContactView; settings: TelephonySettings } | undefined> {
    const call = await this.calls.find(ref.helplineId, ref.provider, ref.callId);
    if (!call?.contactId) return undefined;
    const contact = await this.contacts.get(ref.helplineId, call.contactId);
    return { call, contact, settings: await this.settings.read(ref.helplineId) };
  }

  /** The caller, named by their call's record (never by their number). */
  private actorOf(call: TelephonyCall): Actor {
    return { kind: 'caller', id: call.id };
  }
}

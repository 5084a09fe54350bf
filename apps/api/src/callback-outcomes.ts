import { Injectable } from '@nestjs/common';
import { RoutingEngine } from '@tuki/assignment';
import { CallbackAttempts, type CallbackOutcome } from '@tuki/callbacks';
import type { ContactView } from '@tuki/queueing';
import { HelplinesService } from '@tuki/staff';

/**
 * Records how a callback attempt ended and frees the agent when the caller was not reached, whoever reports it: the
 * agent, a supervisor, or the provider that placed the call.
 */
@Injectable()
export class CallbackOutcomes {
  constructor(
    private readonly attempts: CallbackAttempts,
    private readonly routing: RoutingEngine,
    private readonly helplines: HelplinesService,
  ) {}

  async record(
    helplineId: string,
    by: Parameters<CallbackAttempts['recordOutcome']>[1],
    callbackId: string,
    attempt: number,
    outcome: CallbackOutcome,
  ): Promise<ContactView> {
    const { timeZone } = await this.helplines.get(helplineId);
    const result = await this.attempts.recordOutcome(helplineId, by, callbackId, attempt, outcome, timeZone);
    if (result.released) await this.routing.handBack(helplineId, result.agentId, callbackId);
    return result.contact;
  }
}

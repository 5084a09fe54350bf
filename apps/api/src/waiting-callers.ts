import { Injectable, Logger } from '@nestjs/common';
import { RoutingEngine } from '@tuki/assignment';
import { CallbackReceiptView, CallbackRequests, type RequestCallbackDto } from '@tuki/callbacks';
import { ContactsService, type Actor, type ContactView } from '@tuki/queueing';
import { HelplinesService } from '@tuki/staff';
import { CallerGate } from './caller-gate';

/**
 * What a waiting caller can do whatever the channel (a phone adapter, the web chat): leave a number and keep their
 * place, or hang up. Both channels come through here so their rules cannot drift apart.
 */
@Injectable()
export class WaitingCallers {
  private readonly logger = new Logger(WaitingCallers.name);

  constructor(
    private readonly contacts: ContactsService,
    private readonly routing: RoutingEngine,
    private readonly callbacks: CallbackRequests,
    private readonly helplines: HelplinesService,
    private readonly gate: CallerGate,
  ) {}

  /**
   * The waiting caller leaves a number and hangs up: they keep their place (by first arrival) and are called back.
   * A number that already has an open callback joins it (`merged`), and the earlier place wins.
   */
  async requestCallback(
    helplineId: string,
    contactId: string,
    dto: RequestCallbackDto,
    actor: Actor,
  ): Promise<CallbackReceiptView> {
    return this.gate.admitCallback(helplineId, dto.number, () => this.takeCallback(helplineId, contactId, dto, actor));
  }

  private async takeCallback(
    helplineId: string,
    contactId: string,
    dto: RequestCallbackDto,
    actor: Actor,
  ): Promise<CallbackReceiptView> {
    const where = await this.routing.position(helplineId, contactId).catch(() => undefined);
    const contact = await this.contacts.get(helplineId, contactId);
    const receipt = await this.callbacks.requestForContact(helplineId, contactId, dto, {
      actor,
      source: contact.channel === 'chat' ? 'chat' : 'queue',
      timeZone: (await this.helplines.get(helplineId)).timeZone,
      estimatedWaitMs:
        where?.estimatedWaitSeconds === null || where === undefined ? undefined : where.estimatedWaitSeconds * 1000,
    });
    // Out of the live queue as a caller on the line; back in it as a callback when due (the event does it otherwise).
    await this.routing
      .routeContact(helplineId, receipt.callback.id)
      .catch((error: unknown) => this.logger.warn(`Routing the callback deferred: ${(error as Error).message}`));
    if (receipt.merged) await this.routing.contactLeft(helplineId, await this.contacts.get(helplineId, contactId));
    return receipt;
  }

  /** The caller hung up (or closed the chat) while waiting or during the conversation. */
  async hangUp(helplineId: string, contactId: string, actor: Actor): Promise<ContactView> {
    const current = await this.contacts.get(helplineId, contactId);
    // The caller left a number and hung up, as they were told they could: the callback keeps their place. (Withdrawing
    // a callback is its own request: POST /callbacks/:id/withdraw.)
    if (current.channel === 'callback') return current;
    const contact = await this.contacts.transition(helplineId, contactId, 'abandon', actor, {
      reason: 'caller-hung-up',
    });
    await this.routing.contactLeft(helplineId, contact);
    return contact;
  }
}

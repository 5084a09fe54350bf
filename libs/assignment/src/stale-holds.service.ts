import { Injectable, Logger } from '@nestjs/common';
import { ContactsService, HOLDING_STATES } from '@tuki/queueing';
import { RoutingIndex } from './routing-index.service';

/**
 * The index's holds are checked against the record: a contact the index says an agent holds, that is no open offer
 * and that the record does not give to that agent (offered, connected or in wrap-up), is released. That covers any
 * path where a release was lost (a process died between the record's change and the index's), so an agent never
 * looks full while free. An open offer is never released here: the record may not have caught up with the claim.
 */
@Injectable()
export class StaleHolds {
  private readonly logger = new Logger(StaleHolds.name);

  constructor(
    private readonly index: RoutingIndex,
    private readonly contacts: ContactsService,
  ) {}

  /** Releases the stale holds of the given agents; returns the agents who got room back. */
  async release(helplineId: string, agentIds: readonly string[]): Promise<Set<string>> {
    const store = this.index.store;
    const suspects: { agentId: string; contactId: string }[] = [];
    for (const agentId of agentIds) {
      for (const held of await store.held(helplineId, agentId))
        if (!held.offered) suspects.push({ agentId, contactId: held.contactId });
    }
    const released = new Set<string>();
    if (suspects.length === 0) return released;
    const holding = await this.contacts.holdingOf(helplineId, [...new Set(suspects.map((s) => s.agentId))]);
    const recorded = new Set(holding.map((c) => `${c.agentId}:${c.id}`));
    for (const { agentId, contactId } of suspects) {
      if (recorded.has(`${agentId}:${contactId}`)) continue;
      // Read again: between the two reads the record may have moved on with an accept still in flight.
      const contact = await this.contacts.get(helplineId, contactId).catch(() => undefined);
      if (contact?.agentId === agentId && (HOLDING_STATES as readonly string[]).includes(contact.state)) continue;
      await store.release(helplineId, agentId, contactId);
      released.add(agentId);
    }
    if (released.size > 0) this.logger.warn(`Released stale holds of ${released.size} agent(s): the record shows none`);
    return released;
  }
}

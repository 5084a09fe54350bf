import { Injectable } from '@nestjs/common';
import type { ContactSnapshot } from '@tuki/cases';
import { ContactsService } from '@tuki/queueing';

/** Reads a contact from queueing's record as the cases domain needs it: the app composes the two domains. */
@Injectable()
export class CaseContacts {
  constructor(private readonly contacts: ContactsService) {}

  async snapshot(helplineId: string, contactId: string): Promise<ContactSnapshot> {
    const contact = await this.contacts.getWithCallerKey(helplineId, contactId);
    return {
      contactId: contact.id,
      queueId: contact.queueId,
      channel: contact.channel,
      language: contact.language,
      state: contact.state,
      agentId: contact.agentId,
      callerKey: contact.callerKey,
      firstArrivedAt: contact.firstArrivedAt,
      waitMs: contact.waitMs,
    };
  }

  /** The pseudonymous key of a typed number (search, subject requests): the number itself goes no further. */
  keyOfNumber(helplineId: string, number: string): string {
    return this.contacts.callerKeyOf(helplineId, 'phone', number);
  }
}

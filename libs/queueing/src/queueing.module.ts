import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tuki/platform';
import { BlockedCaller } from './blocked-caller.entity';
import { BlockList } from './block-list.service';
import { Contact } from './contact.entity';
import { ContactHistoryEntry } from './contact-history.entity';
import { ContactsService } from './contacts.service';
import { CreateQueueing1764384000000 } from './migrations/1764384000000-CreateQueueing';
import { AddWaitQuotes1764386000000 } from './migrations/1764386000000-AddWaitQuotes';
import { AddCallbackScheduling1764388000000 } from './migrations/1764388000000-AddCallbackScheduling';
import { AddEarlierContacts1764393000000 } from './migrations/1764393000000-AddEarlierContacts';
import { CreateBlockedCallers1764910000000 } from './migrations/1764910000000-CreateBlockedCallers';
import { RoutingQueue } from './routing-queue.entity';
import { RoutingQueuesService } from './routing-queues.service';

/** Routing queue definitions and the record of contacts with their history. */
@Module({
  imports: [
    DatabaseModule.forFeature(
      [RoutingQueue, Contact, ContactHistoryEntry, BlockedCaller],
      [
        CreateQueueing1764384000000,
        AddWaitQuotes1764386000000,
        AddCallbackScheduling1764388000000,
        AddEarlierContacts1764393000000,
        CreateBlockedCallers1764910000000,
      ],
    ),
  ],
  providers: [RoutingQueuesService, ContactsService, BlockList],
  exports: [RoutingQueuesService, ContactsService, BlockList],
})
export class QueueingModule {}

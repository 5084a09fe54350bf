import { Injectable } from '@nestjs/common';
import { Clock, DataKeysService, TransactionRunner, decryptField, encryptField } from '@tuki/platform';
import { AgentPhone } from './agent-phone.entity';
import { e164OrUndefined } from './phone-number';
import { InvalidPhoneNumberError } from './telephony.errors';
import { agentClientIdentity, type AgentEndpoint } from './voice-step';

const FIELD = 'phone';

/**
 * Agents' phones for calls Tuki bridges or places. Sealed on arrival, opened only to hand to the provider, never
 * shown back (an admin sees whether one is set) or logged.
 */
@Injectable()
export class AgentPhones {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly dataKeys: DataKeysService,
    private readonly clock: Clock,
  ) {}

  /** Sets (or replaces) the agent's phone; the old one's key is shredded. */
  async set(helplineId: string, agentId: string, input: string): Promise<void> {
    const number = e164OrUndefined(input);
    if (number === undefined) throw new InvalidPhoneNumberError('number');
    await this.transactions.run(async (manager) => {
      const old = await manager.findOneBy(AgentPhone, { helplineId, agentId });
      const key = await this.dataKeys.create(manager, helplineId);
      const sealed = encryptField(key.plain, number, { recordId: `${helplineId}/${agentId}`, field: FIELD });
      await manager.getRepository(AgentPhone).upsert(
        {
          helplineId,
          agentId,
          dataKeyId: key.id,
          numberSealed: sealed.toString('base64'),
          updatedAt: this.clock.nowMs(),
        },
        ['helplineId', 'agentId'],
      );
      if (old) await this.dataKeys.shred(manager, helplineId, old.dataKeyId);
    });
  }

  /** Removes the agent's phone (crypto-shredded); their calls then go to the desk's browser client. */
  async clear(helplineId: string, agentId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const old = await manager.findOneBy(AgentPhone, { helplineId, agentId });
      if (!old) return;
      await manager.delete(AgentPhone, { helplineId, agentId });
      await this.dataKeys.shred(manager, helplineId, old.dataKeyId);
    });
  }

  async has(helplineId: string, agentId: string): Promise<boolean> {
    return this.transactions.run(async (manager) => (await manager.countBy(AgentPhone, { helplineId, agentId })) > 0);
  }

  /** Where to ring the agent: their phone if one is set, else their browser client. */
  endpointOf(helplineId: string, agentId: string): Promise<AgentEndpoint> {
    return this.transactions.run(async (manager) => {
      const row = await manager.findOneBy(AgentPhone, { helplineId, agentId });
      if (!row) return { kind: 'client', identity: agentClientIdentity(agentId) };
      const key = await this.dataKeys.open(manager, helplineId, row.dataKeyId);
      const number = decryptField(key, Buffer.from(row.numberSealed, 'base64'), {
        recordId: `${helplineId}/${agentId}`,
        field: FIELD,
      });
      return { kind: 'phone', number };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Clock, TransactionRunner } from '@tuki/platform';
import { TelephonyCall, type CallStage } from './telephony-call.entity';
import type { TelephonyLine } from './telephony-settings';

/** The provider calls Tuki is handling, each linked to its contact. Stage changes are compare-and-set. */
@Injectable()
export class TelephonyCalls {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * The call's row, made on its first webhook (in `stage`: `triage` when the helpline asks questions first); a
   * retried webhook finds the same row (unique per helpline, provider and call id).
   */
  async open(
    helplineId: string,
    provider: string,
    callSid: string,
    line: TelephonyLine,
    stage: 'triage' | 'waiting' = 'waiting',
  ): Promise<TelephonyCall> {
    const existing = await this.find(helplineId, provider, callSid);
    if (existing) return existing;
    const row: TelephonyCall = {
      id: randomUUID(),
      helplineId,
      provider,
      callSid,
      contactId: null,
      lineNumber: line.number,
      language: line.language,
      stage,
      lastAnnouncedAt: null,
      startedAt: this.clock.nowMs(),
      triage: null,
    };
    try {
      await this.transactions.run((manager) => manager.insert(TelephonyCall, row));
      return row;
    } catch (error) {
      // Two deliveries of the same webhook raced on the unique index: the other one's row is the call.
      const raced = await this.find(helplineId, provider, callSid);
      if (raced) return raced;
      throw error;
    }
  }

  find(helplineId: string, provider: string, callSid: string): Promise<TelephonyCall | null> {
    return this.transactions.run((manager) => manager.findOneBy(TelephonyCall, { helplineId, provider, callSid }));
  }

  async linkContact(call: TelephonyCall, contactId: string): Promise<void> {
    await this.transactions.run((manager) => manager.update(TelephonyCall, { id: call.id }, { contactId }));
    call.contactId = contactId;
  }

  /** Moves the call to `to` only from one of `from`; false when another request moved it first. */
  async move(call: TelephonyCall, from: CallStage[], to: CallStage): Promise<boolean> {
    const changed = await this.transactions.run((manager) =>
      manager.update(TelephonyCall, { id: call.id, stage: In(from) }, { stage: to }),
    );
    if (changed.affected) call.stage = to;
    return Boolean(changed.affected);
  }

  /**
   * Records the triage's next progress only if the row still holds `call.triage` and is in `triage` (compare and
   * set): of two deliveries of one key press, one moves it. False when another request moved it first.
   */
  async advanceTriage(call: TelephonyCall, next: string): Promise<boolean> {
    const changed = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(TelephonyCall)
        .set({ triage: next })
        .where('id = :id AND stage = :stage', { id: call.id, stage: 'triage' })
        .andWhere(call.triage === null ? 'triage IS NULL' : 'triage = :before', { before: call.triage })
        .execute(),
    );
    if (changed.affected) call.triage = next;
    return Boolean(changed.affected);
  }

  async markAnnounced(call: TelephonyCall): Promise<void> {
    const now = this.clock.nowMs();
    await this.transactions.run((manager) => manager.update(TelephonyCall, { id: call.id }, { lastAnnouncedAt: now }));
    call.lastAnnouncedAt = now;
  }

  /** Whether the caller is due to hear their place again. */
  announcementDue(call: TelephonyCall, everySeconds: number): boolean {
    return call.lastAnnouncedAt === null || this.clock.nowMs() - call.lastAnnouncedAt >= everySeconds * 1000;
  }
}

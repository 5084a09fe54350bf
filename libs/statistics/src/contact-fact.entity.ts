import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One ended contact, anonymously: what statistics count. Built only from `contact-facts.recorded` events, which carry
 * no contact, case or caller id, so nothing here points back to a person and case purges leave the counts as they
 * were. The id is random (not the contact's); the day stands in for the time.
 */
@Entity({ name: 'contact_facts' })
@Index('contact_facts_week', ['helplineId', 'isoWeek'])
@Index('contact_facts_month', ['helplineId', 'month'])
export class ContactFact {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'helpline_id', type: 'varchar', length: 36 })
  helplineId: string;

  @Column({ name: 'day', type: 'varchar', length: 10 })
  day: string;

  @Column({ name: 'iso_week', type: 'varchar', length: 8 })
  isoWeek: string;

  @Column({ name: 'month', type: 'varchar', length: 7 })
  month: string;

  @Column({ name: 'channel', type: 'varchar', length: 10 })
  channel: string;

  @Column({ name: 'queue_id', type: 'varchar', length: 36 })
  queueId: string;

  @Column({ name: 'language', type: 'varchar', length: 8 })
  language: string;

  /** JSON array of category codes. */
  @Column({ name: 'categories', type: 'text' })
  categories: string;

  /** JSON array of referral codes. */
  @Column({ name: 'referrals', type: 'text' })
  referrals: string;

  @Column({ name: 'age_band', type: 'varchar', length: 16 })
  ageBand: string;

  @Column({ name: 'gender', type: 'varchar', length: 16 })
  gender: string;

  @Column({ name: 'region', type: 'varchar', length: 32 })
  region: string;

  @Column({ name: 'outcome', type: 'varchar', length: 40 })
  outcome: string;

  @Column({ name: 'wait_band', type: 'varchar', length: 12 })
  waitBand: string;

  @Column({ name: 'answered', type: 'boolean' })
  answered: boolean;

  @Column({ name: 'abandoned', type: 'boolean' })
  abandoned: boolean;

  @Column({ name: 'callback', type: 'boolean' })
  callback: boolean;

  @Column({ name: 'classification', type: 'varchar', length: 12 })
  classification: string;

  @Column({ name: 'week_surrogate', type: 'varchar', length: 36 })
  weekSurrogate: string;

  @Column({ name: 'month_surrogate', type: 'varchar', length: 36 })
  monthSurrogate: string;
}

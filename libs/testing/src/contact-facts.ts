import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ContactFact } from '@tuki/statistics';

export type ContactFactFields = Partial<Omit<ContactFact, 'categories' | 'referrals'>> & {
  categories?: string[];
  referrals?: string[];
};

/**
 * Writes `callers` callers' contact facts (one contact each unless `contactsPerCaller`), all in March 2026 and alike
 * but for `fields`: a voice contact in Finnish about leaked records, answered within a minute, no facts asked.
 */
export async function insertContactFacts(
  manager: EntityManager,
  helplineId: string,
  callers: number,
  fields: ContactFactFields = {},
  contactsPerCaller = 1,
): Promise<void> {
  const rows: ContactFact[] = [];
  for (let caller = 0; caller < callers; caller += 1) {
    const weekSurrogate = randomUUID();
    const monthSurrogate = randomUUID();
    for (let contact = 0; contact < contactsPerCaller; contact += 1) {
      rows.push(
        manager.create(ContactFact, {
          id: randomUUID(),
          helplineId,
          day: '2026-03-10',
          isoWeek: '2026-W11',
          month: '2026-03',
          channel: 'voice',
          queueId: 'queue-a',
          language: 'fi',
          ageBand: 'not-asked',
          gender: 'not-asked',
          region: 'not-asked',
          outcome: 'advice',
          waitBand: 'under-1-min',
          answered: true,
          abandoned: false,
          callback: false,
          classification: 'recorded',
          weekSurrogate,
          monthSurrogate,
          ...fields,
          categories: JSON.stringify(fields.categories ?? ['breach.leaked-records']),
          referrals: JSON.stringify(fields.referrals ?? []),
        }),
      );
    }
  }
  // In slices: SQLite allows only so many bound parameters in one statement.
  for (let i = 0; i < rows.length; i += 200) await manager.insert(ContactFact, rows.slice(i, i + 200));
}

import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '@tuki/contracts';
import type { OutboxService } from '@tuki/platform';
import type { CaseContact } from './case-contact.entity';
import { ContactFactsPublisher } from './contact-facts.publisher';

describe('ContactFactsPublisher', () => {
  const classification = {
    kind: 'unanswered' as const,
    categories: [],
    referrals: [],
    outcome: 'not-asked',
    ageBand: 'not-asked',
    gender: 'not-asked',
    region: 'not-asked',
  };
  const contactIn = (language: string) =>
    ({
      contactId: 'c1',
      helplineId: 'h1',
      language,
      channel: 'voice',
      queueId: 'q1',
      firstArrivedAt: Date.UTC(2026, 2, 3, 10),
      answeredAt: null,
      state: 'abandoned',
      waitMs: 30_000,
      callerKey: null,
    }) as unknown as CaseContact;

  async function published(language: string): Promise<number> {
    const append = jest.fn();
    const update = jest.fn();
    const publisher = new ContactFactsPublisher(
      { append } as unknown as OutboxService<DomainEvents>,
      { timeZoneOf: async () => 'Europe/Helsinki' },
    );
    await publisher.publish({ update } as unknown as EntityManager, contactIn(language), classification);
    expect(update).toHaveBeenCalledTimes(1);
    return append.mock.calls.length;
  }

  it("leaves a drill's rehearsal callers (languages qaa-qtz) out of the anonymous facts", async () => {
    expect(await published('fi')).toBe(1);
    expect(await published('qaa')).toBe(0);
    expect(await published('qtz')).toBe(0);
    expect(await published('qua')).toBe(1);
  });
});

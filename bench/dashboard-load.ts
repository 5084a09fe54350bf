/*
 * The dashboard bench's event sources.
 * - ContactWriter: new contacts written straight into PostgreSQL at a steady rate, each the way ContactsService.create
 *   writes one (the contact row, its history entry and its `contact.created` outbox event, in one transaction), cloned
 *   from a contact made through the API so every column and payload field is real. No HTTP: 500 intakes a second
 *   through the API are beyond this machine (FACTS.md); the outbox and what follows it are the same. "Stored" is when
 *   the transaction's COMMIT returned.
 * - DirectFolder: the same `contact.created` events folded straight into the live aggregates (the metrics consumer's
 *   own code: effectOf + LiveAggregates.apply), skipping outbox, relay and jobs, to time the push path alone.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Pool, PoolClient } from 'pg';
import type { DomainEvents } from '@tuki/contracts';
import { LiveAggregates, effectOf, type MetricEvent } from '@tuki/metrics';
import { RedisKeys, SystemClock } from '@tuki/platform';
import { sleep } from './bench-util';
import { wallMs } from './dashboard-setup';

type Row = Record<string, unknown>;

export interface StoredEvent {
  eventId: string;
  contactId: string;
  storedAt: number;
}

interface Template {
  contact: Row;
  history: Row[];
  outbox: Row;
}

/** Writes contacts at a steady rate from a template contact. */
export class ContactWriter {
  readonly events: StoredEvent[] = [];
  /** Round-trip time of each contact's transaction (BEGIN to COMMIT returned). */
  readonly roundTripMs: number[] = [];
  /** How late each contact's transaction started against its schedule (every connection busy). */
  readonly lateMs: number[] = [];

  private constructor(
    private readonly clients: PoolClient[],
    private readonly schema: string,
    private readonly template: Template,
    private readonly autoColumns: Set<string>,
  ) {}

  /** `connections`: transactions in flight at once, as concurrent intake requests would have them. */
  static async from(pool: Pool, schema: string, contactId: string, connections: number): Promise<ContactWriter> {
    const table = (name: string) => `"${schema}"."${name}"`;
    const contact = (await pool.query<Row>(`select * from ${table('contacts')} where id = $1`, [contactId])).rows[0];
    const history = (
      await pool.query<Row>(`select * from ${table('contact_history')} where contact_id = $1`, [contactId])
    ).rows;
    const outbox = (
      await pool.query<Row>(
        `select * from ${table('outbox_events')} where type = 'contact.created' and payload like $1`,
        [`%${contactId}%`],
      )
    ).rows[0];
    if (!contact || !outbox || history.length === 0) throw new Error('template contact not found in the database');
    // Columns the database fills (serial, identity): left out of the inserts.
    const auto = await pool.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
        where table_schema = $1 and (column_default like 'nextval%' or is_identity = 'YES')`,
      [schema],
    );
    const autoColumns = new Set(auto.rows.map((r) => `${r.table_name}.${r.column_name}`));
    const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    return new ContactWriter(clients, schema, { contact, history, outbox }, autoColumns);
  }

  release(): void {
    this.clients.forEach((client) => client.release());
  }

  /**
   * Writes `perSecond` contacts a second for `durationMs`, each in its own transaction (one round trip: BEGIN, the
   * three inserts, COMMIT), on each of the connections in turn as it comes free. A contact whose moment came while
   * every connection was busy goes at once when one frees up: the achieved rate says whether the database kept up.
   * Afterwards `events` is in the order the commits returned.
   */
  async run(perSecond: number, durationMs: number): Promise<{ startedAt: number; endedAt: number }> {
    const startedAt = wallMs();
    const total = Math.round((perSecond * durationMs) / 1000);
    let next = 0;
    await Promise.all(
      this.clients.map(async (client) => {
        for (;;) {
          const n = next++;
          if (n >= total) return;
          const dueAt = startedAt + (n * 1000) / perSecond;
          const wait = dueAt - wallMs();
          if (wait > 0) await sleep(wait);
          this.lateMs.push(Math.max(0, wallMs() - dueAt));
          const contact = this.newContact(n, client);
          const sentAt = wallMs();
          await client.query(contact.sql);
          const storedAt = wallMs();
          this.roundTripMs.push(storedAt - sentAt);
          this.events.push({ eventId: contact.eventId, contactId: contact.contactId, storedAt });
        }
      }),
    );
    this.events.sort((a, b) => a.storedAt - b.storedAt);
    return { startedAt, endedAt: wallMs() };
  }

  private newContact(n: number, client: PoolClient): { sql: string; eventId: string; contactId: string } {
    const contactId = randomUUID();
    const eventId = randomUUID();
    const now = Date.now();
    const language = n % 4 === 0 ? 'sv' : 'fi';
    const contact = {
      ...this.template.contact,
      id: contactId,
      idempotency_key: `bench-${contactId}`,
      language,
      first_arrived_at: now,
      state_changed_at: now,
    };
    const history = this.template.history.map((h) => ({ ...h, contact_id: contactId, at: now }));
    const payload = {
      ...(JSON.parse(this.template.outbox.payload as string) as Row),
      contactId,
      language,
      firstArrivedAt: now,
    };
    const outbox = {
      ...this.template.outbox,
      id: eventId,
      payload: JSON.stringify(payload),
      occurred_at: now,
      dispatched_at: null,
    };
    const sql = [
      'BEGIN;',
      this.insert(client, 'contacts', [contact]),
      this.insert(client, 'contact_history', history),
      this.insert(client, 'outbox_events', [outbox]),
      'COMMIT;',
    ].join('\n');
    return { sql, eventId, contactId };
  }

  private insert(client: PoolClient, table: string, rows: Row[]): string {
    const columns = Object.keys(rows[0]).filter((c) => !this.autoColumns.has(`${table}.${c}`));
    const values = rows.map((row) => `(${columns.map((c) => literal(client, row[c])).join(', ')})`);
    return `INSERT INTO "${this.schema}"."${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')};`;
  }
}

function literal(client: PoolClient, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (typeof value === 'string') return client.escapeLiteral(value);
  return client.escapeLiteral(JSON.stringify(value));
}

/** Folds `contact.created` events straight into the live aggregates, as the metrics consumer does on delivery. */
export class DirectFolder {
  readonly events: StoredEvent[] = [];
  readonly lateMs: number[] = [];
  private readonly aggregates: LiveAggregates;
  private readonly day: Intl.DateTimeFormat;

  constructor(
    redis: Redis,
    redisPrefix: string,
    private readonly line: { helplineId: string; queueId: string; timeZone: string },
  ) {
    this.aggregates = new LiveAggregates(redis, new RedisKeys(redisPrefix), new SystemClock());
    this.day = new Intl.DateTimeFormat('en-CA', {
      timeZone: line.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  /** Folds `perSecond` events a second for `durationMs`, one after another (late ones go at once). */
  async run(perSecond: number, durationMs: number): Promise<{ startedAt: number; endedAt: number }> {
    const startedAt = wallMs();
    const total = Math.round((perSecond * durationMs) / 1000);
    for (let n = 0; n < total; n++) {
      const dueAt = startedAt + (n * 1000) / perSecond;
      const wait = dueAt - wallMs();
      if (wait > 0) await sleep(wait);
      this.lateMs.push(Math.max(0, wallMs() - dueAt));
      const now = Date.now();
      const payload: DomainEvents['contact.created'] = {
        contactId: randomUUID(),
        queueId: this.line.queueId,
        channel: 'voice',
        language: n % 4 === 0 ? 'sv' : 'fi',
        priority: 'normal',
        firstArrivedAt: now,
        hasCallerKey: false,
        callerKey: null,
      };
      // Outbox seq far above any real one: these contacts have no other events.
      const event: MetricEvent = { id: randomUUID(), type: 'contact.created', payload, occurredAt: now, seq: 1e9 + n };
      const effect = effectOf(event, { targetAnswerSecondsOf: () => 20 });
      await this.aggregates.apply(this.line.helplineId, event, effect, this.day.format(now));
      this.events.push({ eventId: event.id, contactId: payload.contactId, storedAt: wallMs() });
    }
    return { startedAt, endedAt: wallMs() };
  }
}

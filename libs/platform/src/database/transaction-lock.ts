import type { EntityManager } from 'typeorm';

/**
 * Serialises the transactions that name the same key, until the current one ends: two transactions that each check
 * for the other's row and would both miss it under READ COMMITTED (a callback's contact and its case's follow-up,
 * written concurrently) take the lock first, so the second sees what the first committed. PostgreSQL's transaction
 * advisory lock; SQLite runs one transaction at a time already.
 */
export async function lockForTransaction(manager: EntityManager, key: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

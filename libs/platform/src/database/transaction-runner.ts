import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Work to do once a transaction has committed; never run when it rolled back. */
export type AfterCommit = () => Promise<void> | void;

/**
 * The one way to run a unit of work. On SQLite TypeORM shares one connection between all requests, so two
 * transactions started concurrently would interleave inside one; here they queue behind each other instead.
 * PostgreSQL takes a pooled connection per transaction and needs no queue.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialise: boolean;
  /** Callbacks of the transactions whose work is running now, by their manager. */
  private readonly pending = new WeakMap<EntityManager, AfterCommit[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialise = dataSource.options.type !== 'postgres';
  }

  /**
   * Runs `work` in a transaction and resolves with its result once the transaction committed and its afterCommit
   * callbacks ran. On SQLite the next transaction may start while the callbacks run: they are outside the queue.
   */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const callbacks: AfterCommit[] = [];
    const transaction = () =>
      this.dataSource.transaction(async (manager) => {
        this.pending.set(manager, callbacks);
        try {
          return await work(manager);
        } finally {
          // Registering once the work returned would be a callback nobody ordered: refuse it (see afterCommit).
          this.pending.delete(manager);
        }
      });
    let committed: Promise<T>;
    if (this.serialise) {
      committed = this.tail.then(transaction);
      this.tail = committed.catch(() => undefined);
    } else {
      committed = transaction();
    }
    const result = await committed;
    for (const callback of callbacks) {
      try {
        await callback();
      } catch (error) {
        // The transaction is committed: failing the caller now would report a change as failed that happened.
        this.logger.error(`An after-commit callback failed: ${(error as Error).message}`, (error as Error).stack);
      }
    }
    return result;
  }

  /**
   * Registers `callback` to run after the transaction of `manager` (one of `run()`) commits, in registration order.
   * For effects outside the database that must follow the change and never precede it (advancing the audit anchor
   * in Redis): a process that dies between commit and callback loses the callback, so whatever it does must also be
   * repaired by something else. Errors are logged, not thrown. Throws when `manager` is not of a running `run()`.
   */
  afterCommit(manager: EntityManager, callback: AfterCommit): void {
    const callbacks = this.pending.get(manager);
    if (!callbacks) {
      throw new Error('afterCommit needs the manager of a transaction that TransactionRunner.run() is running');
    }
    callbacks.push(callback);
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Callbacks, their attempts, and the keys of the requests that made or joined them. The partial unique index keeps one open callback per number and helpline: two api
 * processes taking the same number at once cannot both insert, whatever Redis knows (SQLite and PostgreSQL both
 * support partial indexes).
 */
export class CreateCallbacks1764390000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'callbacks',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'queue_id', type: 'varchar', length: '36' },
          { name: 'source', type: 'varchar', length: '12' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'number_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'number_sealed', type: 'text', isNullable: true },
          { name: 'data_key_id', type: 'varchar', length: '36' },
          { name: 'requested_at', type: 'bigint' },
          { name: 'window_start', type: 'bigint' },
          { name: 'window_end', type: 'bigint', isNullable: true },
          { name: 'promised_by', type: 'bigint' },
          { name: 'deadline', type: 'bigint' },
          { name: 'base_priority', type: 'varchar', length: '10' },
          { name: 'overdue', type: 'boolean' },
          { name: 'attempts_made', type: 'integer' },
          { name: 'open_attempt', type: 'integer', isNullable: true },
          { name: 'next_attempt_at', type: 'bigint', isNullable: true },
          { name: 'merged_requests', type: 'integer' },
          { name: 'closed_at', type: 'bigint', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'callbacks',
      new TableIndex({
        name: 'callbacks_open_number',
        columnNames: ['helpline_id', 'number_hash'],
        isUnique: true,
        where: "status = 'open'",
      }),
    );
    await queryRunner.createIndex(
      'callbacks',
      new TableIndex({ name: 'callbacks_status', columnNames: ['helpline_id', 'status'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'callback_attempts',
        columns: [
          { name: 'callback_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'attempt_no', type: 'integer', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'agent_id', type: 'varchar', length: '36' },
          { name: 'dial_mode', type: 'varchar', length: '10' },
          { name: 'started_at', type: 'bigint' },
          { name: 'ended_at', type: 'bigint', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '14', isNullable: true },
          { name: 'number_reads', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'callback_requests',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'request_key', type: 'varchar', length: '120', isPrimary: true },
          { name: 'callback_id', type: 'varchar', length: '36' },
          { name: 'merged', type: 'boolean' },
          { name: 'requested_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('callback_requests');
    await queryRunner.dropTable('callback_attempts');
    await queryRunner.dropTable('callbacks');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOutbox1764381000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'outbox_events',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'id', type: 'varchar', length: '36', isUnique: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '100' },
          { name: 'payload', type: 'text' },
          { name: 'occurred_at', type: 'bigint' },
          { name: 'dispatched_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'outbox_events',
      new TableIndex({ name: 'outbox_events_pending', columnNames: ['dispatched_at', 'seq'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'processed_events',
        columns: [
          { name: 'consumer', type: 'varchar', length: '100', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'processed_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('processed_events');
    await queryRunner.dropTable('outbox_events');
  }
}

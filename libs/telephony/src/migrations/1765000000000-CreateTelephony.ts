import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Telephony: each helpline's settings, provider calls and their contacts, agents' sealed phone numbers. */
export class CreateTelephony1765000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'telephony_settings',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'updated_by', type: 'varchar', length: '36' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'telephony_calls',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'provider', type: 'varchar', length: '16' },
          { name: 'call_sid', type: 'varchar', length: '64' },
          { name: 'contact_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'line_number', type: 'varchar', length: '16' },
          { name: 'language', type: 'varchar', length: '3' },
          { name: 'stage', type: 'varchar', length: '20' },
          { name: 'last_announced_at', type: 'bigint', isNullable: true },
          { name: 'started_at', type: 'bigint' },
        ],
      }),
    );
    // A provider retrying its incoming-call webhook finds the call it already has: one call, one contact.
    await queryRunner.createIndex(
      'telephony_calls',
      new TableIndex({
        name: 'telephony_calls_sid',
        columnNames: ['helpline_id', 'provider', 'call_sid'],
        isUnique: true,
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'telephony_agent_phones',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'agent_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'data_key_id', type: 'varchar', length: '36' },
          { name: 'number_sealed', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('telephony_agent_phones');
    await queryRunner.dropTable('telephony_calls');
    await queryRunner.dropTable('telephony_settings');
  }
}

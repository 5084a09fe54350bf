import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The block list: pseudonymous keys of callers the helpline will not take until an expiry. */
export class CreateBlockedCallers1764910000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'blocked_callers',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'blocked_key', type: 'varchar', length: '64' },
          { name: 'reason', type: 'varchar', length: '16' },
          { name: 'created_by', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'lifted_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'blocked_callers',
      new TableIndex({ name: 'blocked_callers_key', columnNames: ['helpline_id', 'blocked_key', 'expires_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('blocked_callers');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Statistics settings, exports and the privacy-budget ledger (see statistics-entities.ts for each column). */
export class CreateStatisticsExports1765420000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'statistics_settings',
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
        name: 'statistics_exports',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'requested_by', type: 'varchar', length: '36' },
          { name: 'report', type: 'varchar', length: '12' },
          { name: 'query', type: 'text' },
          { name: 'plan', type: 'text' },
          { name: 'state', type: 'varchar', length: '12' },
          { name: 'progress', type: 'integer' },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'finished_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'statistics_exports',
      new TableIndex({ name: 'statistics_exports_helpline', columnNames: ['helpline_id', 'created_at'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'privacy_budget',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'period', type: 'varchar', length: '8', isPrimary: true },
          { name: 'spent_milli', type: 'integer' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['privacy_budget', 'statistics_exports', 'statistics_settings']) {
      await queryRunner.dropTable(table);
    }
  }
}

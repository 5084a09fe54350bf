import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Agents' help requests. See HelpRequest for each column. */
export class CreateHelpRequests1765200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'help_requests',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'agent_id', type: 'varchar', length: '36' },
          { name: 'contact_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'requested_at', type: 'bigint' },
          { name: 'acknowledged_at', type: 'bigint', isNullable: true },
          { name: 'acknowledged_by', type: 'varchar', length: '36', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'help_requests',
      new TableIndex({ name: 'help_requests_open', columnNames: ['helpline_id', 'acknowledged_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('help_requests');
  }
}

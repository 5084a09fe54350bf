import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Counsellor care: each agent's run of high-risk contacts and when their wrap-up ends (the care pause included), and
 * each helpline's care settings. See AgentProfile and CareSettingsRow for each column.
 */
export class AddCounsellorCare1765410000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('agent_profiles', [
      new TableColumn({ name: 'high_risk_streak', type: 'integer', default: 0 }),
      new TableColumn({ name: 'wrap_up_ends_at', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'care_settings',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'updated_by', type: 'varchar', length: '36' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('care_settings');
    for (const column of ['wrap_up_ends_at', 'high_risk_streak'])
      await queryRunner.dropColumn('agent_profiles', column);
  }
}

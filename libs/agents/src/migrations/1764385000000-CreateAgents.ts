import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAgents1764385000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'agent_profiles',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'languages', type: 'text' },
          { name: 'skills', type: 'text' },
          { name: 'capacity', type: 'text' },
          { name: 'wrap_up_seconds', type: 'integer', default: 60 },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'away_reason', type: 'varchar', length: '20', isNullable: true },
          { name: 'missed_offers_in_row', type: 'integer', default: 0 },
          { name: 'state_changed_at', type: 'bigint' },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'agent_profiles',
      new TableIndex({ name: 'agent_profiles_state', columnNames: ['helpline_id', 'state'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'agent_history',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'agent_id', type: 'varchar', length: '36' },
          { name: 'at', type: 'bigint' },
          { name: 'from_state', type: 'varchar', length: '20', isNullable: true },
          { name: 'to_state', type: 'varchar', length: '20' },
          { name: 'actor_kind', type: 'varchar', length: '12' },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'reason', type: 'varchar', length: '40', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'agent_history',
      new TableIndex({ name: 'agent_history_agent', columnNames: ['helpline_id', 'agent_id', 'seq'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('agent_history');
    await queryRunner.dropTable('agent_profiles');
  }
}

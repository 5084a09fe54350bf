import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Agents' note drafts. See NoteDraft for each column. */
export class CreateNoteDrafts1765300000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'note_drafts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'agent_id', type: 'varchar', length: '36' },
          { name: 'contact_id', type: 'varchar', length: '36' },
          { name: 'case_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'data_key_id', type: 'varchar', length: '36' },
          { name: 'body_sealed', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'note_drafts',
      new TableIndex({
        name: 'note_drafts_agent_contact',
        columnNames: ['helpline_id', 'agent_id', 'contact_id'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('note_drafts');
  }
}

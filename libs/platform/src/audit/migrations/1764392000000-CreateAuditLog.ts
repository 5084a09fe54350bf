import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The audit chain and its per-helpline heads, written with the Table API so it runs on SQLite and PostgreSQL. */
export class CreateAuditLog1764392000000 implements MigrationInterface {
  name = 'CreateAuditLog1764392000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'occurred_at', type: 'bigint', isNullable: false },
          { name: 'actor_kind', type: 'varchar', length: '10', isNullable: false },
          { name: 'actor_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'actor_roles', type: 'text', isNullable: false },
          { name: 'action', type: 'varchar', length: '60', isNullable: false },
          { name: 'subject_type', type: 'varchar', length: '30', isNullable: false },
          { name: 'subject_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'fields', type: 'text', isNullable: false },
          { name: 'purpose', type: 'varchar', length: '40', isNullable: false },
          { name: 'purpose_ref', type: 'varchar', length: '64', isNullable: true },
          { name: 'prev_mac', type: 'varchar', length: '64', isNullable: false },
          { name: 'mac', type: 'varchar', length: '64', isNullable: false },
        ],
      }),
    );
    // "Who looked at this case" and "what did this person look at": the two questions the log is kept for.
    await queryRunner.createIndex(
      'audit_entries',
      new TableIndex({ name: 'idx_audit_entries_subject', columnNames: ['helpline_id', 'subject_id'] }),
    );
    await queryRunner.createIndex(
      'audit_entries',
      new TableIndex({ name: 'idx_audit_entries_actor', columnNames: ['helpline_id', 'actor_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_heads',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer', isNullable: false },
          { name: 'mac', type: 'varchar', length: '64', isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_heads');
    await queryRunner.dropIndex('audit_entries', 'idx_audit_entries_actor');
    await queryRunner.dropIndex('audit_entries', 'idx_audit_entries_subject');
    await queryRunner.dropTable('audit_entries');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The data_keys table, written with the Table API so the same migration runs on SQLite and PostgreSQL. */
export class CreateDataKeys1764381600000 implements MigrationInterface {
  name = 'CreateDataKeys1764381600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'data_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36', isNullable: false },
          { name: 'kek_id', type: 'varchar', length: '64', isNullable: false },
          { name: 'wrapped_key', type: 'text', isNullable: false },
          { name: 'created_at', type: 'bigint', isNullable: false },
          { name: 'destroyed_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'data_keys',
      new TableIndex({ name: 'idx_data_keys_helpline_id', columnNames: ['helpline_id'] }),
    );
    // Rotation looks for keys not yet under the active KEK.
    await queryRunner.createIndex(
      'data_keys',
      new TableIndex({ name: 'idx_data_keys_kek_id', columnNames: ['kek_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('data_keys', 'idx_data_keys_kek_id');
    await queryRunner.dropIndex('data_keys', 'idx_data_keys_helpline_id');
    await queryRunner.dropTable('data_keys');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateServiceCredentials1764383000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'service_credentials',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'service_credentials',
      new TableIndex({ name: 'service_credentials_helpline', columnNames: ['helpline_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('service_credentials');
  }
}

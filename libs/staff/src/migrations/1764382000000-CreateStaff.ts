import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateStaff1764382000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'helplines',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'time_zone', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff_users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'login', type: 'varchar', length: '120', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '120' },
          { name: 'roles', type: 'varchar', length: '100' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'data_key_id', type: 'varchar', length: '36' },
          { name: 'totp_secret', type: 'text', isNullable: true },
          { name: 'mfa_enrolled', type: 'boolean', default: false },
          { name: 'totp_last_step', type: 'bigint', isNullable: true },
          { name: 'session_version', type: 'integer', default: 1 },
          { name: 'disabled_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'staff_users',
      new TableIndex({ name: 'staff_users_helpline', columnNames: ['helpline_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'staff_sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'family_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64', isUnique: true },
          { name: 'expires_at', type: 'bigint' },
          { name: 'rotated_at', type: 'bigint', isNullable: true },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'staff_sessions',
      new TableIndex({ name: 'staff_sessions_user', columnNames: ['user_id'] }),
    );
    await queryRunner.createIndex(
      'staff_sessions',
      new TableIndex({ name: 'staff_sessions_family', columnNames: ['family_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('staff_sessions');
    await queryRunner.dropTable('staff_users');
    await queryRunner.dropTable('helplines');
  }
}

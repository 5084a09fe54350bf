import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The first estimated wait a caller was told, and its error against the real wait once answered. */
export class AddWaitQuotes1764386000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('contacts', [
      new TableColumn({ name: 'quoted_wait_ms', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'quoted_at', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'quote_error_ms', type: 'bigint', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['quote_error_ms', 'quoted_at', 'quoted_wait_ms'])
      await queryRunner.dropColumn('contacts', column);
  }
}

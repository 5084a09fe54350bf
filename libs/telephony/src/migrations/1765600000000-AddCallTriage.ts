import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Where a caller is in the phone triage (the question reached and the keys pressed), kept on their call. */
export class AddCallTriage1765600000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('telephony_calls', new TableColumn({ name: 'triage', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('telephony_calls', 'triage');
  }
}

import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The count of a caller's earlier contacts, taken on arrival, for the offer's "possible repeat caller". */
export class AddEarlierContacts1764393000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'contacts',
      new TableColumn({ name: 'earlier_contacts', type: 'integer', default: 0, isNullable: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('contacts', 'earlier_contacts');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const code = (name: string, length: number) => ({ name, type: 'varchar', length: String(length) });

/** The anonymous contact-facts table that statistics read (see ContactFact). */
export class CreateContactFacts1764395000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'contact_facts',
        columns: [
          { ...code('id', 36), isPrimary: true },
          code('helpline_id', 36),
          code('day', 10),
          code('iso_week', 8),
          code('month', 7),
          code('channel', 10),
          code('queue_id', 36),
          code('language', 8),
          { name: 'categories', type: 'text' },
          { name: 'referrals', type: 'text' },
          code('age_band', 16),
          code('gender', 16),
          code('region', 32),
          code('outcome', 40),
          code('wait_band', 12),
          { name: 'answered', type: 'boolean' },
          { name: 'abandoned', type: 'boolean' },
          { name: 'callback', type: 'boolean' },
          code('classification', 12),
          code('week_surrogate', 36),
          code('month_surrogate', 36),
        ],
      }),
    );
    await queryRunner.createIndex(
      'contact_facts',
      new TableIndex({ name: 'contact_facts_week', columnNames: ['helpline_id', 'iso_week'] }),
    );
    await queryRunner.createIndex(
      'contact_facts',
      new TableIndex({ name: 'contact_facts_month', columnNames: ['helpline_id', 'month'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('contact_facts');
  }
}

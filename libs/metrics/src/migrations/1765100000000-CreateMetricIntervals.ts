import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const count = (name: string) => ({ name, type: 'integer' });
const ms = (name: string) => ({ name, type: 'bigint' });

/** The 15-minute history of the live metrics and the queues' surge thresholds. See the entities for each column. */
export class CreateMetricIntervals1765100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'metric_intervals',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'scope', type: 'varchar', length: '48' },
          ms('start'),
          count('seconds'),
          count('arrivals'),
          count('answered'),
          count('answered_within_target'),
          count('abandoned'),
          count('short_abandons'),
          ms('answered_wait_ms'),
          count('handled'),
          ms('handle_ms'),
          { name: 'waiting', type: 'integer', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'metric_intervals',
      new TableIndex({
        name: 'metric_intervals_scope_start',
        columnNames: ['helpline_id', 'scope', 'start'],
        isUnique: true,
      }),
    );
    const ratio = (name: string) => ({ name, type: 'real' });
    await queryRunner.createTable(
      new Table({
        name: 'surge_thresholds',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'queue_id', type: 'varchar', length: '36', isPrimary: true },
          ratio('elevated'),
          ratio('surge'),
          ratio('critical'),
          ms('updated_at'),
          { name: 'updated_by', type: 'varchar', length: '36' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('surge_thresholds');
    await queryRunner.dropTable('metric_intervals');
  }
}

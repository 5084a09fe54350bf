import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** When a waiting callback may next be offered, and each queue's opening hours and callback policy. */
export class AddCallbackScheduling1764388000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('contacts', new TableColumn({ name: 'not_before', type: 'bigint', isNullable: true }));
    await queryRunner.addColumns('routing_queues', [
      new TableColumn({ name: 'opening_hours', type: 'text', isNullable: true }),
      new TableColumn({ name: 'callback_policy', type: 'text', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('routing_queues', 'callback_policy');
    await queryRunner.dropColumn('routing_queues', 'opening_hours');
    await queryRunner.dropColumn('contacts', 'not_before');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateQueueing1764384000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'routing_queues',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'languages', type: 'text' },
          { name: 'required_skills', type: 'text' },
          { name: 'strategy', type: 'varchar', length: '20' },
          { name: 'target_answer_percent', type: 'integer' },
          { name: 'target_answer_seconds', type: 'integer' },
          { name: 'max_wait_seconds', type: 'integer', isNullable: true },
          { name: 'overflow_queue_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'offer_timeout_seconds', type: 'integer' },
          { name: 'ageing_seconds', type: 'integer' },
          { name: 'widening', type: 'text' },
          { name: 'voice_blocks_chat', type: 'boolean' },
          { name: 'is_open', type: 'boolean' },
          { name: 'created_at', type: 'bigint' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'routing_queues',
      new TableIndex({ name: 'routing_queues_helpline', columnNames: ['helpline_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'contacts',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'queue_id', type: 'varchar', length: '36' },
          { name: 'idempotency_key', type: 'varchar', length: '100' },
          { name: 'channel', type: 'varchar', length: '10' },
          { name: 'language', type: 'varchar', length: '8' },
          { name: 'topic', type: 'varchar', length: '40', isNullable: true },
          { name: 'priority', type: 'varchar', length: '10' },
          { name: 'risk_flags', type: 'text' },
          { name: 'caller_key', type: 'varchar', length: '64', isNullable: true },
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'first_arrived_at', type: 'bigint' },
          { name: 'state_changed_at', type: 'bigint' },
          { name: 'agent_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'wait_ms', type: 'bigint', isNullable: true },
          { name: 'ended_at', type: 'bigint', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'contacts',
      new TableIndex({ name: 'contacts_idempotency', columnNames: ['helpline_id', 'idempotency_key'], isUnique: true }),
    );
    await queryRunner.createIndex(
      'contacts',
      new TableIndex({ name: 'contacts_waiting', columnNames: ['helpline_id', 'state'] }),
    );
    await queryRunner.createIndex(
      'contacts',
      new TableIndex({ name: 'contacts_caller', columnNames: ['helpline_id', 'caller_key'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'contact_history',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'contact_id', type: 'varchar', length: '36' },
          { name: 'at', type: 'bigint' },
          { name: 'from_state', type: 'varchar', length: '20', isNullable: true },
          { name: 'to_state', type: 'varchar', length: '20' },
          { name: 'change', type: 'varchar', length: '30' },
          { name: 'queue_id', type: 'varchar', length: '36' },
          { name: 'actor_kind', type: 'varchar', length: '12' },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'agent_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'reason', type: 'varchar', length: '40', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'contact_history',
      new TableIndex({ name: 'contact_history_contact', columnNames: ['helpline_id', 'contact_id', 'seq'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('contact_history');
    await queryRunner.dropTable('contacts');
    await queryRunner.dropTable('routing_queues');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Web chat: conversations, their numbered and sealed messages, and each helpline's chat settings. */
export class CreateChat1764900000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chat_conversations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'contact_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'address_key', type: 'varchar', length: '64', isNullable: true },
          { name: 'data_key_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'last_seq', type: 'integer' },
          { name: 'started_at', type: 'bigint' },
          { name: 'ended_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'chat_conversations',
      new TableIndex({ name: 'chat_conversations_contact', columnNames: ['helpline_id', 'contact_id'] }),
    );
    await queryRunner.createIndex(
      'chat_conversations',
      new TableIndex({ name: 'chat_conversations_status', columnNames: ['helpline_id', 'status', 'ended_at'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_messages',
        columns: [
          { name: 'conversation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'helpline_id', type: 'varchar', length: '36' },
          { name: 'sender', type: 'varchar', length: '8' },
          { name: 'agent_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'client_id', type: 'varchar', length: '64' },
          { name: 'body_sealed', type: 'text', isNullable: true },
          { name: 'sent_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'chat_messages',
      new TableIndex({
        name: 'chat_messages_client',
        columnNames: ['conversation_id', 'sender', 'client_id'],
        isUnique: true,
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_settings',
        columns: [
          { name: 'helpline_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
          { name: 'updated_by', type: 'varchar', length: '36' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('chat_settings');
    await queryRunner.dropTable('chat_messages');
    await queryRunner.dropTable('chat_conversations');
  }
}

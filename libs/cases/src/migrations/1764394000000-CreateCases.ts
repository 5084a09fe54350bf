import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

type Column = TableColumnOptions;

const id = (name: string, primary = false): Column => ({ name, type: 'varchar', length: '36', isPrimary: primary });
const ms = (name: string, nullable = false): Column => ({ name, type: 'bigint', isNullable: nullable });
const text = (name: string, nullable = false): Column => ({ name, type: 'text', isNullable: nullable });
const code = (name: string, length: number, nullable = false): Column => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

/** Cases and everything they gather; the caller surrogates of statistics periods. See the entities for each column. */
export class CreateCases1764394000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const table = async (name: string, columns: Column[], indices: TableIndex[] = []) => {
      await queryRunner.createTable(new Table({ name, columns }));
      for (const index of indices) await queryRunner.createIndex(name, index);
    };
    await table(
      'cases',
      [
        id('id', true),
        id('helpline_id'),
        code('reference', 12),
        code('status', 20),
        code('risk_level', 12),
        code('caller_key', 64, true),
        id('data_key_id'),
        text('summary_sealed', true),
        text('code_word_sealed', true),
        text('phone_sealed', true),
        code('age_band', 16),
        code('gender', 16),
        code('region', 32),
        id('created_by'),
        ms('created_at'),
        ms('updated_at'),
        ms('closed_at', true),
        { name: 'version', type: 'integer' },
      ],
      [
        new TableIndex({ name: 'cases_reference', columnNames: ['helpline_id', 'reference'], isUnique: true }),
        new TableIndex({ name: 'cases_caller', columnNames: ['helpline_id', 'caller_key'] }),
        new TableIndex({ name: 'cases_status', columnNames: ['helpline_id', 'status'] }),
      ],
    );
    await table(
      'case_categories',
      [id('case_id', true), { ...code('code', 60), isPrimary: true }, id('helpline_id')],
      [new TableIndex({ name: 'case_categories_code', columnNames: ['helpline_id', 'code'] })],
    );
    await table(
      'case_notes',
      [
        id('id', true),
        id('helpline_id'),
        id('case_id'),
        { ...id('contact_id'), isNullable: true },
        id('author_id'),
        text('body_sealed'),
        ms('created_at'),
      ],
      [new TableIndex({ name: 'case_notes_case', columnNames: ['helpline_id', 'case_id', 'created_at'] })],
    );
    await table(
      'case_contacts',
      [
        id('contact_id', true),
        id('helpline_id'),
        { ...id('case_id'), isNullable: true },
        id('queue_id'),
        code('channel', 10),
        code('language', 8),
        code('caller_key', 64, true),
        ms('first_arrived_at'),
        ms('answered_at', true),
        ms('wait_ms', true),
        ms('ended_at', true),
        code('state', 20),
        text('agent_ids'),
        code('classification', 12),
        text('categories'),
        code('outcome', 40, true),
        code('skip_reason', 40, true),
      ],
      [
        new TableIndex({ name: 'case_contacts_case', columnNames: ['helpline_id', 'case_id'] }),
        new TableIndex({ name: 'case_contacts_caller', columnNames: ['helpline_id', 'caller_key'] }),
      ],
    );
    await table(
      'case_participants',
      [id('case_id', true), id('user_id', true), id('helpline_id'), ms('last_worked_at')],
      [new TableIndex({ name: 'case_participants_user', columnNames: ['helpline_id', 'user_id'] })],
    );
    await table(
      'case_grants',
      [
        id('id', true),
        id('helpline_id'),
        id('case_id'),
        id('user_id'),
        code('kind', 16),
        id('granted_by'),
        text('reason_sealed', true),
        ms('created_at'),
        ms('expires_at'),
        ms('reviewed_at', true),
        { ...id('reviewed_by'), isNullable: true },
      ],
      [
        new TableIndex({ name: 'case_grants_user', columnNames: ['helpline_id', 'user_id', 'expires_at'] }),
        new TableIndex({ name: 'case_grants_case', columnNames: ['helpline_id', 'case_id'] }),
      ],
    );
    await table(
      'case_referrals',
      [
        id('id', true),
        id('helpline_id'),
        id('case_id'),
        code('code', 60),
        { ...id('contact_id'), isNullable: true },
        id('created_by'),
        ms('created_at'),
      ],
      [new TableIndex({ name: 'case_referrals_case', columnNames: ['helpline_id', 'case_id'] })],
    );
    await table(
      'case_follow_ups',
      [
        id('id', true),
        id('helpline_id'),
        id('case_id'),
        { ...id('callback_id'), isNullable: true },
        ms('not_before'),
        id('created_by'),
        ms('created_at'),
      ],
      [new TableIndex({ name: 'case_follow_ups_case', columnNames: ['helpline_id', 'case_id'] })],
    );
    await table(
      'case_repeat_confirmations',
      [
        id('id', true),
        id('helpline_id'),
        id('contact_id'),
        { ...id('case_id'), isNullable: true },
        code('method', 12),
        code('result', 12),
        id('agent_id'),
        ms('at'),
      ],
      [new TableIndex({ name: 'case_repeat_confirmations_contact', columnNames: ['helpline_id', 'contact_id'] })],
    );
    await table('case_settings', [id('helpline_id', true), text('document'), ms('updated_at'), id('updated_by')]);
    await table(
      'caller_surrogates',
      [
        id('helpline_id', true),
        { ...code('period', 10), isPrimary: true },
        { ...code('caller_key', 64), isPrimary: true },
        id('surrogate'),
        ms('period_ends_at'),
      ],
      [new TableIndex({ name: 'caller_surrogates_period', columnNames: ['helpline_id', 'period'] })],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of [
      'caller_surrogates',
      'case_settings',
      'case_repeat_confirmations',
      'case_follow_ups',
      'case_referrals',
      'case_grants',
      'case_participants',
      'case_contacts',
      'case_notes',
      'case_categories',
      'cases',
    ])
      await queryRunner.dropTable(name);
  }
}

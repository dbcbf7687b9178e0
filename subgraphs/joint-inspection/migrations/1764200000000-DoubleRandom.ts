import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Plans, draw rounds, pool snapshots, locked draws, tasks, the audit chain and rule settings.
// Portable Table API; JSON lives in text columns (LONGTEXT on MySQL: a snapshot of a large pool exceeds 64 KB).
export class DoubleRandom1764200000000 implements MigrationInterface {
  name = 'DoubleRandom1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const json = (name: string): TableColumnOptions => ({ name, type: mysql ? 'longtext' : 'text', isNullable: false });
    const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false });
    const stamp = (name: string): TableColumnOptions => ({ name, type: 'datetime', isNullable: false });

    await q.createTable(
      new Table({
        name: 'plan',
        columns: [
          id, str('kind', 12), str('department', 20), json('participants'), str('title', 200), int('year'),
          str('window_start', 10), str('window_end', 10), json('items'), json('scope'), json('ratios'), str('category', 8),
          str('state', 12), str('return_reason', 500, true), str('created_by', 100), str('reviewed_by', 100, true),
          stamp('created_at'), stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_plan_year_department', columnNames: ['year', 'department'] }),
          new TableIndex({ name: 'IDX_plan_state', columnNames: ['state'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'draw_round',
        columns: [
          id, str('name', 50), int('year'), str('mode', 12), { name: 'start_point', type: 'double', isNullable: false },
          json('plan_ids'), str('state', 16), str('seed_source', 10, true), str('seed_commitment', 64, true),
          str('seed_description', 300, true), str('sealed_seed', 200, true), str('seed', 200, true), str('created_by', 100),
          stamp('created_at'), stamp('updated_at'),
        ],
        indices: [new TableIndex({ name: 'UQ_draw_round_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pool_snapshot',
        columns: [id, int('round_id'), int('plan_id'), str('pool_hash', 64), int('size'), json('members'), stamp('taken_at')],
        indices: [new TableIndex({ name: 'UQ_pool_snapshot_round_plan', columnNames: ['round_id', 'plan_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'draw',
        columns: [id, int('round_id'), int('plan_id'), int('seq'), str('reason', 500, true), json('record'), str('record_hash', 64), str('created_by', 100), stamp('created_at')],
        // The unique key is what makes two concurrent "draw" calls produce exactly one draw.
        indices: [new TableIndex({ name: 'UQ_draw_round_plan_seq', columnNames: ['round_id', 'plan_id', 'seq'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'task',
        columns: [
          id, int('round_id'), str('credit_code', 18), { name: 'joint', type: 'boolean', isNullable: false }, str('lead_department', 20),
          json('departments'), json('plan_ids'), json('items'), str('window_start', 10), str('window_end', 10), stamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_task_round_entity_window', columnNames: ['round_id', 'credit_code', 'window_start'], isUnique: true }),
          new TableIndex({ name: 'IDX_task_credit_code', columnNames: ['credit_code'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true, isNullable: false }, str('at', 30), str('actor', 100), str('action', 50),
          str('subject', 100), json('payload'), str('prev_hash', 64), str('hash', 64),
        ],
      }),
    );
    await q.createTable(new Table({ name: 'setting', columns: [{ name: 'key', type: 'varchar', length: '50', isPrimary: true }, json('value')] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['setting', 'audit_entry', 'task', 'draw', 'pool_snapshot', 'draw_round', 'plan']) await q.dropTable(t);
  }
}

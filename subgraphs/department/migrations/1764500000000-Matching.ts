import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const text = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false });
const stamp = (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: false });

export class Matching1764500000000 implements MigrationInterface {
  name = 'Matching1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'task_match',
        columns: [
          id, varchar('department', 32), varchar('task_id', 40), varchar('round_id', 40), varchar('credit_code', 18), varchar('visit_date', 10),
          varchar('seed', 200), bool('leader'), text('item_codes'), int('team_size'), int('max_tasks_per_round'), bool('exclude_previous'),
          varchar('status', 16), text('problems'), varchar('algorithm_version', 40), stamp('created_at'), stamp('updated_at'),
        ],
        indices: [
          // Idempotency by task: a concurrent retry loses the insert race and reads the winner's match.
          new TableIndex({ name: 'UQ_task_match_department_task', columnNames: ['department', 'task_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_task_match_credit_code', columnNames: ['department', 'credit_code'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assignment',
        columns: [
          id, varchar('department', 32), varchar('task_id', 40), varchar('round_id', 40), varchar('credit_code', 18), int('inspector_id'),
          varchar('role', 8), varchar('status', 10), int('position'), varchar('reason', 500, true), int('replaced_by', true), stamp('created_at'), stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_assignment_task_inspector', columnNames: ['department', 'task_id', 'inspector_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_assignment_round', columnNames: ['department', 'round_id', 'status'] }),
          new TableIndex({ name: 'IDX_assignment_inspector', columnNames: ['inspector_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('assignment', true, true, true);
    await q.dropTable('task_match', true, true, true);
  }
}

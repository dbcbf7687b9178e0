import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Dispatch per department, results per item, published versions, credit-class changes, calendar edits.
export class Results1764400000000 implements MigrationInterface {
  name = 'Results1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
    const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const text = (name: string): TableColumnOptions => ({ name, type: mysql ? 'longtext' : 'text', isNullable: false });
    const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false });
    const stamp = (name: string): TableColumnOptions => ({ name, type: 'datetime', isNullable: false });
    const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });

    await q.createTable(
      new Table({
        name: 'task_dispatch',
        columns: [id, int('task_id'), str('department', 20), str('status', 16), int('attempts'), str('last_error', 500, true), text('inspectors'), text('problems'), stamp('updated_at')],
        indices: [new TableIndex({ name: 'UQ_task_dispatch_task_department', columnNames: ['task_id', 'department'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inspection_result',
        columns: [
          id, int('task_id'), str('department', 20), str('item_code', 40), text('categories'), text('findings'), str('follow_up', 30),
          text('attachments'), str('inspected_on', 10), str('due_date', 10), str('state', 12), str('return_reason', 500, true),
          str('entered_by', 100), str('reviewed_by', 100, true), stamp('created_at'), stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_result_task_department_item', columnNames: ['task_id', 'department', 'item_code'], isUnique: true }),
          new TableIndex({ name: 'IDX_result_department_state', columnNames: ['department', 'state'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'published_result',
        columns: [
          id, int('result_id'), int('version'), bool('current'), str('credit_code', 18), str('entity_name', 200), str('department', 20),
          str('item_code', 40), text('categories'), text('findings'), str('follow_up', 60), text('inspectors'), str('inspected_on', 10),
          str('correction_reason', 500, true), str('approved_by', 100), stamp('published_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_published_result_version', columnNames: ['result_id', 'version'], isUnique: true }),
          new TableIndex({ name: 'IDX_published_result_credit_code', columnNames: ['credit_code'] }),
          new TableIndex({ name: 'IDX_published_result_entity_name', columnNames: ['entity_name'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'credit_change',
        columns: [id, str('credit_code', 18), str('from_class', 1), str('to_class', 1), str('reason', 500), int('task_id'), str('status', 10), str('decided_by', 100, true), stamp('created_at')],
        indices: [new TableIndex({ name: 'IDX_credit_change_credit_code', columnNames: ['credit_code'] })],
      }),
    );
    await q.createTable(
      new Table({ name: 'calendar_override', columns: [{ name: 'date', type: 'varchar', length: '10', isPrimary: true }, str('kind', 10), str('name', 50)] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_override', 'credit_change', 'published_result', 'inspection_result', 'task_dispatch']) await q.dropTable(t);
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// The outbox of credit-class moves: one row per effective change and department, PENDING until that
// department's pool has it (docs/credit-classes.md).
export class CreditDelivery1765200000002 implements MigrationInterface {
  name = 'CreditDelivery1765200000002';

  async up(q: QueryRunner): Promise<void> {
    const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
    const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false });
    const stamp = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });
    await q.createTable(
      new Table({
        name: 'credit_delivery',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          int('change_id'), str('department', 20), str('status', 10), int('attempts'), str('last_error', 500, true), str('outcome', 16, true),
          stamp('created_at'), stamp('updated_at'), stamp('delivered_at', true),
        ],
        indices: [
          new TableIndex({ name: 'UQ_credit_delivery_change_department', columnNames: ['change_id', 'department'], isUnique: true }),
          new TableIndex({ name: 'IDX_credit_delivery_pending', columnNames: ['status', 'department', 'change_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('credit_delivery', true, true, true);
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });

// Change ids of credit-class moves this department has processed (docs/credit-classes.md): a redelivery is
// answered from here, and an older change arriving after a newer one is recognised and ignored.
export class CreditClassSync1765200000001 implements MigrationInterface {
  name = 'CreditClassSync1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'credit_class_applied',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          varchar('department', 32),
          { name: 'change_id', type: 'integer', isNullable: false },
          varchar('credit_code', 18),
          varchar('credit_class', 1),
          varchar('previous_class', 1, true),
          varchar('outcome', 16),
          varchar('applied_by', 100),
          { name: 'applied_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'UQ_credit_class_applied_change', columnNames: ['department', 'change_id'], isUnique: true }),
          new TableIndex({ name: 'IDX_credit_class_applied_code', columnNames: ['department', 'credit_code', 'change_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('credit_class_applied', true, true, true);
  }
}

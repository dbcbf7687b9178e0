import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Portable Table API: the same migration runs on SQLite and MariaDB/MySQL.
// utf8mb4 comes from the database default (openDatabase() creates it with utf8mb4_unicode_ci).
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const ref = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: false });
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });
const ratio = (name: string): TableColumnOptions => ({ name, type: 'double', isNullable: false });
// Millisecond precision keeps status history in the order it happened.
const stamp = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });

export class DepartmentSchema1764100000000 implements MigrationInterface {
  name = 'DepartmentSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'checklist_item',
        columns: [
          id,
          varchar('department', 32),
          varchar('code', 32),
          varchar('name', 100),
          varchar('category', 16),
          varchar('legal_basis', 500),
          varchar('target_type', 100),
          text('content'),
          varchar('method', 16),
          ratio('min_ratio'),
          ratio('max_ratio'),
          varchar('frequency', 100),
          varchar('status', 16),
          stamp('created_at'),
          stamp('updated_at'),
          stamp('published_at', true),
        ],
        indices: [
          new TableIndex({ name: 'UQ_checklist_item_department_code', columnNames: ['department', 'code'], isUnique: true }),
          new TableIndex({ name: 'IDX_checklist_item_department_status', columnNames: ['department', 'status'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'pool_entry',
        columns: [
          id,
          varchar('department', 32),
          varchar('credit_code', 18),
          varchar('name', 100),
          varchar('industry_section', 1),
          varchar('region_code', 12),
          varchar('credit_class', 1),
          text('licence_numbers'), // simple-json
          text('risk_notes', true),
          text('tags'), // simple-json
          stamp('added_at'),
          stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_pool_entry_department_credit_code', columnNames: ['department', 'credit_code'], isUnique: true }),
          new TableIndex({ name: 'IDX_pool_entry_department_region', columnNames: ['department', 'region_code'] }),
          new TableIndex({ name: 'IDX_pool_entry_department_class', columnNames: ['department', 'credit_class'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'inspector',
        columns: [
          id,
          varchar('department', 32),
          varchar('name', 50),
          varchar('gender', 8),
          varchar('position', 50),
          varchar('certificate_number', 50),
          varchar('certificate_expiry', 10), // YYYY-MM-DD
          varchar('unit', 100),
          varchar('phone', 30),
          varchar('id_number', 18, true),
          text('expertise'), // simple-json
          varchar('status', 16),
          stamp('created_at'),
          stamp('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'UQ_inspector_department_certificate',
            columnNames: ['department', 'certificate_number'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_inspector_department_status', columnNames: ['department', 'status'] }),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'inspector_status_change',
        columns: [
          id,
          ref('inspector_id'),
          varchar('from_status', 16, true),
          varchar('to_status', 16),
          varchar('reason', 500, true),
          varchar('changed_by', 100),
          stamp('changed_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_inspector_status_change_inspector', columnNames: ['inspector_id'] })],
      }),
    );
    await q.createForeignKey(
      'inspector_status_change',
      new TableForeignKey({
        name: 'FK_inspector_status_change_inspector',
        columnNames: ['inspector_id'],
        referencedTableName: 'inspector',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );

    // Own table (not JSON) so "which inspectors must recuse from entity X" is an index lookup.
    await q.createTable(
      new Table({
        name: 'inspector_conflict',
        columns: [id, ref('inspector_id'), varchar('credit_code', 18), varchar('declared_by', 100), stamp('declared_at')],
        indices: [
          new TableIndex({ name: 'UQ_inspector_conflict_inspector_code', columnNames: ['inspector_id', 'credit_code'], isUnique: true }),
          new TableIndex({ name: 'IDX_inspector_conflict_credit_code', columnNames: ['credit_code'] }),
        ],
      }),
    );
    await q.createForeignKey(
      'inspector_conflict',
      new TableForeignKey({
        name: 'FK_inspector_conflict_inspector',
        columnNames: ['inspector_id'],
        referencedTableName: 'inspector',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inspector_conflict', true, true, true);
    await q.dropTable('inspector_status_change', true, true, true);
    await q.dropTable('inspector', true, true, true);
    await q.dropTable('pool_entry', true, true, true);
    await q.dropTable('checklist_item', true, true, true);
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// Written with the portable Table API so the same migration runs on SQLite and MariaDB/MySQL.
// utf8mb4 comes from the database default: openDatabase() creates it with utf8mb4_unicode_ci.
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const flag = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: dflt });
const stamp = (name: string): TableColumnOptions => ({ name, type: 'datetime', isNullable: false });

export class JointRegistry1764000000000 implements MigrationInterface {
  name = 'JointRegistry1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'department',
        columns: [
          id,
          varchar('code', 20),
          varchar('name', 100),
          varchar('role', 16),
          varchar('contact_name', 50, true),
          varchar('contact_phone', 30, true),
          flag('active', true),
          { name: 'sort_order', type: 'integer', isNullable: false },
          stamp('created_at'),
          stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_department_code', columnNames: ['code'], isUnique: true }),
          new TableIndex({ name: 'IDX_department_sort_order', columnNames: ['sort_order'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'market_entity',
        columns: [
          id,
          varchar('credit_code', 18),
          varchar('name', 200),
          varchar('entity_type', 20, true),
          varchar('industry_section', 1, true),
          varchar('region_code', 12, true),
          varchar('address', 300, true),
          varchar('legal_representative', 50, true),
          varchar('credit_class', 1, true),
          flag('has_complaints', false),
          flag('on_abnormal_list', false),
          flag('has_serious_violations', false),
          stamp('created_at'),
          stamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'UQ_market_entity_credit_code', columnNames: ['credit_code'], isUnique: true }),
          new TableIndex({ name: 'IDX_market_entity_industry_section', columnNames: ['industry_section'] }),
          new TableIndex({ name: 'IDX_market_entity_region_code', columnNames: ['region_code'] }),
          new TableIndex({ name: 'IDX_market_entity_credit_class', columnNames: ['credit_class'] }),
          new TableIndex({ name: 'IDX_market_entity_name', columnNames: ['name'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('market_entity');
    await q.dropTable('department');
  }
}

import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

// The department's own audit hash chain (docs/audit.md): same row shape as joint-inspection's audit_entry,
// with the department in the key so instances sharing one database keep separate chains.
export class DepartmentAudit1765100000001 implements MigrationInterface {
  name = 'DepartmentAudit1765100000001';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: false });
    await q.createTable(
      new Table({
        name: 'department_audit_entry',
        columns: [
          { ...str('department', 32), isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true, isNullable: false },
          str('at', 30), str('actor', 100), str('action', 50), str('subject', 100),
          // An import's summary stays small, but a long checklist item's text can exceed 64 KB on MySQL's TEXT.
          { name: 'payload', type: mysql ? 'longtext' : 'text', isNullable: false },
          str('prev_hash', 64), str('hash', 64),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('department_audit_entry');
  }
}

import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

// Draw algorithm v2 and redraws that lose nothing: a snapshot records its algorithm version and the risk strata's
// ratios frozen with it; a task is cancelled (never deleted) when a redraw takes its business out.
export class Redraws1765000000000 implements MigrationInterface {
  name = 'Redraws1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('pool_snapshot', [
      // Snapshots taken before this migration hash USCCs only (v1).
      new TableColumn({ name: 'algorithm_version', type: 'varchar', length: '20', isNullable: false, default: "'prn-sha256-v1'" }),
      new TableColumn({ name: 'risk_ratios', type: 'text', isNullable: true }),
    ]);
    // The verdict computed at lock, so reading a draw does not recompute it (re-verification stays on demand).
    await q.addColumn('draw', new TableColumn({ name: 'verification', type: 'text', isNullable: true }));
    await q.addColumns('task', [
      new TableColumn({ name: 'status', type: 'varchar', length: '10', isNullable: false, default: "'ACTIVE'" }),
      new TableColumn({ name: 'cancel_reason', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'cancelled_at', type: 'datetime', isNullable: true }),
      new TableColumn({ name: 'changed_by_draw', type: 'integer', isNullable: true }),
    ]);
    // A business may now have a cancelled visit and a live one with the same window start.
    await q.dropIndex('task', 'UQ_task_round_entity_window');
    await q.createIndex('task', new TableIndex({ name: 'IDX_task_round_credit_code', columnNames: ['round_id', 'credit_code'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('task', 'IDX_task_round_credit_code');
    await q.createIndex('task', new TableIndex({ name: 'UQ_task_round_entity_window', columnNames: ['round_id', 'credit_code', 'window_start'], isUnique: true }));
    for (const c of ['changed_by_draw', 'cancelled_at', 'cancel_reason', 'status']) await q.dropColumn('task', c);
    for (const c of ['risk_ratios', 'algorithm_version']) await q.dropColumn('pool_snapshot', c);
    await q.dropColumn('draw', 'verification');
  }
}

// Importing a spreadsheet into this department's checklist, target pool or inspector pool: the pure pipeline
// (shared/io) parses and validates with the same validators as the single-record mutations; here the accepted
// rows are upserted by their key in ONE transaction, so a file is either in or (all-or-nothing mode) not at all.
import { In, type EntityManager, type EntityTarget } from 'typeorm';
import { badInput } from '../../shared/errors';
import { sameFields, upsertRows, type UpsertSpec } from '../../shared/import-writer';
import type { ImportKind } from '../../shared/io/kinds';
import { KINDS } from '../../shared/io/kinds';
import { buildReport, prepareImport, shouldWrite, type ImportMode, type ImportReport, type PreparedImport } from '../../shared/io/import';
import type { TextEncoding } from '../../shared/io/decode';
import { FileFormatError } from '../../shared/io/table';
import { ChecklistItem } from './checklist-item.entity';
import { validateChecklistItem, type ChecklistItemInput } from './checklist-item.input';
import type { DepartmentContext } from './context';
import { requireWrite } from './department.guards';
import { appendDepartmentAudit, departmentTransaction } from './department.audit';
import { Inspector, InspectorStatusChange } from './inspector.entity';
import { validateInspector, type InspectorValues } from './inspector.input';
import { PoolEntry } from './pool-entry.entity';
import { validateTarget, type TargetValues } from './pool-entry.input';

export const DEPARTMENT_IMPORT_KINDS = ['pool', 'inspectors', 'checklist'] as const;
export type DepartmentImportKind = (typeof DEPARTMENT_IMPORT_KINDS)[number];

export interface ImportOptions {
  mode?: ImportMode;
  dryRun?: boolean;
  encoding?: TextEncoding | 'gbk' | 'auto';
  maxIssues?: number;
  /** Called per phase with rows done / total (the CLI's progress bar). */
  onProgress?(phase: 'write', done: number, total: number): void;
}

const POOL_FIELDS = ['name', 'industrySection', 'regionCode', 'creditClass', 'licenceNumbers', 'riskNotes', 'tags'];
const INSPECTOR_FIELDS = ['name', 'gender', 'position', 'certificateExpiry', 'unit', 'phone', 'idNumber', 'expertise'];
const ITEM_FIELDS = ['name', 'category', 'legalBasis', 'targetType', 'content', 'method', 'minRatio', 'maxRatio', 'frequency'];

type Writer = (tx: EntityManager, ctx: DepartmentContext, p: PreparedImport<never>, mayWrite: (c: number) => boolean, opts: ImportOptions) => ReturnType<typeof upsertRows>;

/** Upsert by `keyField` within this department; `fresh` adds what a new record needs beyond the row. */
function keyed<V extends object, E extends { id: number }>(
  tx: EntityManager,
  ctx: DepartmentContext,
  target: EntityTarget<E>,
  keyField: keyof E & keyof V & string,
  fields: string[],
  p: PreparedImport<never>,
  mayWrite: (c: number) => boolean,
  opts: ImportOptions,
  fresh: (now: Date) => object,
  more: Partial<UpsertSpec<V, E>> = {},
) {
  const repo = tx.getRepository(target);
  return upsertRows<V, E>({
    rows: p.accepted,
    find: (keys) => repo.find({ where: { department: ctx.department, [keyField]: In(keys) } as never }),
    keyOf: (e) => String(e[keyField]),
    same: (e, v) => sameFields(e, v, fields),
    insert: async (vs) => {
      const now = new Date();
      await repo.insert(vs.map((v) => ({ ...v, department: ctx.department, ...fresh(now) })) as never);
    },
    update: async (e, v) => void (await repo.update({ id: e.id } as never, { ...v, updatedAt: new Date() } as never)),
    mayWrite,
    onProgress: (done, total) => opts.onProgress?.('write', done, total),
    ...more,
  });
}

const writePool: Writer = (tx, ctx, p, mayWrite, opts) =>
  keyed<TargetValues, PoolEntry>(tx, ctx, PoolEntry, 'creditCode', POOL_FIELDS, p, mayWrite, opts, (now) => ({ addedAt: now, updatedAt: now }));

// Status is never imported: leave, return and departure keep their own audited history.
const writeInspectors: Writer = (tx, ctx, p, mayWrite, opts) => {
  const repo = tx.getRepository(Inspector);
  return keyed<InspectorValues, Inspector>(tx, ctx, Inspector, 'certificateNumber', INSPECTOR_FIELDS, p, mayWrite, opts, (now) => ({ status: 'ACTIVE', createdAt: now, updatedAt: now }), {
    insert: async (vs) => {
      const now = new Date();
      await repo.insert(vs.map((v) => ({ ...v, department: ctx.department, status: 'ACTIVE' as const, createdAt: now, updatedAt: now })));
      // 入库 is the first entry of every inspector's history, as with createInspector.
      const ids = await repo.find({ select: { id: true }, where: { department: ctx.department, certificateNumber: In(vs.map((v) => v.certificateNumber)) } });
      await tx.getRepository(InspectorStatusChange).insert(
        ids.map((i) => ({ inspectorId: i.id, from: null, to: 'ACTIVE' as const, reason: '入库（导入）', changedBy: ctx.identity.sub, changedAt: now })),
      );
    },
  });
};

// A published item is a public legal commitment (see updateChecklistItem): import may only touch drafts.
const writeChecklist: Writer = (tx, ctx, p, mayWrite, opts) =>
  keyed<ChecklistItemInput, ChecklistItem>(tx, ctx, ChecklistItem, 'code', ITEM_FIELDS, p, mayWrite, opts, (now) => ({ status: 'DRAFT', createdAt: now, updatedAt: now, publishedAt: null }), {
    refuse: (e) => (e.status === 'DRAFT' ? null : `事项 ${e.code} ${e.status === 'PUBLISHED' ? '已公布' : '已停用'}，不能通过导入修改；请停用后以新编号导入`),
    refuseColumn: '事项编号',
  });

const PIPELINES: Record<DepartmentImportKind, { validate: (i: never) => never; key: (v: never) => string; write: Writer }> = {
  pool: { validate: validateTarget, key: (v: TargetValues) => v.creditCode, write: writePool } as never,
  inspectors: { validate: validateInspector, key: (v: InspectorValues) => v.certificateNumber, write: writeInspectors } as never,
  checklist: { validate: validateChecklistItem, key: (v: ChecklistItemInput) => v.code, write: writeChecklist } as never,
};

export function isDepartmentImportKind(kind: string): kind is DepartmentImportKind {
  return (DEPARTMENT_IMPORT_KINDS as readonly string[]).includes(kind);
}

/** Parse, validate, then classify and write in one transaction. File-level problems are BAD_USER_INPUT. */
export async function importDepartmentFile(
  ctx: DepartmentContext,
  kind: ImportKind,
  file: Uint8Array,
  fileName: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requireWrite(ctx);
  if (!isDepartmentImportKind(kind)) throw badInput('kind', `部门可导入 ${DEPARTMENT_IMPORT_KINDS.join('、')}`);
  const mode = opts.mode ?? 'ALL_OR_NOTHING';
  const dryRun = !!opts.dryRun;
  const pipe = PIPELINES[kind];
  let prepared: PreparedImport<never>;
  try {
    prepared = (await prepareImport(file, fileName, KINDS[kind], pipe.validate, pipe.key, { encoding: opts.encoding })) as PreparedImport<never>;
  } catch (e) {
    if (e instanceof FileFormatError) throw badInput('file', e.message);
    throw e;
  }
  const outcome = await departmentTransaction(ctx, async (tx) => {
    const written = await pipe.write(tx.em, tx, prepared, (conflicts) => shouldWrite(prepared, mode, conflicts, dryRun), opts);
    // One entry per file, with counts: the rows themselves are in the tables (and may carry personal data).
    if (written.committed) {
      await appendDepartmentAudit(tx, `IMPORT_${kind.toUpperCase()}`, `import:${kind}`, {
        fileName: fileName.slice(0, 200), mode, rows: prepared.totalRows, accepted: prepared.accepted.length, issues: prepared.issues.length,
        added: written.added, updated: written.updated, unchanged: written.unchanged, refused: written.conflicts.length,
      });
    }
    return written;
  });
  if (outcome.committed) {
    ctx.loaders.summary.clearAll();
    ctx.loaders.itemById.clearAll();
    ctx.loaders.poolEntryById.clearAll();
    ctx.loaders.inspectorById.clearAll();
  }
  return buildReport(prepared, fileName, mode, dryRun, outcome, opts.maxIssues);
}

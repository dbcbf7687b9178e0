// Importing the market-entity registry (市场主体名录) from a spreadsheet: same pipeline as the departments'
// imports, upserted by USCC in one serial transaction (joint office only).
import { In } from 'typeorm';
import { ENTITY_TYPES, type CreditClass, type EntityType } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import type { Identity } from '../../shared/identity';
import { sameFields, upsertRows } from '../../shared/import-writer';
import type { TextEncoding } from '../../shared/io/decode';
import { buildReport, prepareImport, shouldWrite, type ImportMode, type ImportReport, type PreparedImport } from '../../shared/io/import';
import { KINDS } from '../../shared/io/kinds';
import { FileFormatError } from '../../shared/io/table';
import type { EntityManager } from 'typeorm';
import { requireJointOffice } from './joint.auth';
import { serialTransaction } from './joint.tx';
import { MarketEntity } from './market-entity.entity';
import { checkCreditCode, cleanMarketEntityFields, type RegisterMarketEntityInput } from './market-entity.inputs';

export interface EntityValues {
  creditCode: string;
  name: string;
  entityType: EntityType | null;
  industrySection: string | null;
  regionCode: string | null;
  address: string | null;
  legalRepresentative: string | null;
  creditClass: CreditClass | null;
  hasComplaints: boolean;
  onAbnormalList: boolean;
  hasSeriousViolations: boolean;
}

const FIELDS = ['name', 'entityType', 'industrySection', 'regionCode', 'address', 'legalRepresentative', 'creditClass', 'hasComplaints', 'onAbnormalList', 'hasSeriousViolations'];

/** A row is the whole registry record: a blank optional cell clears the field, a blank flag is 否. */
export function validateEntityRow(input: Partial<RegisterMarketEntityInput>): EntityValues {
  const creditCode = checkCreditCode(input.creditCode ?? '');
  if (input.entityType != null && !(ENTITY_TYPES as readonly string[]).includes(input.entityType)) throw badInput('主体类型', `取值应为 ${ENTITY_TYPES.join('/')} 之一`);
  const f = cleanMarketEntityFields({
    name: input.name ?? '',
    entityType: input.entityType ?? null,
    industrySection: input.industrySection ?? null,
    regionCode: input.regionCode ?? null,
    address: input.address ?? null,
    legalRepresentative: input.legalRepresentative ?? null,
    creditClass: input.creditClass ?? null,
    hasComplaints: input.hasComplaints ?? false,
    onAbnormalList: input.onAbnormalList ?? false,
    hasSeriousViolations: input.hasSeriousViolations ?? false,
  });
  return { creditCode, ...(f as Omit<EntityValues, 'creditCode'>) };
}

export async function importMarketEntitiesFile(
  identity: Identity,
  em: EntityManager,
  file: Uint8Array,
  fileName: string,
  opts: { mode?: ImportMode; dryRun?: boolean; encoding?: TextEncoding | 'gbk' | 'auto'; maxIssues?: number; onProgress?(phase: 'write', done: number, total: number): void } = {},
): Promise<ImportReport> {
  requireJointOffice(identity);
  const mode = opts.mode ?? 'ALL_OR_NOTHING';
  const dryRun = !!opts.dryRun;
  let prepared: PreparedImport<EntityValues>;
  try {
    prepared = await prepareImport(file, fileName, KINDS.entities, validateEntityRow, (v) => v.creditCode, { encoding: opts.encoding });
  } catch (e) {
    if (e instanceof FileFormatError) throw badInput('file', e.message);
    throw e;
  }
  const outcome = await serialTransaction(em, (tx) => {
    const repo = tx.getRepository(MarketEntity);
    return upsertRows<EntityValues, MarketEntity>({
      rows: prepared.accepted,
      find: (keys) => repo.find({ where: { creditCode: In(keys) } }),
      keyOf: (e) => e.creditCode,
      same: (e, v) => sameFields(e, v, FIELDS),
      insert: async (vs) => {
        const now = new Date();
        await repo.insert(vs.map((v) => ({ ...v, createdAt: now, updatedAt: now })));
      },
      update: async (e, v) => void (await repo.update({ id: e.id }, { ...v, updatedAt: new Date() })),
      mayWrite: (conflicts) => shouldWrite(prepared, mode, conflicts, dryRun),
      onProgress: (d, t) => opts.onProgress?.('write', d, t),
    });
  });
  return buildReport(prepared, fileName, mode, dryRun, outcome, opts.maxIssues);
}

// npm run import -- <file> --kind pool|inspectors|checklist|entities [--department SAMR] [--valid-rows] [--dry-run]
//                         [--encoding auto|utf-8|gbk|gb18030] [--report rejected.csv]
// npm run import -- --template <kind> [--out <file>.xlsx]
// Writes straight into the instance's database (same DATABASE_URL / DATA_DIR as the hub) through the subgraph's
// service layer, in one transaction per file; an operator tool like migrate and seed, acting as SERVICE.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import type { Identity } from '../shared/identity';
import { issuesCsv, type ImportMode, type ImportReport } from '../shared/io/import';
import { IMPORT_KINDS, kindSpec, type ImportKind } from '../shared/io/kinds';
import { templateXlsx } from '../shared/io/sheet';
import { loadHubConfig } from '../shared/config';
import { createLoaders } from '../subgraphs/department/department.loaders';
import { importDepartmentFile } from '../subgraphs/department/import.service';
import { openDepartmentDatabase } from '../subgraphs/department/server';
import { importMarketEntitiesFile } from '../subgraphs/joint-inspection/import.service';
import { openJointDatabase } from '../subgraphs/joint-inspection/joint.db';

export interface CliArgs {
  file?: string;
  kind?: string;
  department?: string;
  template?: string;
  out?: string;
  mode: ImportMode;
  dryRun: boolean;
  encoding?: string;
  report?: string;
  quiet: boolean;
}

export function parseArgs(argv: string[]): CliArgs {
  const a: CliArgs = { mode: 'ALL_OR_NOTHING', dryRun: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${x} 需要一个值`);
      return v;
    };
    if (x === '--kind') a.kind = next();
    else if (x === '--department') a.department = next().toUpperCase();
    else if (x === '--template') a.template = next();
    else if (x === '--out') a.out = next();
    else if (x === '--encoding') a.encoding = next().toLowerCase();
    else if (x === '--report') a.report = next();
    else if (x === '--valid-rows') a.mode = 'VALID_ROWS';
    else if (x === '--dry-run') a.dryRun = true;
    else if (x === '--quiet') a.quiet = true;
    else if (x.startsWith('--')) throw new Error(`未知参数：${x}`);
    else a.file = x;
  }
  return a;
}

const USAGE = `用法：
  npm run import -- <文件.xlsx|文件.csv> --kind <${IMPORT_KINDS.join('|')}> [--department 部门代码] [--valid-rows] [--dry-run] [--encoding auto|utf-8|gbk] [--report 问题清单.csv]
  npm run import -- --template <${IMPORT_KINDS.join('|')}> [--out 模板.xlsx]`;

/** `db` picks another database than the hub's (tests); by default DATABASE_URL / DATA_DIR as for every service. */
export async function runImport(
  args: CliArgs,
  log: (s: string) => void = console.log,
  db: { url?: string; name?: string } = {},
): Promise<{ exitCode: number; report?: ImportReport }> {
  if (args.template) {
    const spec = kindSpec(args.template);
    const out = args.out ?? `${spec.kind}-template.xlsx`;
    writeFileSync(out, await templateXlsx(spec));
    log(`已写出${spec.title}导入模板：${out}`);
    return { exitCode: 0 };
  }
  if (!args.file || !args.kind) {
    log(USAGE);
    return { exitCode: 2 };
  }
  const kind = kindSpec(args.kind).kind as ImportKind;
  const identity: Identity = { sub: `cli:${userInfo().username}`, role: 'SERVICE' };
  const started = Date.now();
  const file = readFileSync(args.file);
  const bar = args.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: '写入 [{bar}] {percentage}% | {value}/{total} | 剩余 {eta_formatted}', hideCursor: true }, Presets.shades_classic);
  let parsedAt = 0;
  const onProgress = (_phase: 'write', done: number, total: number) => {
    if (!parsedAt) {
      parsedAt = Date.now();
      if (bar) {
        log(`读取与校验完成（${((parsedAt - started) / 1000).toFixed(1)} 秒）`);
        bar.start(total, 0);
      }
    }
    bar?.update(done);
  };
  const opts = { mode: args.mode, dryRun: args.dryRun, encoding: args.encoding as never, onProgress };
  const name = basename(args.file);
  if (!args.quiet) log(`正在读取 ${name}（${(file.length / 1e6).toFixed(1)} MB）…`);
  let report: ImportReport;
  try {
    if (kind === 'entities') {
      const ds = await openJointDatabase(db);
      try {
        report = await importMarketEntitiesFile(identity, ds.manager, file, name, opts);
      } finally {
        await ds.destroy();
      }
    } else {
      const code = args.department;
      const config = loadHubConfig();
      const dept = config.departments.find((d) => d.code === code);
      if (!dept) {
        bar?.stop();
        log(`--department 应为 ${config.departments.map((d) => d.code).join('、')} 之一`);
        return { exitCode: 2 };
      }
      const ds = await openDepartmentDatabase({ code: dept.code, ...db });
      try {
        const ctx = { identity, department: dept.code, departmentName: dept.name, em: ds.manager, loaders: createLoaders(ds.manager, dept.code) };
        report = await importDepartmentFile(ctx, kind, file, name, opts);
      } finally {
        await ds.destroy();
      }
    }
  } catch (e) {
    bar?.stop();
    const err = e as { message?: string; extensions?: { code?: string } };
    if (err.extensions?.code === 'BAD_USER_INPUT') {
      log(`无法导入：${err.message?.replace(/^file：/, '')}`);
      return { exitCode: 1 };
    }
    throw e;
  }
  bar?.stop();
  const seconds = (Date.now() - started) / 1000;
  log(report.message);
  for (const w of report.warnings.slice(0, 10)) log(`提示：${w}`);
  for (const i of report.issues.slice(0, 20)) log(`  第${i.row}行 ${i.column}：${i.reason}`);
  if (report.issueCount > 20) log(`  … 共 ${report.issueCount} 个问题${args.report ? '' : '（用 --report 文件.csv 导出全部）'}`);
  if (args.report && report.issueCount) {
    writeFileSync(args.report, '\ufeff' + issuesCsv(report.issues));
    log(`问题清单已写入 ${args.report}`);
  }
  const phases = parsedAt ? `：读取与校验 ${((parsedAt - started) / 1000).toFixed(1)} 秒，比对与写入 ${((Date.now() - parsedAt) / 1000).toFixed(1)} 秒` : '';
  log(`用时 ${seconds.toFixed(1)} 秒（${report.totalRows} 行，${report.encoding ?? report.format}${phases}）`);
  return { exitCode: report.committed || (args.dryRun && report.rejectedRows === 0) ? 0 : 1, report };
}

if (require.main === module) {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    console.error(USAGE);
    process.exit(2);
  }
  runImport(args).then(
    (r) => process.exit(r.exitCode),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

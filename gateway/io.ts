// File endpoints of the gateway, each answered from its own GraphQL API with the caller's token, so every
// authorization and masking rule of the API holds for files too:
//   GET /templates/<pool|inspectors|checklist|entities>.xlsx          import templates (public)
//   GET /export/<pool|inspectors|checklist>.<xlsx|csv>?department=X    a department's own lists
//   GET /export/<draws|tasks|results>.<xlsx|csv>[?roundId=&department=]
//   GET /reports/work.<html|xlsx>?period=2026-H1|2026[&department=X]   半年 / 年度工作总结
//   GET /forms/task/<id>.pdf                                           一企一表 as PDF
// `?token=` or `Authorization: Bearer`; CSV is UTF-8 with BOM, `&encoding=gbk` for GB18030.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { computeWorkReport, parsePeriod, type ReportInput } from '../shared/domain/report';
import { PUBLIC_IDENTITY, verifyJwt, type Identity } from '../shared/identity';
import { IMPORT_KINDS, kindSpec } from '../shared/io/kinds';
import { reportHtml, reportSheets } from '../shared/io/report-render';
import { sheetsToXlsx, sheetToCsv, templateXlsx, type SheetData } from '../shared/io/sheet';
import * as sheets from './export.sheets';

export interface IoOptions {
  departments: { code: string; name: string }[];
  jwtSecret: string;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const STATUS_BY_CODE: Record<string, number> = { FEATURE_UNAVAILABLE: 501, FORBIDDEN: 403, UNAUTHENTICATED: 401, NOT_FOUND: 404, BAD_USER_INPUT: 400, DEPARTMENT_UNAVAILABLE: 503 };

/** One GraphQL call to this gateway as the caller. Any error fails the file: a partial export would mislead. */
export async function askGateway<T>(runtime: GatewayRuntime, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await runtime.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  if (response.status === 401) throw new HttpError(401, '登录凭据无效或已过期');
  const body = (await response.json()) as { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const err = body.errors?.[0];
  if (err) throw new HttpError(STATUS_BY_CODE[err.extensions?.code ?? ''] ?? 502, err.message);
  if (!body.data) throw new HttpError(502, '网关未返回数据');
  return body.data;
}

// Page sizes keep each export query under the gateway's cost limit (armor counts `first` as the list size).
const PAGE = 50;
const MAX_ROWS = 500_000;

async function allPages<N>(fetchPage: (after: string | null) => Promise<{ edges: { node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>): Promise<N[]> {
  const out: N[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    for (const e of page.edges) out.push(e.node);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || out.length >= MAX_ROWS) return out;
    after = page.pageInfo.endCursor;
  }
}

const POOL_Q = `query($d: String!, $after: String) { targetPool(department: $d, first: ${PAGE}, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { creditCode name industrySection regionCode creditClass licenceNumbers riskNotes tags addedAt } } } }`;
const INSPECTORS_Q = `query($d: String!, $after: String) { inspectors(department: $d, first: ${PAGE}, after: $after) {
  pageInfo { hasNextPage endCursor } edges { node { name gender position certificateNumber certificateExpiry unit phone idNumber expertise status } } } }`;
const CHECKLIST_Q = `query($d: String!) { checklist(department: $d) { code name category legalBasis targetType content method minRatio maxRatio frequency status publishedAt } }`;
const DRAWS_Q = `{ drawRounds { id name year state seedCommitment seed plans { id department title }
  draws { id planId seq reason selected poolHash recordHash createdAt verification { ok } } } }`;
const TASKS_Q = `query($r: ID, $d: String) { tasks(roundId: $r, department: $d) { id roundId creditCode joint leadDepartment departments
  items { department code } windowStart windowEnd entity { name } dispatch { department status inspectors { name certificateNumber role status } } } }`;
const RESULTS_Q = `{ results { id taskId department itemCode categories findings followUp inspectedOn dueDate state enteredBy reviewedBy } }`;
const PUBLISHED_Q = `{ publishedResults(first: 150) { corrected current { creditCode entityName department itemCode categories findings followUp inspectors inspectedOn version publishedAt } } }`;

type Ask = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

function needDepartment(url: URL, opts: IoOptions): string {
  const d = (url.searchParams.get('department') ?? '').toUpperCase();
  if (!opts.departments.some((x) => x.code === d)) throw new HttpError(400, `请用 ?department= 指定部门：${opts.departments.map((x) => x.code).join('、')}`);
  return d;
}

export const EXPORT_KINDS = ['pool', 'inspectors', 'checklist', 'draws', 'tasks', 'results'] as const;

export async function exportSheet(kind: string, url: URL, opts: IoOptions, ask: Ask, identity: Identity): Promise<SheetData> {
  switch (kind) {
    case 'pool': {
      const d = needDepartment(url, opts);
      return sheets.poolSheet(d, await allPages((after) => ask<{ targetPool: never }>(POOL_Q, { d, after }).then((x) => x.targetPool)));
    }
    case 'inspectors': {
      const d = needDepartment(url, opts);
      return sheets.inspectorsSheet(d, await allPages((after) => ask<{ inspectors: never }>(INSPECTORS_Q, { d, after }).then((x) => x.inspectors)));
    }
    case 'checklist': {
      const d = needDepartment(url, opts);
      return sheets.checklistSheet(d, (await ask<{ checklist: sheets.ItemNode[] }>(CHECKLIST_Q, { d })).checklist);
    }
    case 'draws': {
      const roundId = url.searchParams.get('roundId');
      const rounds = (await ask<{ drawRounds: sheets.RoundNode[] }>(DRAWS_Q)).drawRounds;
      return sheets.drawsSheet(roundId ? rounds.filter((r) => r.id === roundId) : rounds);
    }
    case 'tasks': {
      const d = url.searchParams.get('department')?.toUpperCase() || null;
      return sheets.tasksSheet((await ask<{ tasks: sheets.TaskNode[] }>(TASKS_Q, { r: url.searchParams.get('roundId'), d })).tasks);
    }
    case 'results': {
      // The public (or anyone asking for it) gets what 一公开 shows, masked at publication; staff get their own results.
      if (identity.role === 'PUBLIC' || url.searchParams.get('published') === '1') {
        return sheets.publishedSheet((await ask<{ publishedResults: sheets.PublishedNode[] }>(PUBLISHED_Q)).publishedResults);
      }
      const d = url.searchParams.get('department')?.toUpperCase();
      const all = (await ask<{ results: sheets.ResultNode[] }>(RESULTS_Q)).results;
      return sheets.resultsSheet(d ? all.filter((r) => r.department === d) : all);
    }
    default:
      throw new HttpError(404, `没有这种导出：${kind}（可选 ${EXPORT_KINDS.join('、')}）`);
  }
}

const REPORT_Q = (departments: string[]) => `{
  tasks(status: ACTIVE) { id creditCode departments windowStart items { department code }
    results { taskId department itemCode categories followUp state } }
  resultDeadlines { taskId department status openItems }
  ${departments.map((d, i) => `c${i}: checklist(department: ${JSON.stringify(d)}, status: PUBLISHED) { code }`).join('\n  ')}
}`;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // 北京时间

/** County report: joint office (or a service). A department's report: that department's staff, or the joint office. */
export async function workReport(url: URL, opts: IoOptions, ask: Ask, identity: Identity) {
  const p = parsePeriod(url.searchParams.get('period') ?? '');
  if (!p) throw new HttpError(400, '请用 ?period= 指定报告期：如 2026-H1（半年总结，6月22日前报送）或 2026（年度总结，12月22日前报送）');
  const d = url.searchParams.get('department')?.toUpperCase() || null;
  const office = identity.role === 'JOINT_OFFICE' || identity.role === 'SERVICE';
  if (d === null && !office) throw new HttpError(identity.role === 'PUBLIC' ? 401 : 403, '全县工作总结仅联席会议办公室可以查看；部门请加 ?department=本部门代码');
  if (d !== null) {
    if (!opts.departments.some((x) => x.code === d)) throw new HttpError(400, `没有部门 ${d}`);
    if (!office && identity.department !== d) throw new HttpError(identity.role === 'PUBLIC' ? 401 : 403, '只能查看本部门的工作总结');
  }
  const departments = d ? opts.departments.filter((x) => x.code === d) : opts.departments;
  type R = { tasks: (ReportInput['tasks'][number] & { results: ReportInput['results'] })[]; resultDeadlines: (Omit<ReportInput['deadlines'][number], 'taskId'> & { taskId: string | number })[] } & Record<string, { code: string }[]>;
  const data = await ask<R>(REPORT_Q(departments.map((x) => x.code)));
  const input: ReportInput = {
    ...p,
    asOf: today(),
    departments,
    publishedItems: departments.flatMap((x, i) => (data[`c${i}`] as { code: string }[]).map((c) => ({ department: x.code, code: c.code }))),
    tasks: data.tasks,
    results: data.tasks.flatMap((t) => t.results.map((r) => ({ ...r, taskId: String(r.taskId) }))),
    deadlines: data.resultDeadlines.map((x) => ({ ...x, taskId: String(x.taskId) })),
  };
  return computeWorkReport(input, d);
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, fileName?: string) {
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
  if (fileName) headers['content-disposition'] = `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  res.writeHead(status, headers);
  res.end(body);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function handleIoRequest(runtime: GatewayRuntime, opts: IoOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const template = /^\/templates\/([a-z]+)\.xlsx$/.exec(url.pathname);
  const exp = /^\/export\/([a-z]+)\.(xlsx|csv)$/.exec(url.pathname);
  const report = /^\/reports\/work\.(html|xlsx)$/.exec(url.pathname);
  const pdf = /^\/forms\/task\/(\d+)\.pdf$/.exec(url.pathname);
  if ((!template && !exp && !report && !pdf) || req.method !== 'GET') return false;
  try {
    if (template) {
      if (!(IMPORT_KINDS as readonly string[]).includes(template[1])) throw new HttpError(404, `没有这种模板：${template[1]}（可选 ${IMPORT_KINDS.join('、')}）`);
      const spec = kindSpec(template[1]);
      send(res, 200, XLSX, await templateXlsx(spec), `${spec.title}导入模板.xlsx`);
      return true;
    }
    const token = url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? null;
    let identity: Identity = PUBLIC_IDENTITY;
    if (token) identity = await verifyJwt(token, opts.jwtSecret).catch(() => {
      throw new HttpError(401, '登录凭据无效或已过期');
    });
    const ask: Ask = (q, v) => askGateway(runtime, token, q, v);
    if (pdf) {
      const { jointFormPdf } = await ask<{ jointFormPdf: string }>('query($id: ID!) { jointFormPdf(taskId: $id) }', { id: pdf[1] });
      send(res, 200, 'application/pdf', Buffer.from(jointFormPdf, 'base64'), `一企一表-任务${pdf[1]}.pdf`);
      return true;
    }
    if (exp) {
      const sheet = await exportSheet(exp[1], url, opts, ask, identity);
      const stamp = new Date().toISOString().slice(0, 10);
      if (exp[2] === 'xlsx') send(res, 200, XLSX, await sheetsToXlsx([sheet]), `${sheet.name}-${stamp}.xlsx`);
      else {
        const gbk = /^(gbk|gb18030)$/i.test(url.searchParams.get('encoding') ?? '');
        send(res, 200, `text/csv; charset=${gbk ? 'gb18030' : 'utf-8'}`, sheetToCsv(sheet, gbk ? 'gb18030' : 'utf-8'), `${sheet.name}-${stamp}.csv`);
      }
      return true;
    }
    const r = await workReport(url, opts, ask, identity);
    if (report![1] === 'html') send(res, 200, 'text/html; charset=utf-8', reportHtml(r));
    else send(res, 200, XLSX, await sheetsToXlsx(reportSheets(r)), `${r.title}-${r.periodLabel}.xlsx`);
    return true;
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    send(res, e.status, 'text/plain; charset=utf-8', `${e.message}\n`);
    return true;
  }
}

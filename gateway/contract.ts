// Every department instance must serve exactly the composed contract; a drifted one is refused at start-up.
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { signIdentity } from '../shared/identity';

/** Definitions sorted by kind and name, so harmless reordering is not reported as drift. */
export function normalizeSdl(sdl: string): string {
  const name = (d: DefinitionNode) => ('name' in d && d.name ? d.name.value : '');
  const defs = [...parse(sdl).definitions].sort((a, b) =>
    a.kind === b.kind ? name(a).localeCompare(name(b)) : a.kind.localeCompare(b.kind),
  );
  return print({ kind: Kind.DOCUMENT, definitions: defs });
}

/** A readable line diff: `- ` lines the contract has and the instance lacks, `+ ` the reverse. */
export function sdlDiff(expected: string, actual: string): string[] {
  const a = normalizeSdl(expected).split('\n').map((l) => l.trimEnd());
  const b = normalizeSdl(actual).split('\n').map((l) => l.trimEnd());
  const inB = new Set(b);
  const inA = new Set(a);
  return [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
}

export interface ContractReport {
  ok: string[];
  unreachable: { code: string; reason: string }[];
  drifted: { code: string; diff: string[] }[];
}

export async function checkDepartmentContracts(
  departments: { code: string; url: string; target?: string }[],
  contractSdl: string,
  identitySecret: string,
  timeoutMs = 5000,
): Promise<ContractReport> {
  const report: ContractReport = { ok: [], unreachable: [], drifted: [] };
  await Promise.all(
    departments.map(async (d) => {
      try {
        const body = JSON.stringify({ query: '{ _service { sdl } }' });
        const target = d.target ?? `department-${d.code}`;
        const res = await fetch(d.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signIdentity({ sub: 'gateway', role: 'SERVICE' }, identitySecret, { method: 'POST', target, body }) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const answer = (await res.json()) as { data?: { _service?: { sdl?: string } } };
        const sdl = answer.data?._service?.sdl;
        if (!sdl) return void report.unreachable.push({ code: d.code, reason: `HTTP ${res.status}，未返回 SDL` });
        const diff = sdlDiff(contractSdl, sdl);
        if (diff.length) report.drifted.push({ code: d.code, diff });
        else report.ok.push(d.code);
      } catch (e) {
        report.unreachable.push({ code: d.code, reason: (e as Error).message });
      }
    }),
  );
  return report;
}

export function formatDrift(drifted: ContractReport['drifted']): string {
  return drifted
    .map((d) => `部门 ${d.code} 的 SDL 与组合时的部门契约不一致（- 契约有而实例缺，+ 实例多出）：\n${d.diff.map((l) => `    ${l}`).join('\n')}`)
    .join('\n');
}

// What "nothing lost or duplicated" means for a dispatched round, checked against both sides' databases.
import type { TestHub } from '../e2e/hub';
import { gqlOk } from '../e2e/flow';

export const DISPATCH = 'mutation($r: ID!) { dispatchRound(roundId: $r) { department matched understaffed pending } }';

/** Calls dispatchRound until nothing is pending (bounded), returning the calls' summaries. */
export async function dispatchUntilDone(hub: TestHub, roundId: string, office: string, max = 5) {
  const calls = [];
  for (let i = 0; i < max; i++) {
    const res = (await gqlOk(hub, DISPATCH, { r: roundId }, office)).dispatchRound;
    calls.push(res);
    if (res.every((d: any) => d.pending === 0)) return calls;
  }
  throw new Error(`still pending after ${max} dispatch calls: ${JSON.stringify(calls.at(-1))}`);
}

export async function expectDispatchConsistent(hub: TestHub, roundId: string, office: string): Promise<{ tasks: number; parts: number }> {
  const tasks = (
    await gqlOk(hub, 'query($r: ID!) { tasks(roundId: $r) { id departments dispatch { department status inspectors { inspectorId certificateNumber status } } } }', { r: roundId }, office)
  ).tasks;
  let parts = 0;
  for (const t of tasks) {
    // Exactly one dispatch record per department of the task, none pending.
    expect(t.dispatch.map((d: any) => d.department).sort()).toEqual([...t.departments].sort());
    for (const d of t.dispatch) {
      parts++;
      expect(d.status).not.toBe('PENDING');
      const active = d.inspectors.filter((i: any) => i.status === 'ACTIVE').map((i: any) => i.certificateNumber);
      expect(new Set(active).size).toBe(active.length);
      // The joint record is the department's record: same people, nobody drawn twice.
      const dept = hub.departments.get(d.department)!.dataSource;
      const [{ n }] = await dept.query('SELECT COUNT(*) AS n FROM task_match WHERE task_id = ?', [t.id]);
      expect(Number(n)).toBe(1);
      const rows: { inspector_id: number }[] = await dept.query("SELECT inspector_id FROM assignment WHERE task_id = ? AND status = 'ACTIVE'", [t.id]);
      expect(rows.map((r) => String(r.inspector_id)).sort()).toEqual(d.inspectors.filter((i: any) => i.status === 'ACTIVE').map((i: any) => String(i.inspectorId)).sort());
    }
  }
  const [{ n: matched }] = await hub.joint.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry WHERE action = 'MATCHED'");
  expect(Number(matched)).toBe(parts);
  return { tasks: tasks.length, parts };
}

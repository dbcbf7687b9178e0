// Who may call which root operation: the authorization table in docs/authorization.md is rendered from this list
// (scripts/authz-table.ts) and test/authz/matrix.test.ts walks every row for every role through the gateway.
// A root field of the supergraph without a row here fails that test.
import type { Role } from './domain';

/**
 * yes: allowed · no: denied · own: department roles only for their own department (another department's is denied) ·
 * scoped: answers, but only with what the role may see (see the row's probe).
 * For PUBLIC, JOINT_OFFICE and SERVICE only yes/no/scoped make sense.
 */
export type Access = 'yes' | 'no' | 'own' | 'scoped';

export interface AuthzRule {
  op: string;
  kind: 'query' | 'mutation';
  /** What the test asks for, in the table's words. */
  probe: string;
  access: Record<Role, Access>;
}

type Cells = [Access, Access, Access, Access, Access, Access];
const row = (kind: AuthzRule['kind'], op: string, probe: string, c: Cells): AuthzRule => ({
  op,
  kind,
  probe,
  access: { PUBLIC: c[0], INSPECTOR: c[1], DEPT_STAFF: c[2], DEPT_ADMIN: c[3], JOINT_OFFICE: c[4], SERVICE: c[5] },
});
const q = (op: string, probe: string, c: Cells) => row('query', op, probe, c);
const m = (op: string, probe: string, c: Cells) => row('mutation', op, probe, c);

//                                                                 PUBLIC  INSPECTOR DEPT_STAFF DEPT_ADMIN JOINT  SERVICE
export const AUTHZ_MATRIX: AuthzRule[] = [
  // Department subgraph: reads
  q('checklist', 'a department\'s checklist (PUBLIC and other departments: published items only)', ['scoped', 'scoped', 'scoped', 'scoped', 'yes', 'yes']),
  q('checklistItem', 'a draft item', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('inspectors', 'the inspector pool', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('inspector', 'one inspector', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('targetPool', 'the target pool', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('poolSnapshot', 'the pool snapshot for a scope', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('taskMatch', 'the department\'s team for a task', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('assignments', 'assignments of a task', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('departmentAuditHead', 'the department\'s audit chain head (length and last hash)', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  // Department subgraph: writes
  m('createChecklistItem', 'a new draft item', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('updateChecklistItem', 'edit a draft item', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('deleteChecklistItem', 'delete a draft item', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('publishChecklistItem', 'publish a draft item', ['no', 'no', 'no', 'own', 'no', 'yes']),
  m('retireChecklistItem', 'retire a published item', ['no', 'no', 'no', 'own', 'no', 'yes']),
  m('createInspector', 'a new inspector', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('updateInspector', 'edit an inspector', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('changeInspectorStatus', 'put an inspector on leave', ['no', 'no', 'no', 'own', 'no', 'yes']),
  m('declareConflict', 'declare a conflict of interest', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('removeConflict', 'withdraw a conflict declaration', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('addTarget', 'add a business to the pool', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('updateTarget', 'edit a pool entry', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('removeTarget', 'remove a pool entry', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('bulkAddTargets', 'bulk import into the pool', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('importFile', 'check a pool file for import (dry run)', ['no', 'no', 'own', 'own', 'no', 'yes']),
  m('matchInspectors', 'match a team for a task (dispatch)', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('replaceInspector', 'replace a team member at the department', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('applyCreditClasses', 'push effective credit-class moves into the pool (joint-inspection service only)', ['no', 'no', 'no', 'no', 'no', 'yes']),
  // Joint-inspection subgraph: registries
  q('departments', 'the member registry', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('department', 'one member department', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('marketEntity', 'one market entity', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('marketEntities', 'the market-entity registry', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  m('registerDepartment', 'register a member department', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('updateDepartment', 'edit a member department', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('registerMarketEntity', 'register a business', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('importMarketEntities', 'check a market-entity file for import (dry run)', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('updateMarketEntity', 'edit a business', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  // Plans and review
  q('plans', 'all plans (PUBLIC: approved and later; departments: their own and approved ones)', ['scoped', 'scoped', 'scoped', 'scoped', 'yes', 'yes']),
  q('plan', 'a draft plan', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('planReview', 'review of a submitted plan', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('checklistCoverage', 'items no plan covers', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  q('supervisionRules', 'frequency cap and quiet periods', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  m('createPlan', 'a new plan', ['no', 'no', 'own', 'own', 'yes', 'yes']),
  m('updatePlan', 'edit a draft plan', ['no', 'no', 'own', 'own', 'yes', 'yes']),
  m('deletePlan', 'delete a draft plan', ['no', 'no', 'own', 'own', 'yes', 'yes']),
  m('submitPlan', 'submit a draft plan', ['no', 'no', 'own', 'own', 'yes', 'yes']),
  m('approvePlan', 'approve a submitted plan', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('returnPlan', 'return a submitted plan', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('updateSupervisionRules', 'change the frequency cap', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  // Rounds and draws (rows run in this order on one round)
  q('drawRounds', 'all rounds', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('drawRound', 'one round', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('draw', 'one draw record', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  m('openDrawRound', 'open a round on an approved plan', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('commitSeed', 'commit the seed', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('snapshotPools', 'freeze the pools', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('revealSeed', 'reveal the seed', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('drawAndLock', 'draw and lock', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('redrawPlan', 'redraw a plan', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('closePlan', 'close a drawn plan', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  q('auditLog', 'the audit chain', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  q('auditHead', 'the audit chain head (length and last hash)', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  // Tasks and dispatch
  q('tasks', 'the tasks of a round (departments: tasks they take part in)', ['no', 'scoped', 'scoped', 'scoped', 'yes', 'yes']),
  q('myTasks', 'an inspector\'s own tasks (only those she is dispatched to)', ['no', 'scoped', 'no', 'no', 'no', 'no']),
  q('dispatchStatus', 'dispatch counts per department', ['no', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('jointFormHtml', 'the 一企一表 of a task', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('jointFormPdf', 'the 一企一表 of a task as PDF', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  m('dispatchRound', 'dispatch a round', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('replaceTaskInspector', '递补 on a task', ['no', 'no', 'no', 'own', 'yes', 'yes']),
  // Results, publication, credit, calendar
  m('enterResult', 'enter a result (inspector: only on a task they are matched to)', ['no', 'own', 'own', 'own', 'no', 'yes']),
  m('submitResult', 'submit an entered result', ['no', 'own', 'own', 'own', 'no', 'yes']),
  m('withdrawResult', 'withdraw a submitted result before review', ['no', 'own', 'own', 'own', 'no', 'yes']),
  m('reviewResult', 'approve a submitted result', ['no', 'no', 'no', 'own', 'yes', 'yes']),
  m('publishResult', 'publish an approved result', ['no', 'no', 'no', 'own', 'yes', 'yes']),
  m('correctPublishedResult', 'correct a published result', ['no', 'no', 'no', 'own', 'yes', 'yes']),
  q('results', 'results before publication (departments: their own)', ['no', 'scoped', 'scoped', 'scoped', 'yes', 'yes']),
  q('publishedResults', '一公开', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  q('resultDeadlines', 'a department\'s result deadlines', ['no', 'own', 'own', 'own', 'yes', 'yes']),
  q('deadlineSummary', 'overdue and due-soon counts (departments: their own)', ['no', 'scoped', 'scoped', 'scoped', 'yes', 'yes']),
  q('creditChanges', 'credit-class changes', ['no', 'yes', 'yes', 'yes', 'yes', 'yes']),
  m('decideCreditChange', 'confirm a proposed credit change', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  q('pendingCreditDeliveries', 'credit moves not yet delivered to the department pools', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('deliverCreditChanges', 'deliver pending credit moves now', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  m('setCalendarDay', 'edit the working-day calendar', ['no', 'no', 'no', 'no', 'yes', 'yes']),
];

export const AUTHZ_ROLES: Role[] = ['PUBLIC', 'INSPECTOR', 'DEPT_STAFF', 'DEPT_ADMIN', 'JOINT_OFFICE', 'SERVICE'];

const CELL: Record<Access, string> = { yes: '✓', no: '–', own: 'own', scoped: 'scoped' };

export const AUTHZ_TABLE_START = '<!-- authz-matrix:start (generated from shared/authz-matrix.ts by `npm run authz:table`) -->';
export const AUTHZ_TABLE_END = '<!-- authz-matrix:end -->';

/** The table in docs/authorization.md: one line per root operation. */
export function renderAuthzTable(rules: AuthzRule[] = AUTHZ_MATRIX): string {
  const lines = [
    `| operation | probe | ${AUTHZ_ROLES.join(' | ')} |`,
    `|---|---|${AUTHZ_ROLES.map(() => '---').join('|')}|`,
    ...rules.map((r) => `| \`${r.op}\`${r.kind === 'mutation' ? ' (mutation)' : ''} | ${r.probe} | ${AUTHZ_ROLES.map((role) => CELL[r.access[role]]).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Replaces the generated block in a Markdown text (throws when the markers are missing). */
export function withAuthzTable(readme: string, rules: AuthzRule[] = AUTHZ_MATRIX): string {
  const start = readme.indexOf(AUTHZ_TABLE_START);
  const end = readme.indexOf(AUTHZ_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/authorization.md has no authz-matrix markers');
  return `${readme.slice(0, start + AUTHZ_TABLE_START.length)}\n${renderAuthzTable(rules)}\n${readme.slice(end)}`;
}

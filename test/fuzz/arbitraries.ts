// fast-check generators of bad input: each case corrupts one field of an otherwise valid request, so the
// field's validator is what must answer. Pure (no hub): the fuzz test supplies ids of real objects.
import fc from 'fast-check';
import { uscc } from '../../shared/validation';
import { checklistItemInput, inspectorInput, targetInput } from '../authz/fixture';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export const validUscc = fc
  .tuple(fc.constantFrom('91', '92', '93', '11', '12', '51'), fc.constantFrom('361129', '110105', '440300'), fc.array(fc.constantFrom(...USCC_CHARSET), { minLength: 9, maxLength: 9 }))
  .map(([head, region, body]) => uscc(`${head}${region}${body.join('')}`));

/** USCCs that must all be refused: wrong check char, an excluded letter (I O Z S V), case, length, junk. */
export const badUscc: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(validUscc, fc.constantFrom(...USCC_CHARSET)).filter(([c, ch]) => c[17] !== ch).map(([c, ch]) => c.slice(0, 17) + ch),
  fc.tuple(validUscc, fc.nat(17), fc.constantFrom('I', 'O', 'Z', 'S', 'V')).map(([c, i, ch]) => c.slice(0, i) + ch + c.slice(i + 1)),
  validUscc.filter((c) => /[A-Z]/.test(c)).map((c) => c.toLowerCase()),
  fc.tuple(validUscc, fc.integer({ min: 1, max: 17 })).map(([c, n]) => c.slice(0, n)),
  validUscc.map((c) => `${c}0`),
  validUscc.map((c) => ` ${c.slice(1)}`),
  fc.string({ maxLength: 40 }).filter((s) => s.length !== 18),
  fc.string({ minLength: 18, maxLength: 18, unit: 'grapheme' }).filter((s) => !/^[0-9A-Z]{18}$/.test(s)),
);

/** Strings no text field accepts: empty, blank, or far beyond any limit (up to ~300 kB). */
export const badText = fc.oneof(
  fc.constantFrom('', '   ', '\t\n'),
  fc.tuple(fc.integer({ min: 2_001, max: 20_000 }), fc.constantFrom('测', 'A', '𠀀', '\u0000')).map(([n, ch]) => ch.repeat(n)),
  { arbitrary: fc.tuple(fc.integer({ min: 100_000, max: 300_000 }), fc.constantFrom('测', 'A')).map(([n, ch]) => ch.repeat(n)), weight: 1 },
);

export const hugeText = fc.tuple(fc.integer({ min: 10_001, max: 60_000 }), fc.constantFrom('测', 'x')).map(([n, ch]) => ch.repeat(n));

/** Ratios outside (0, 1], including values JSON turns into null. */
export const badRatio = fc.oneof(
  fc.double({ max: 0, noNaN: true }),
  fc.double({ min: 1.000001, noNaN: true }),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1e-300),
);

/** JSON turns NaN and ±Infinity into null, which a nullable field reads as "not given": only finite values there. */
export const badFiniteRatio = badRatio.filter((r) => Number.isFinite(r) && !Object.is(r, -0));
const badPlanRatio = badFiniteRatio.filter((r) => r < 0 || r > 1);

export const badDate = fc.oneof(
  fc.constantFrom('2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '20260101', '2026/01/01', '', 'yesterday', '2026-1-1', '０２０２６-01-01'),
  fc.string({ maxLength: 12 }).filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
);

/** Enum values that are not in the enum (sent to String or enum-typed fields alike). */
export const badEnum = fc.oneof(fc.constantFrom('', 'a', 'E', 'KEY ', 'key', 'PUBLISHED', 'DROP TABLE', 'ZZZ', '0', 'null'), fc.string({ maxLength: 12 }).filter((s) => !/^[A-D]$/.test(s)));

/** Ints outside a field's bounds, including ones GraphQL's Int cannot hold. */
export const badInt = (min: number, max: number) =>
  fc.oneof(fc.integer({ min: -1_000_000, max: min - 1 }), fc.integer({ min: max + 1, max: 2_000_000_000 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5));

/** Not one of the GB/T 4754 sections A–T. */
export const badSection = badEnum.filter((s) => !/^[A-T]$/.test(s));

export interface FuzzCase {
  op: string;
  query: string;
  variables: Record<string, unknown>;
  /** Which identity sends it (already allowed to call the operation, so validation is what answers). */
  as: 'staff' | 'admin' | 'office' | 'public';
  what: string;
  /** When only one code is right (a blank reason is bad input, not a state conflict). */
  expectCode?: string;
}

/** One field of a valid object replaced by a bad value. */
function corrupt<T extends Record<string, unknown>>(base: T, corruptions: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<{ value: T; what: string }> {
  return fc.oneof(...Object.entries(corruptions).map(([field, arb]) => arb.map((v) => ({ value: { ...base, [field]: v }, what: `${field}=${JSON.stringify(v)?.slice(0, 60)}` }))));
}

export interface FuzzTargets {
  department: string;
  draftItemId: string;
  inspectorId: string;
  poolCreditCode: string;
  entityCreditCode: string;
  draftPlanId: string;
  submittedPlanId: string;
  drawnRoundId: string;
  drawnPlanId: string;
  task: { id: string; itemCode: string };
  publishedItem: { department: string; code: string };
  /** A code not in the pool and not registered, so the only thing wrong is the corrupted field. */
  freshCode: string;
}

export function mutationCases(t: FuzzTargets): fc.Arbitrary<FuzzCase> {
  const d = t.department;
  const target = targetInput(t.freshCode);
  const targetBad = { creditCode: badUscc, name: badText, industrySection: badSection, regionCode: fc.oneof(fc.constantFrom('', '3611', '36112900000000', 'abcdef'), fc.string({ maxLength: 8 })), creditClass: badEnum, tags: fc.array(hugeText, { minLength: 1, maxLength: 2 }) };
  const item = checklistItemInput('FUZZ-1');
  const itemBad = {
    code: fc.oneof(badText, fc.constantFrom('含中文', 'a b', 'x;DROP', 'x/y')),
    name: badText, legalBasis: badText, content: badText, category: badEnum, method: badEnum,
    minRatio: badRatio, maxRatio: badRatio,
  };
  const itemPair = fc.tuple(fc.double({ min: 0.02, max: 0.2, noNaN: true }), fc.double({ min: 0.001, max: 0.019, noNaN: true })).map(([min, max]) => ({ value: { ...item, minRatio: min, maxRatio: max }, what: `minRatio>maxRatio ${min}>${max}` }));
  const generalTooHigh = fc.double({ min: 0.2001, max: 1, noNaN: true }).map((max) => ({ value: { ...item, category: 'GENERAL', maxRatio: max }, what: `GENERAL maxRatio=${max}` }));
  const person = inspectorInput(424242);
  const personBad = {
    name: badText, phone: fc.oneof(fc.constantFrom('', '1381234567', '23812345678', '138-1234-5678', '0793-12', '+8613812345678'), fc.string({ maxLength: 15 })),
    idNumber: fc.oneof(
      fc.constantFrom('11010519491231002Y', '110105194912310021', '110105194902300021', '1101051949123100', 'abcdefghijklmnopqr'),
      fc.stringMatching(/^\d{17}[0-9X]$/).filter((s) => s !== s.slice(0, 17) + '10X98765432'[[...s.slice(0, 17)].reduce((a, c, i) => a + Number(c) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i], 0) % 11]),
    ),
    certificateExpiry: badDate, gender: badEnum, certificateNumber: badText,
  };
  const ratios = { A: 0.05, B: 0.05, C: 0.05, D: 0.05 };
  const plan = {
    department: d, title: '模糊测试计划', year: 2026, windowStart: '2026-10-01', windowEnd: '2026-12-31',
    items: [{ department: t.publishedItem.department, code: t.publishedItem.code }], ratios, scope: { industrySections: ['H'] },
  };
  const planBad = {
    title: badText, year: badInt(2000, 2100), windowStart: badDate, windowEnd: badDate, department: badEnum,
    kind: badEnum, items: fc.constantFrom([], [{ department: d, code: '' }], [{ department: 'NOPE', code: 'X' }]),
    ratios: fc.tuple(fc.constantFrom('A', 'B', 'C', 'D'), badPlanRatio).map(([c, r]) => ({ ...ratios, [c]: r })),
    scope: fc.oneof(badSection.map((s) => ({ industrySections: [s] })), fc.constantFrom({ regionCodes: ['x'] }, { creditClasses: ['E'] })),
  };
  const inverted = fc.tuple(fc.integer({ min: 2, max: 365 }), fc.integer({ min: 1, max: 364 })).filter(([a, b]) => b < a).map(([a, b]) => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10);
    return { value: { ...plan, windowStart: day(a), windowEnd: day(b) }, what: `inverted window ${day(a)} > ${day(b)}` };
  });
  const outOfYear = fc.constantFrom(['2025-12-31', '2026-03-01'], ['2026-11-01', '2027-01-05']).map(([s, e]) => ({ value: { ...plan, windowStart: s, windowEnd: e }, what: `window outside year ${s}–${e}` }));
  const result = { taskId: t.task.id, department: d, itemCode: t.task.itemCode, categories: ['NO_PROBLEM'], followUp: 'NONE', findings: '', inspectedOn: '2026-07-02' };
  const resultBad = {
    categories: fc.oneof(fc.constant([]), badEnum.map((c) => [c]), fc.constant(['NO_PROBLEM', 'NO_PROBLEM']), fc.constant(['NO_PROBLEM', 'CORRECTED'])),
    followUp: badEnum, findings: hugeText, inspectedOn: fc.oneof(badDate, fc.constantFrom('2099-01-01', '2026-06-30', '2030-01-01')),
    attachments: fc.array(hugeText, { minLength: 1, maxLength: 2 }), department: fc.constantFrom('ECO', 'NOPE', ''), itemCode: fc.constantFrom('NOPE', ''),
  };
  const entity = { creditCode: t.freshCode, name: '模糊测试有限公司' };

  const m = (op: string, as: FuzzCase['as'], query: string, arb: fc.Arbitrary<{ vars: Record<string, unknown>; what: string }>) => arb.map(({ vars, what }) => ({ op, as, query, variables: vars, what }));
  const w = <T>(a: fc.Arbitrary<{ value: T; what: string }>, key: string, extra: Record<string, unknown> = {}) => a.map(({ value, what }) => ({ vars: { ...extra, [key]: value }, what }));

  return fc.oneof(
    m('addTarget', 'staff', 'mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }', w(corrupt(target, targetBad), 'input', { d })),
    m('bulkAddTargets', 'staff', 'mutation($d: String!, $inputs: [TargetInput!]!) { bulkAddTargets(department: $d, inputs: $inputs) { added } }',
      fc.tuple(corrupt(target, targetBad), fc.array(validUscc, { maxLength: 3 })).map(([bad, codes]) => ({ vars: { d, inputs: [...codes.map((c) => targetInput(c)), bad.value] }, what: `bulk ${codes.length}+1: ${bad.what}` }))),
    m('updateTarget', 'staff', 'mutation($d: String!, $c: String!, $input: TargetUpdateInput!) { updateTarget(department: $d, creditCode: $c, input: $input) { id } }',
      fc.oneof(badText.map((v) => ({ name: v })), badEnum.map((v) => ({ creditClass: v })), badSection.map((v) => ({ industrySection: v }))).map((input) => ({ vars: { d, c: t.poolCreditCode, input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('createChecklistItem', 'staff', 'mutation($d: String!, $input: ChecklistItemInput!) { createChecklistItem(department: $d, input: $input) { id } }', w(fc.oneof(corrupt(item, itemBad), itemPair, generalTooHigh), 'input', { d })),
    m('updateChecklistItem', 'staff', 'mutation($d: String!, $id: ID!, $input: ChecklistItemUpdateInput!) { updateChecklistItem(department: $d, id: $id, input: $input) { id } }',
      fc.oneof(badFiniteRatio.map((v) => ({ minRatio: v })), badFiniteRatio.map((v) => ({ maxRatio: v })), badText.map((v) => ({ name: v })), itemPair.map(({ value }) => ({ minRatio: value.minRatio, maxRatio: value.maxRatio }))).map((input) => ({ vars: { d, id: t.draftItemId, input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('createInspector', 'staff', 'mutation($d: String!, $input: InspectorInput!) { createInspector(department: $d, input: $input) { id } }', w(corrupt(person, personBad), 'input', { d })),
    m('updateInspector', 'staff', 'mutation($d: String!, $id: ID!, $input: InspectorUpdateInput!) { updateInspector(department: $d, id: $id, input: $input) { id } }',
      fc.oneof(personBad.phone.map((v) => ({ phone: v })), personBad.idNumber.map((v) => ({ idNumber: v })), badDate.map((v) => ({ certificateExpiry: v }))).map((input) => ({ vars: { d, id: t.inspectorId, input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('changeInspectorStatus', 'admin', 'mutation($d: String!, $id: ID!, $s: InspectorStatus!, $r: String!) { changeInspectorStatus(department: $d, id: $id, status: $s, reason: $r) { id } }',
      fc.oneof(badEnum.map((s) => ({ s, r: '调离' })), badText.map((r) => ({ s: 'ON_LEAVE', r }))).map((v) => ({ vars: { d, id: t.inspectorId, ...v }, what: JSON.stringify(v).slice(0, 60) }))),
    m('declareConflict', 'staff', 'mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id } }', badUscc.map((c) => ({ vars: { d, id: t.inspectorId, c }, what: `creditCode=${c.slice(0, 40)}` }))),
    m('registerMarketEntity', 'office', 'mutation($input: RegisterMarketEntityInput!) { registerMarketEntity(input: $input) { creditCode } }',
      w(corrupt(entity, { creditCode: badUscc, name: badText, regionCode: fc.constantFrom('1', '36112', 'abcdef', '3611290'), creditClass: badEnum, entityType: badEnum }), 'input')),
    m('updateMarketEntity', 'office', 'mutation($c: String!, $input: UpdateMarketEntityInput!) { updateMarketEntity(creditCode: $c, input: $input) { creditCode } }',
      fc.oneof(badText.map((v) => ({ name: v })), badEnum.map((v) => ({ creditClass: v })), hugeText.map((v) => ({ address: v }))).map((input) => ({ vars: { c: t.entityCreditCode, input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('registerDepartment', 'office', 'mutation($input: RegisterDepartmentInput!) { registerDepartment(input: $input) { code } }',
      w(corrupt({ code: 'FUZZDEPT', name: '模糊测试局', role: 'MEMBER', active: false }, { code: fc.oneof(badText, fc.constantFrom('a', 'lower', 'A', 'ÄÖ', 'TOO_LONG_CODE_123456789')), name: badText, role: badEnum, contactPhone: fc.constantFrom('123', 'abc', '138') }), 'input')),
    m('createPlan', 'office', 'mutation($input: PlanInput!) { createPlan(input: $input) { id } }', w(fc.oneof(corrupt(plan, planBad), inverted, outOfYear), 'input')),
    m('updatePlan', 'office', 'mutation($id: ID!, $input: PlanInput!) { updatePlan(id: $id, input: $input) { id } }', w(fc.oneof(corrupt(plan, planBad), inverted), 'input', { id: t.draftPlanId })),
    m('returnPlan', 'office', 'mutation($id: ID!, $r: String!) { returnPlan(id: $id, reason: $r) { id } }', fc.constantFrom('', ' ', '\n\t').map((r) => ({ vars: { id: t.submittedPlanId, r }, what: `reason=${JSON.stringify(r)}` }))).map((c) => ({ ...c, expectCode: 'BAD_USER_INPUT' })),
    m('updateSupervisionRules', 'office', 'mutation($input: SupervisionRulesInput!) { updateSupervisionRules(input: $input) { frequencyCap } }',
      fc.oneof(
        badInt(1, 12).map((n) => ({ frequencyCap: n })),
        fc.tuple(fc.constantFrom('A', 'B'), fc.array(fc.oneof(badInt(1, 12), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 13 }).filter((ms) => ms.some((x) => !Number.isInteger(x) || x < 1 || x > 12))).map(([c, ms]) => ({ quietRules: [{ creditClass: c, allowedMonths: ms }] })),
        badEnum.map((c) => ({ quietRules: [{ creditClass: c, allowedMonths: [6] }] })),
        fc.constant({ quietRules: [{ creditClass: 'A', allowedMonths: [6] }, { creditClass: 'A', allowedMonths: [7] }] }),
      ).map((input) => ({ vars: { input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('openDrawRound', 'office', 'mutation($n: String!, $y: Int!, $p: [ID!]!, $s: Float, $mode: DrawMode) { openDrawRound(name: $n, year: $y, planIds: $p, startPoint: $s, mode: $mode) { id } }',
      fc.oneof(
        badRatio.filter((r) => !(r >= 0 && r < 1)).map((s) => ({ n: '模糊轮次', y: 2026, p: [t.submittedPlanId], s, what: `startPoint=${s}` })),
        fc.constantFrom(1, 1.5, -0.1).map((s) => ({ n: '模糊轮次', y: 2026, p: [t.submittedPlanId], s, what: `startPoint=${s}` })),
        badInt(2000, 2100).map((y) => ({ n: '模糊轮次', y, p: [t.submittedPlanId], s: null, what: `year=${y}` })),
        badText.map((n) => ({ n, y: 2026, p: [t.submittedPlanId], s: null, what: `name length ${n.length}` })),
        fc.constantFrom([], ['999999'], ['abc'], [t.draftPlanId], [t.submittedPlanId]).map((p) => ({ n: '模糊轮次', y: 2026, p, s: 0.5, what: `planIds=${JSON.stringify(p)}` })),
        badEnum.map((mode) => ({ n: '模糊轮次', y: 2026, p: [t.submittedPlanId], s: 0, mode, what: `mode=${mode}` })),
      ).map(({ what, ...vars }) => ({ vars, what }))),
    m('redrawPlan', 'office', 'mutation($r: ID!, $p: ID!, $why: String!, $x: [ExclusionInput!]!) { redrawPlan(roundId: $r, planId: $p, reason: $why, exclusions: $x) { id } }',
      fc.oneof(
        fc.constantFrom('', '  ').map((why) => ({ r: t.drawnRoundId, p: t.drawnPlanId, why, x: [{ creditCode: '91350100M000100Y43', reason: 'CLOSED' }] })),
        fc.constantFrom('999999', t.draftPlanId).map((p) => ({ r: t.drawnRoundId, p, why: '', x: [] })),
        fc.constantFrom([], [{ creditCode: 'not-a-uscc', reason: 'CLOSED' }], [{ creditCode: '91350100M000100Y43', reason: 'OTHER' }], Array.from({ length: 201 }, () => ({ creditCode: '91350100M000100Y43', reason: 'CLOSED' })))
          .map((x) => ({ r: t.drawnRoundId, p: t.drawnPlanId, why: '模糊重抽', x })),
        badText.map((why) => ({ r: t.drawnRoundId, p: t.drawnPlanId, why, x: [{ creditCode: '91350100M000100Y43', reason: 'CLOSED' }] })),
      ).map((vars) => ({ vars, what: JSON.stringify(vars).slice(0, 80) }))),
    m('setCalendarDay', 'office', 'mutation($input: CalendarDayInput!) { setCalendarDay(input: $input) }',
      fc.oneof(badDate.map((date) => ({ date, kind: 'HOLIDAY' })), badEnum.map((kind) => ({ date: '2026-10-08', kind }))).map((input) => ({ vars: { input }, what: JSON.stringify(input).slice(0, 60) }))),
    m('enterResult', 'staff', 'mutation($input: ResultInput!) { enterResult(input: $input) { id } }', w(corrupt(result, resultBad), 'input')),
  );
}

/** Queries built to exhaust a server: alias bombs, deep nesting, fragment cycles, directive floods, huge documents. */
export const bombCases: fc.Arbitrary<FuzzCase> = fc.oneof(
  // 3,000 aliases take ~15 s of gateway CPU today; the gateway's alias/cost limits are what should stop them.
  fc.integer({ min: 10, max: 120 }).map((n) => ({ op: 'aliasBomb', as: 'public' as const, variables: {}, what: `${n} aliases`, query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: departments { code name }`).join(' ')} }` })),
  fc.integer({ min: 20, max: 400 }).map((n) => ({ op: 'deepIntrospection', as: 'public' as const, variables: {}, what: `depth ${n}`, query: `{ __schema { types { fields { type ${'{ ofType '.repeat(n)}{ name }${' }'.repeat(n)} } } } }` })),
  fc.integer({ min: 2, max: 50 }).map((n) => ({
    op: 'fragmentCycle', as: 'public' as const, variables: {}, what: `${n} fragments in a cycle`,
    query: `{ departments { ...F0 } } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Department { code ...F${(i + 1) % n} }`).join(' ')}`,
  })),
  fc.integer({ min: 100, max: 5000 }).map((n) => ({ op: 'directiveFlood', as: 'public' as const, variables: {}, what: `${n} directives`, query: `{ departments { code ${'@include(if: true) '.repeat(n)} } }` })),
  fc.integer({ min: 2, max: 10 }).map((n) => ({
    op: 'nestedEntities', as: 'office' as const, variables: {}, what: `${n} × department → inspectors`,
    query: `{ ${Array.from({ length: n }, (_, i) => `d${i}: departments { code inspectors(first: 20) { edges { node { name phone } } } targetPool(first: 20) { edges { node { creditCode entity { name } } } } }`).join(' ')} }`,
  })),
  fc.string({ maxLength: 200 }).map((s) => ({ op: 'garbage', as: 'public' as const, variables: {}, what: `garbage ${JSON.stringify(s).slice(0, 40)}`, query: s })),
  fc.integer({ min: 1, max: 5000 }).map((n) => ({ op: 'unclosed', as: 'public' as const, variables: {}, what: `${n} unclosed braces`, query: `{ departments ${'{ code '.repeat(n)}` })),
);

// ---- Edge bounds (issue 14): long strings, full-width and bidirectional text, huge lists, bad ids ----

const FULL_WIDTH = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * Strings past every bound: 101 to 60,000 characters. Longer ones (to 5 MB) have their own test
 * (test/e2e/abuse.test.ts): mixed in here, eight requests at once, the runs of 2026-12-03 saw requests fail to
 * connect ("fetch failed": 7 of 10,000 with strings to 5 MB, 2 with strings to 1 MB) in this hub where client,
 * gateway and departments share one process; not reproduced one at a time.
 */
export const longText = fc.tuple(fc.integer({ min: 101, max: 60_000 }), fc.constantFrom('测', 'x', '𠀀', '１', ' ')).map(([n, ch]) => ch.repeat(n));

/** Text carrying characters refused at the edge: bidi overrides and isolates, NUL and other controls, lone surrogates. */
export const bidiText = fc
  .tuple(fc.constantFrom('张三', '模糊测试有限公司', 'ＡＢＣ公司（分店）'), fc.constantFrom('\u202E', '\u202D', '\u2066', '\u2067', '\u200F', '\u0000', '\u0007', '\u001B', '\uD800', '\uDFFF', '\u0085'), fc.nat(4))
  .map(([base, bad, at]) => base.slice(0, at) + bad + base.slice(at));

/** IDs that are not row numbers; JSON carries them as strings. */
export const badId = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '1e3', '-1', '0x10', '1.5', ' 1', '1 ', '', '１２', '9'.repeat(16), '1;DROP TABLE plan', '١٢'),
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^\d{1,15}$/.test(s)),
);

export function edgeCases(t: FuzzTargets): fc.Arbitrary<FuzzCase> {
  const d = t.department;
  const q = (op: string, as: FuzzCase['as'], query: string) => (variables: Record<string, unknown>, what: string): FuzzCase => ({ op, as, query, variables, what, expectCode: 'BAD_USER_INPUT' });
  const published = q('longSearch', 'public', 'query($s: String) { publishedResults(search: $s) { corrected } }');
  const entities = q('longSearch', 'public', 'query($s: String) { marketEntities(search: $s) { totalCount } }');
  const inspectors = q('longSearch', 'staff', 'query($d: String!, $f: InspectorFilter) { inspectors(department: $d, filter: $f) { totalCount } }');
  const pool = q('hugeList', 'staff', 'query($d: String!, $f: TargetPoolFilter) { targetPool(department: $d, filter: $f) { totalCount } }');
  const byId = (field: string, as: FuzzCase['as'] = 'public') => q('badIdQuery', as, `query($id: ID!) { ${field}(id: $id) { id } }`);
  const tooMany = (max: number) => fc.integer({ min: max + 1, max: max * 40 });
  const label = (s: string) => `${JSON.stringify(s.slice(0, 24))}… (${s.length})`;
  return fc.oneof(
    longText.map((s) => published({ s }, `publishedResults search ${label(s)}`)),
    longText.map((s) => entities({ s }, `marketEntities search ${label(s)}`)),
    longText.map((s) => inspectors({ d, f: { search: s } }, `inspectors filter.search ${label(s)}`)),
    fc.tuple(fc.constantFrom('tags', 'regionCodes', 'industrySections', 'creditClasses'), tooMany(100)).map(([k, n]) => pool({ d, f: { [k]: Array.from({ length: n }, (_, i) => `v${i % 10}`) } }, `targetPool ${k} × ${n}`)),
    fc.tuple(fc.constantFrom('draw', 'drawRound', 'plan'), badId).map(([f, id]) => byId(f, f.startsWith('plan') ? 'office' : 'public')({ id }, `${f}(id: ${JSON.stringify(id)})`)),
    badId.map((id) => ({ ...q('closePlan', 'office', 'mutation($id: ID!) { closePlan(id: $id) { id } }')({ id }, `closePlan(id: ${JSON.stringify(id)})`) })),
    badId.map((id) => ({ ...q('submitPlan', 'office', 'mutation($id: ID!) { submitPlan(id: $id) { id } }')({ id }, `submitPlan(id: ${JSON.stringify(id)})`) })),
    bidiText.map((name) => ({ ...q('registerDepartment', 'office', 'mutation($input: RegisterDepartmentInput!) { registerDepartment(input: $input) { code } }')({ input: { code: 'FUZZBIDI', name } }, `name ${JSON.stringify(name)}`) })),
    bidiText.map((name) => ({ ...q('createInspector', 'staff', 'mutation($d: String!, $input: InspectorInput!) { createInspector(department: $d, input: $input) { id } }')({ d, input: { ...inspectorInput(424243), name } }, `name ${JSON.stringify(name)}`) })),
    longText.map((name) => ({ ...q('addTarget', 'staff', 'mutation($d: String!, $input: TargetInput!) { addTarget(department: $d, input: $input) { id } }')({ d, input: { ...targetInput(t.freshCode), name } }, `name ${label(name)}`) })),
    // Full-width forms of values that are wrong in any width: refused either way.
    badUscc.map((c) => ({ op: 'declareConflict', as: 'staff' as const, query: 'mutation($d: String!, $id: ID!, $c: String!) { declareConflict(department: $d, id: $id, creditCode: $c) { id } }', variables: { d, id: t.inspectorId, c: FULL_WIDTH(c) }, what: `full-width creditCode ${JSON.stringify(FULL_WIDTH(c)).slice(0, 40)}` })),
    tooMany(10_000).filter((n) => n < 12_000).map((n) => ({ ...q('bulkAddTargets', 'staff', 'mutation($d: String!, $inputs: [TargetInput!]!) { bulkAddTargets(department: $d, inputs: $inputs) { added } }')({ d, inputs: Array.from({ length: n }, () => targetInput(t.freshCode)) }, `${n} inputs`) })),
  );
}

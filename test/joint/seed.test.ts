import './shims'; // first: must run before anything loads graphql or jose
import { generateDemoData } from '../../shared/demo-data';
import { seedJoint } from '../../subgraphs/joint-inspection/seed';
import { DEPARTMENTS, rowCount, startJoint, type JointHarness } from './fixture';

let h: JointHarness;
beforeAll(async () => {
  h = await startJoint('joint_seed', null);
});
afterAll(() => h?.close());

describe('seedJoint', () => {
  it('inserts the demo data into an empty database, then declines a second time', async () => {
    const data = generateDemoData();
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(0);
    const t0 = Date.now();
    expect(await seedJoint(h.dataSource, data)).toBe(true);
    console.log(`[joint] seeded ${data.departments.length} departments and ${data.entities.length} entities in ${Date.now() - t0} ms`);
    expect(await rowCount(h.dataSource, 'department')).toBe(data.departments.length);
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(data.entities.length);

    const list = await h.call('{ departments { code role } }');
    expect(list.data.departments.map((d: { code: string }) => d.code)).toEqual(data.departments.map((d) => d.code));
    const sample = data.entities[data.entities.length - 1];
    const one = await h.call('query($c: String!) { marketEntity(creditCode: $c) { creditCode name creditClass hasSeriousViolations } }', { c: sample.creditCode });
    expect(one.data.marketEntity).toEqual({ creditCode: sample.creditCode, name: sample.name, creditClass: sample.creditClass, hasSeriousViolations: sample.hasSeriousViolations });

    expect(await seedJoint(h.dataSource, data)).toBe(false);
    expect(await rowCount(h.dataSource, 'market_entity')).toBe(data.entities.length);
  });
});

describe('seedJoint on a database that already has data', () => {
  let other: JointHarness;
  afterAll(() => other?.close());
  it('writes nothing when a department exists', async () => {
    other = await startJoint('joint_seed2', null);
    await other.call('mutation($i: RegisterDepartmentInput!) { registerDepartment(input: $i) { code } }', { i: { code: 'SAMR', name: DEPARTMENTS[0].name } });
    expect(await seedJoint(other.dataSource, generateDemoData())).toBe(false);
    expect(await rowCount(other.dataSource, 'market_entity')).toBe(0);
  });
});

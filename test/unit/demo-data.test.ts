import hub from '../../config/hub.json';
import { generateDemoData } from '../../shared/demo-data';
import { checkDate, checkPhone, checkResidentId, checkUscc } from '../../shared/validation';

const data = generateDemoData();
const deptCodes = hub.departments.map((d) => d.code);

describe('generateDemoData', () => {
  it('is deterministic and seed-dependent', () => {
    expect(generateDemoData()).toEqual(data);
    const other = generateDemoData(7);
    expect(other.entities[0].creditCode).not.toBe(data.entities[0].creditCode);
  });

  it('lists the configured departments with SAMR as convener', () => {
    expect(data.departments.map((d) => d.code)).toEqual(deptCodes);
    expect(data.departments.filter((d) => d.role === 'CONVENER').map((d) => d.code)).toEqual(['SAMR']);
    for (const d of data.departments) expect(checkPhone(d.contactPhone)).toBeNull();
  });

  it('has >= 2000 entities with valid, unique USCCs and a plausible credit mix', () => {
    expect(data.entities.length).toBeGreaterThanOrEqual(2000);
    const codes = new Set(data.entities.map((e) => e.creditCode));
    expect(codes.size).toBe(data.entities.length);
    for (const e of data.entities) expect([e.creditCode, checkUscc(e.creditCode)]).toEqual([e.creditCode, null]);
    expect(new Set(data.entities.map((e) => e.name)).size).toBe(data.entities.length);
    const share = (c: string) => data.entities.filter((e) => e.creditClass === c).length / data.entities.length;
    expect(share('A')).toBeGreaterThan(0.25);
    expect(share('B')).toBeGreaterThan(0.45);
    expect(share('D')).toBeLessThan(0.08);
    for (const e of data.entities) expect(e.regionCode).toMatch(/^361129\d{3}$/);
  });

  it('keeps each pool within 300–1200 entries, copying entity fields', () => {
    const byCode = new Map(data.entities.map((e) => [e.creditCode, e]));
    for (const dept of deptCodes) {
      const pool = data.poolEntries.filter((p) => p.department === dept);
      expect([dept, pool.length >= 300 && pool.length <= 1200]).toEqual([dept, true]);
      expect(new Set(pool.map((p) => p.creditCode)).size).toBe(pool.length);
    }
    for (const p of data.poolEntries) {
      const e = byCode.get(p.creditCode);
      expect(e).toBeDefined();
      expect([p.name, p.industrySection, p.regionCode, p.creditClass]).toEqual([e!.name, e!.industrySection, e!.regionCode, e!.creditClass]);
    }
  });

  it('overlaps pools across departments', () => {
    const count = new Map<string, number>();
    for (const p of data.poolEntries) count.set(p.creditCode, (count.get(p.creditCode) ?? 0) + 1);
    const inThree = [...count.values()].filter((n) => n >= 3).length;
    expect(inThree).toBeGreaterThan(100);
  });

  it('has 15–30 checklist items per department with bounded ratios and statuses', () => {
    for (const dept of deptCodes) {
      const items = data.checklistItems.filter((i) => i.department === dept);
      expect(items.length).toBeGreaterThanOrEqual(15);
      expect(items.length).toBeLessThanOrEqual(30);
      expect(items.filter((i) => i.status === 'RETIRED').length).toBe(1);
      expect(items.filter((i) => i.status === 'DRAFT').length).toBe(2);
    }
    expect(new Set(data.checklistItems.map((i) => i.code)).size).toBe(data.checklistItems.length);
    for (const i of data.checklistItems) {
      expect(i.minRatio).toBeGreaterThan(0);
      expect(i.minRatio).toBeLessThanOrEqual(i.maxRatio);
      expect(i.maxRatio).toBeLessThanOrEqual(i.category === 'GENERAL' ? 0.1 : 1);
      expect(i.legalBasis).toMatch(/^《.+》/);
    }
  });

  it('has 20–40 inspectors per department with valid IDs, phones, dates and conflicts from their pool', () => {
    for (const dept of deptCodes) {
      const inspectors = data.inspectors.filter((i) => i.department === dept);
      expect(inspectors.length).toBeGreaterThanOrEqual(20);
      expect(inspectors.length).toBeLessThanOrEqual(40);
      const pool = new Set(data.poolEntries.filter((p) => p.department === dept).map((p) => p.creditCode));
      for (const i of inspectors) for (const c of i.conflicts) expect(pool.has(c)).toBe(true);
    }
    expect(new Set(data.inspectors.map((i) => i.idNumber)).size).toBe(data.inspectors.length);
    expect(new Set(data.inspectors.map((i) => i.certificateNumber)).size).toBe(data.inspectors.length);
    for (const i of data.inspectors) {
      expect(checkResidentId(i.idNumber)).toBeNull();
      expect(checkPhone(i.phone)).toBeNull();
      expect(checkDate(i.certificateExpiry)).toBeNull();
      // 17th digit parity encodes gender.
      expect(Number(i.idNumber[16]) % 2 === 1).toBe(i.gender === 'MALE');
    }
    expect(data.inspectors.some((i) => i.certificateExpiry < '2026-11-01')).toBe(true);
    expect(data.inspectors.some((i) => i.conflicts.length > 0)).toBe(true);
  });
});

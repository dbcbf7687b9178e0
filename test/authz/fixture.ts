// Builders shared by the authorization, privacy and fuzz tests: valid inputs and fresh objects made as SERVICE.
import type { TestHub } from '../e2e/hub';
import { callGateway, type GqlResponse } from '../helpers';
import type { Identity } from '../../shared/identity';
import { makeUscc, residentId } from '../../shared/validation';

let seq = 0;
/** A number unique in this process, for codes and names. */
export const nextSeq = () => ++seq;

export function checklistItemInput(code: string) {
  return {
    code, name: '测试事项', category: 'GENERAL', legalBasis: '《中华人民共和国产品质量法》第十五条', targetType: '生产企业',
    content: '产品质量抽查', method: 'ON_SITE', minRatio: 0.01, maxRatio: 0.05, frequency: '每年1次',
  };
}

export function inspectorInput(n: number) {
  return {
    name: `测试人员${n}`, gender: 'MALE', position: '科员', certificateNumber: `TEST${String(n).padStart(8, '0')}`, certificateExpiry: '2030-12-31',
    unit: '测试单位', phone: `139${String(10000000 + n).slice(-8)}`, idNumber: residentId(`36112919800101${String(n % 1000).padStart(3, '0')}`), expertise: ['食品安全'],
  };
}

/** A valid USCC nobody else uses (region 361129, organisation body from the counter). */
export function freshUscc(n: number): string {
  return makeUscc('91361129', `T${String(n).padStart(7, '0')}`);
}

export function targetInput(creditCode: string) {
  return { creditCode, name: '测试对象有限公司', industrySection: 'C', regionCode: '361129001', creditClass: 'B', tags: ['测试'] };
}

export class Caller {
  constructor(private hub: TestHub) {}
  private tokens = new Map<string, string>();
  async token(id: Identity): Promise<string> {
    const key = JSON.stringify(id);
    if (!this.tokens.has(key)) this.tokens.set(key, await this.hub.token(id));
    return this.tokens.get(key)!;
  }
  /** PUBLIC is sent without a token, as a browser would. */
  async as(id: Identity, query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> {
    return callGateway(this.hub.gatewayUrl, query, variables, id.role === 'PUBLIC' ? undefined : await this.token(id));
  }
  async ok(id: Identity, query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await this.as(id, query, variables);
    if (res.errors?.length || res.status !== 200) throw new Error(`${query.slice(0, 80)}: ${res.status} ${JSON.stringify(res.errors)}`);
    return res.data;
  }
  service = (query: string, variables: Record<string, unknown> = {}) => this.ok({ sub: 'fixture-service', role: 'SERVICE' }, query, variables);
  office = (query: string, variables: Record<string, unknown> = {}) => this.ok({ sub: 'fixture-office', role: 'JOINT_OFFICE' }, query, variables);
}

import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { INDUSTRY_SECTIONS } from '../../shared/domain';
import { conflict, notFound } from '../../shared/errors';
import type { JointContext } from './context';
import { requireJointOffice } from './joint.auth';
import { isUniqueViolation } from './joint.db';
import { MarketEntityConnection } from './market-entity.connection';
import { MarketEntity } from './market-entity.entity';
import {
  checkCreditCode,
  cleanMarketEntityFields,
  MarketEntityFilter,
  RegisterMarketEntityInput,
  UpdateMarketEntityInput,
} from './market-entity.inputs';
import { findMarketEntities } from './market-entity.query';

// Registry data is public registration information: every role may read it.
@Resolver(() => MarketEntity)
export class MarketEntityResolver {
  @Query(() => MarketEntity, { nullable: true })
  marketEntity(@Arg('creditCode') creditCode: string, @Ctx() { loaders }: JointContext): Promise<MarketEntity | null> {
    return loaders.marketEntityByCreditCode.load(creditCode.trim());
  }

  @Query(() => MarketEntityConnection, { description: '市场主体名录：search 匹配名称包含或信用代码前缀' })
  marketEntities(
    @Ctx() { em }: JointContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('filter', () => MarketEntityFilter, { nullable: true }) filter?: MarketEntityFilter,
  ): Promise<MarketEntityConnection> {
    return findMarketEntities(em, { first, after, search, filter });
  }

  @FieldResolver(() => String, { nullable: true, description: '行业门类名称' })
  industryName(@Root() m: MarketEntity): string | null {
    return m.industrySection ? (INDUSTRY_SECTIONS[m.industrySection] ?? null) : null;
  }

  @Mutation(() => MarketEntity, { description: '登记市场主体（联席会议办公室）' })
  async registerMarketEntity(@Arg('input') input: RegisterMarketEntityInput, @Ctx() { identity, em }: JointContext): Promise<MarketEntity> {
    requireJointOffice(identity);
    const creditCode = checkCreditCode(input.creditCode);
    const fields = cleanMarketEntityFields(input);
    try {
      return await em.transaction(async (tx) => {
        const repo = tx.getRepository(MarketEntity);
        if (await repo.existsBy({ creditCode })) throw conflict(`统一社会信用代码已登记：${creditCode}`);
        const now = new Date();
        const blank = {
          entityType: null, industrySection: null, regionCode: null, address: null, legalRepresentative: null,
          creditClass: null, hasComplaints: false, onAbnormalList: false, hasSeriousViolations: false,
        };
        return repo.save(repo.create({ ...blank, ...fields, creditCode, createdAt: now, updatedAt: now }));
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`统一社会信用代码已登记：${creditCode}`);
      throw e;
    }
  }

  @Mutation(() => MarketEntity, { description: '修改市场主体（联席会议办公室）；统一社会信用代码是主键，不可修改' })
  async updateMarketEntity(
    @Arg('creditCode') creditCode: string,
    @Arg('input') input: UpdateMarketEntityInput,
    @Ctx() { identity, em }: JointContext,
  ): Promise<MarketEntity> {
    requireJointOffice(identity);
    const fields = cleanMarketEntityFields(input);
    return em.transaction(async (tx) => {
      const repo = tx.getRepository(MarketEntity);
      const m = await repo.findOneBy({ creditCode: creditCode.trim() });
      if (!m) throw notFound('市场主体', creditCode);
      Object.assign(m, fields, { updatedAt: new Date() });
      return repo.save(m);
    });
  }
}

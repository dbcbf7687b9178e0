import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../../shared/errors';
import { isJointOffice, isService } from '../../shared/identity';
import type { JointContext } from './context';
import { CreditDeliverySummary, PendingCreditDelivery } from './credit-delivery.entity';
import { deliverPendingCreditChanges, pendingCreditDeliveries } from './credit-delivery.service';

function requireOffice(ctx: JointContext) {
  if (!isJointOffice(ctx.identity) && !isService(ctx.identity)) throw forbidden('只有联席会议办公室可以查看和同步信用分类调整的送达情况');
}

@Resolver()
export class CreditDeliveryResolver {
  @Query(() => [PendingCreditDelivery], { description: '各部门尚未同步到名录库的信用风险分类调整（只列有待同步的部门）' })
  pendingCreditDeliveries(@Ctx() ctx: JointContext) {
    requireOffice(ctx);
    return pendingCreditDeliveries(ctx.em);
  }

  @Mutation(() => CreditDeliverySummary, { description: '立即向各部门补发尚未同步的信用风险分类调整' })
  deliverCreditChanges(@Ctx() ctx: JointContext) {
    requireOffice(ctx);
    return deliverPendingCreditChanges(ctx);
  }
}

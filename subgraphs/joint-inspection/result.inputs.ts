import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { PublishedResult } from './result.entity';

@InputType({ description: '录入检查结果（谁检查、谁录入）' })
export class ResultInput {
  @Field(() => ID) taskId!: string;
  @Field() department!: string;
  @Field({ description: '本部门在该任务上的事项编号' }) itemCode!: string;
  @Field(() => [String], { description: '结果类别代码，可多选：NO_PROBLEM, UNPUBLISHED_INFO, FALSE_INFO, UNREACHABLE, REFUSED, CORRECTED, PENDING_FOLLOW_UP, NO_ACTIVITY' })
  categories!: string[];
  @Field({ description: '检查发现（公示时自动隐去身份证号、电话）' }) findings!: string;
  @Field({ description: '后续处理：NONE, ORDERED_TO_CORRECT, TRANSFER_DEPARTMENT, TRANSFER_POLICE, ABNORMAL_LIST' }) followUp!: string;
  @Field(() => [String], { nullable: true, description: '附件引用（文件编号或地址）' }) attachments?: string[] | null;
  @Field({ description: '实际检查日期 YYYY-MM-DD' }) inspectedOn!: string;
}

@InputType({ description: '更正已公示结果（生成新版本）' })
export class ResultCorrectionInput {
  @Field(() => [String], { nullable: true }) categories?: string[] | null;
  @Field({ nullable: true }) findings?: string;
  @Field({ nullable: true }) followUp?: string;
}

@ObjectType({ description: '公示结果（当前版本）及是否更正过' })
export class PublicResult {
  @Field(() => PublishedResult) current!: PublishedResult;
  @Field({ description: '是否发生过更正' }) corrected!: boolean;
  @Field(() => [PublishedResult], { description: '全部版本（含更正原因与批准人）' }) history!: PublishedResult[];
}

@ObjectType({ description: '结果录入期限' })
export class ResultDeadline {
  @Field(() => ID) taskId!: number;
  @Field() department!: string;
  @Field() creditCode!: string;
  @Field() entityName!: string;
  @Field({ description: '检查日期；未录入时按任务时间窗口结束日计算' }) visitDate!: string;
  @Field() dueDate!: string;
  @Field({ description: 'OVERDUE 已逾期 / DUE_SOON 即将到期 / ON_TIME' }) status!: string;
  @Field(() => Int, { description: '剩余工作日（逾期为负）' }) remainingWorkdays!: number;
  @Field(() => Int, { description: '尚未提交的事项数' }) openItems!: number;
}

@ObjectType()
export class DepartmentDeadlines {
  @Field() department!: string;
  @Field(() => Int) overdue!: number;
  @Field(() => Int) dueSoon!: number;
}

@InputType({ description: '修改工作日历的一天' })
export class CalendarDayInput {
  @Field() date!: string;
  @Field({ description: 'HOLIDAY 放假 / WORKDAY 调休上班 / NORMAL 恢复按周末规则' }) kind!: string;
  @Field({ nullable: true }) name?: string;
}

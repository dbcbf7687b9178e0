import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { badInput } from '../../shared/errors';
import { DEFAULT_MAX_TASKS_PER_ROUND, DEFAULT_TEAM_SIZE } from '../../shared/domain/matching';
import { checkDate, checkUscc } from '../../shared/validation';
import { Assignment } from './assignment.entity';
import { DepartmentArgs } from './department.args';
import { check, requireText, textList } from './department.validation';

@InputType({ description: '为联合检查任务选派本部门执法人员' })
export class MatchInput {
  @Field(() => ID) taskId!: string;
  @Field(() => ID) roundId!: string;
  @Field({ description: '被检查企业统一社会信用代码' }) creditCode!: string;
  @Field({ description: '检查日期（执法证须在该日有效）YYYY-MM-DD' }) visitDate!: string;
  @Field({ description: '轮次公开种子：选派顺序由它决定，任何人可复算' }) seed!: string;
  @Field({ description: '本部门为牵头部门：组长从本部门产生' }) leader!: boolean;
  @Field(() => [String], { description: '本部门在该任务上的事项编号（用于匹配业务专长）' }) itemCodes!: string[];
  @Field(() => Int, { nullable: true, description: `每部门人数，默认 ${DEFAULT_TEAM_SIZE}，最少 2` }) count?: number | null;
  @Field(() => Int, { nullable: true, description: `每人每轮任务上限，默认 ${DEFAULT_MAX_TASKS_PER_ROUND}` }) maxTasksPerRound?: number | null;
  @Field({ nullable: true, description: '回避该企业上次检查的人员，默认是' }) excludePrevious?: boolean;
}

@ArgsType()
export class MatchInspectorsArgs extends DepartmentArgs {
  @Field(() => MatchInput) input!: MatchInput;
}

@ArgsType()
export class ReplaceInspectorArgs extends DepartmentArgs {
  @Field(() => ID) taskId!: string;
  @Field(() => ID, { description: '退出的执法人员' }) inspectorId!: string;
  @Field({ description: '退出原因（必填，如：病假、发现利害关系）' }) reason!: string;
}

@ArgsType()
export class TaskArgs extends DepartmentArgs {
  @Field(() => ID) taskId!: string;
}

@ArgsType()
export class AssignmentsArgs extends DepartmentArgs {
  @Field(() => ID, { nullable: true }) taskId?: string | null;
  @Field(() => ID, { nullable: true }) roundId?: string | null;
  @Field(() => ID, { nullable: true }) inspectorId?: string | null;
}

@ObjectType({ description: '本部门在一个任务上的选派结果' })
export class MatchResult {
  @Field(() => ID) taskId!: string;
  @Field({ description: 'MATCHED 已配齐 / UNDERSTAFFED 人员不足（见 problems）' }) status!: string;
  @Field(() => [String]) problems!: string[];
  @Field({ description: '选派算法版本' }) algorithmVersion!: string;
  @Field(() => [Assignment], { description: '全部选派记录（含已递补者）' }) assignments!: Assignment[];
}

export interface MatchValues {
  taskId: string;
  roundId: string;
  creditCode: string;
  visitDate: string;
  seed: string;
  leader: boolean;
  itemCodes: string[];
  teamSize: number;
  maxTasksPerRound: number;
  excludePrevious: boolean;
}

function boundedInt(field: string, value: number | null | undefined, fallback: number, min: number, max: number): number {
  if (value == null) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `应为 ${min}–${max} 的整数`);
  return value;
}

export function validateMatch(input: MatchInput): MatchValues {
  return {
    taskId: requireText('taskId', input.taskId, 40),
    roundId: requireText('roundId', input.roundId, 40),
    creditCode: check('creditCode', input.creditCode, checkUscc),
    visitDate: check('visitDate', input.visitDate, checkDate),
    seed: requireText('seed', input.seed, 200),
    leader: input.leader,
    itemCodes: textList('itemCodes', input.itemCodes, 50, 32),
    // Two inspectors per visit is the rule (docs/domain.md rule 6): a smaller team is refused, not matched.
    teamSize: boundedInt('count', input.count, DEFAULT_TEAM_SIZE, 2, 10),
    maxTasksPerRound: boundedInt('maxTasksPerRound', input.maxTasksPerRound, DEFAULT_MAX_TASKS_PER_ROUND, 1, 200),
    excludePrevious: input.excludePrevious ?? true,
  };
}

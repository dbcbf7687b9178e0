import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROUND_STATES = ['OPEN', 'COMMITTED', 'SNAPSHOT_TAKEN', 'REVEALED', 'DRAWN'] as const;
export type RoundState = (typeof ROUND_STATES)[number];
export const RoundStateEnum = Object.fromEntries(ROUND_STATES.map((s) => [s, s])) as { [K in RoundState]: K };
registerEnumType(RoundStateEnum, {
  name: 'RoundState',
  description: '摇号轮次：已开启 → 已承诺种子 → 已冻结名录 → 已揭示种子 → 已抽取（锁定）',
});

export const DrawModeEnum = { COORDINATED: 'COORDINATED', INDEPENDENT: 'INDEPENDENT' } as const;
export type DrawModeName = keyof typeof DrawModeEnum;
registerEnumType(DrawModeEnum, { name: 'DrawMode', description: '协调抽样（共享永久随机数）/ 独立抽样（每个计划加盐）' });

export const SeedSourceEnum = { GENERATED: 'GENERATED', EXTERNAL: 'EXTERNAL' } as const;
export type SeedSource = keyof typeof SeedSourceEnum;
registerEnumType(SeedSourceEnum, { name: 'SeedSource', description: '系统生成并密封 / 外部公开值（如彩票开奖结果）' });

/** A draw round over approved plans: commit → snapshot → reveal → draw. */
@ObjectType({ description: '摇号轮次' })
@Entity({ name: 'draw_round' })
export class DrawRound {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field({ description: '如 2026-Q3' })
  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Field(() => Int)
  @Column({ type: 'integer' })
  year!: number;

  @Field(() => DrawModeEnum)
  @Column({ type: 'varchar', length: 12 })
  mode!: DrawModeName;

  @Field(() => Float, { description: '本轮起点 start ∈ [0,1)：各部门相同，轮次之间移动以分散全年检查' })
  @Column({ name: 'start_point', type: 'double' })
  startPoint!: number;

  @Field(() => [ID])
  @Column({ name: 'plan_ids', type: 'simple-json' })
  planIds!: number[];

  @Field(() => RoundStateEnum)
  @Column({ type: 'varchar', length: 16 })
  state!: RoundState;

  @Field(() => SeedSourceEnum, { nullable: true })
  @Column({ name: 'seed_source', type: 'varchar', length: 10, nullable: true })
  seedSource!: SeedSource | null;

  @Field(() => String, { nullable: true, description: '种子承诺值 SHA-256(seed)（外部种子在揭示时计算）' })
  @Column({ name: 'seed_commitment', type: 'varchar', length: 64, nullable: true })
  seedCommitment!: string | null;

  @Field(() => String, { nullable: true, description: '外部种子来源说明，如“2026-07-01 福彩3D开奖号码”' })
  @Column({ name: 'seed_description', type: 'varchar', length: 300, nullable: true })
  seedDescription!: string | null;

  /** Generated seeds stay sealed here until reveal; never a GraphQL field. */
  @Column({ name: 'sealed_seed', type: 'varchar', length: 200, nullable: true })
  sealedSeed!: string | null;

  @Field(() => String, { nullable: true, description: '已揭示的种子（揭示前为空）' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  seed!: string | null;

  @Field()
  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Field()
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field()
  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}

@ObjectType({ description: '名录快照中的对象（冻结时的信用风险分类与风险标记）' })
export class SnapshotMember {
  @Field() creditCode!: string;
  @Field() creditClass!: string;
  @Field(() => Boolean, { nullable: true, description: '有风险标记（按风险对象比例单独分层抽取）' }) risk?: boolean;
}

/** A plan's frozen pool for one round (taken before the seed is revealed). */
@ObjectType({ description: '冻结的名录快照' })
@Entity({ name: 'pool_snapshot' })
export class PoolSnapshot {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID)
  @Column({ name: 'round_id', type: 'integer' })
  roundId!: number;

  @Field(() => ID)
  @Column({ name: 'plan_id', type: 'integer' })
  planId!: number;

  @Field({ description: '名录哈希：v2 为 SHA-256（按信用代码排序的“代码⇥分类⇥风险标记”行，以换行连接），见 docs/draw-algorithm.md' })
  @Column({ name: 'pool_hash', type: 'varchar', length: 64 })
  poolHash!: string;

  @Field({ description: '冻结时使用的抽取算法版本' })
  @Column({ name: 'algorithm_version', type: 'varchar', length: 20, default: 'prn-sha256-v1' })
  algorithmVersion!: string;

  /** The risk strata's ratios, fixed with the snapshot so no rule change after the reveal can alter them. */
  @Column({ name: 'risk_ratios', type: 'simple-json', nullable: true })
  riskRatios!: Record<string, number> | null;

  @Field(() => Int)
  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'simple-json' })
  members!: SnapshotMember[];

  @Field()
  @Column({ name: 'taken_at', type: 'datetime' })
  takenAt!: Date;
}

/** A locked draw: every public input and the result. A redraw is a new row with seq + 1 and a reason. */
@ObjectType({ description: '抽取记录（锁定，不可更改）' })
@Entity({ name: 'draw' })
export class Draw {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Field(() => ID)
  @Column({ name: 'round_id', type: 'integer' })
  roundId!: number;

  @Field(() => ID)
  @Column({ name: 'plan_id', type: 'integer' })
  planId!: number;

  @Field(() => Int, { description: '1 = 首次抽取；2 起为重新抽取' })
  @Column({ type: 'integer' })
  seq!: number;

  @Field(() => String, { nullable: true, description: '重新抽取的原因' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  /** The full public record (JSON); exportJson serves it verbatim. */
  @Column({ type: 'simple-json' })
  record!: Record<string, unknown>;

  /** The verdict of verifyDraw at lock (anchored to the snapshot's published hash); null for draws locked before it was kept. */
  @Column({ type: 'simple-json', nullable: true })
  verification!: { ok: boolean; reason?: string | null; firstDifference?: string | null } | null;

  @Field({ description: 'SHA-256(记录的规范 JSON)，同时写入审计链' })
  @Column({ name: 'record_hash', type: 'varchar', length: 64 })
  recordHash!: string;

  @Field()
  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @Field()
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}

import { Args, ArgsType, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { decodeUpload, ImportModeEnum, ImportReportType } from '../../shared/import-graphql';
import { MAX_REPORTED_ISSUES, type ImportMode } from '../../shared/io/import';
import type { ImportKind } from '../../shared/io/kinds';
import type { DepartmentContext } from './context';
import { DepartmentArgs } from './department.args';
import { assertOwnDepartment, requireWrite } from './department.guards';
import { importDepartmentFile } from './import.service';

@ArgsType()
class ImportFileArgs extends DepartmentArgs {
  @Field({ description: 'pool 检查对象名录库、inspectors 执法检查人员名录库、checklist 随机抽查事项清单' }) kind!: string;
  @Field({ description: '文件名（据扩展名区分 .xlsx / .csv）' }) fileName!: string;
  @Field({ description: '文件内容，base64，最大约3.5 MB' }) contentBase64!: string;
  @Field(() => ImportModeEnum, { nullable: true }) mode?: ImportMode | null;
  @Field(() => Boolean, { nullable: true, description: '只检查不写入' }) dryRun?: boolean | null;
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: '导入 Excel（.xlsx）或 CSV（UTF-8 / GB18030）；按中文表头对应列（模板见网关 /templates/<kind>.xlsx）；默认任一行有误则整个文件不写入',
  })
  importFile(@Args(() => ImportFileArgs) { department, kind, fileName, contentBase64, mode, dryRun }: ImportFileArgs, @Ctx() ctx: DepartmentContext) {
    assertOwnDepartment(ctx, department);
    requireWrite(ctx);
    return importDepartmentFile(ctx, kind as ImportKind, decodeUpload(contentBase64), fileName, {
      mode: mode ?? 'ALL_OR_NOTHING',
      dryRun: !!dryRun,
      maxIssues: MAX_REPORTED_ISSUES,
    });
  }
}

import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { decodeUpload, ImportModeEnum, ImportReportType } from '../../shared/import-graphql';
import { MAX_REPORTED_ISSUES, type ImportMode } from '../../shared/io/import';
import type { ImportKind } from '../../shared/io/kinds';
import type { DepartmentContext } from './context';
import { assertOwnDepartment, requireWrite } from './department.guards';
import { importDepartmentFile } from './import.service';

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: '导入 Excel（.xlsx）或 CSV（UTF-8 / GB18030）：kind 为 pool 检查对象、inspectors 执法检查人员、checklist 抽查事项；按中文表头对应列（模板见网关 /templates/<kind>.xlsx）',
  })
  importFile(
    @Arg('department', { description: '部门代码：网关据此路由，非本实例的部门报 MISROUTED' }) department: string,
    @Arg('kind') kind: string,
    @Arg('fileName', { description: '文件名（据扩展名区分 .xlsx / .csv）' }) fileName: string,
    @Arg('contentBase64', { description: '文件内容，base64，最大约3.5 MB' }) contentBase64: string,
    @Arg('mode', () => ImportModeEnum, { nullable: true }) mode: ImportMode | null,
    @Arg('dryRun', () => Boolean, { nullable: true, description: '只检查不写入' }) dryRun: boolean | null,
    @Ctx() ctx: DepartmentContext,
  ) {
    assertOwnDepartment(ctx, department);
    requireWrite(ctx);
    return importDepartmentFile(ctx, kind as ImportKind, decodeUpload(contentBase64), fileName, {
      mode: mode ?? 'ALL_OR_NOTHING',
      dryRun: !!dryRun,
      maxIssues: MAX_REPORTED_ISSUES,
    });
  }
}

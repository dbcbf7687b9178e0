import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { decodeUpload, ImportModeEnum, ImportReportType } from '../../shared/import-graphql';
import { MAX_REPORTED_ISSUES, type ImportMode } from '../../shared/io/import';
import type { JointContext } from './context';
import { requireJointOffice } from './joint.auth';
import { importMarketEntitiesFile } from './import.service';

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: '导入市场主体名录（联席会议办公室）：Excel（.xlsx）或 CSV（UTF-8 / GB18030），按统一社会信用代码新增或更新；模板见网关 /templates/entities.xlsx',
  })
  importMarketEntities(
    @Arg('fileName') fileName: string,
    @Arg('contentBase64', { description: '文件内容，base64，最大约3.5 MB' }) contentBase64: string,
    @Arg('mode', () => ImportModeEnum, { nullable: true }) mode: ImportMode | null,
    @Arg('dryRun', () => Boolean, { nullable: true, description: '只检查不写入' }) dryRun: boolean | null,
    @Ctx() { identity, em, loaders }: JointContext,
  ) {
    requireJointOffice(identity);
    const report = importMarketEntitiesFile(identity, em, decodeUpload(contentBase64), fileName, {
      mode: mode ?? 'ALL_OR_NOTHING',
      dryRun: !!dryRun,
      maxIssues: MAX_REPORTED_ISSUES,
    });
    return report.then((r) => {
      loaders.marketEntityByCreditCode.clearAll();
      return r;
    });
  }
}

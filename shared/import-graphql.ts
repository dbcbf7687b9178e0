// GraphQL shape of an import report, used by the department and joint-inspection subgraphs alike
// (@shareable: both resolve the same value type, which composition requires to be declared so).
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { badInput } from './errors';
import { IMPORT_MODES, type ImportMode } from './io/import';

export const ImportModeEnum = Object.fromEntries(IMPORT_MODES.map((m) => [m, m])) as { [K in ImportMode]: K };
registerEnumType(ImportModeEnum, {
  name: 'ImportMode',
  description: 'ALL_OR_NOTHING 任一行有误则整个文件不写入（默认）；VALID_ROWS 仅导入正确的行',
});

/** Decoded file size cap over GraphQL (base64 adds a third; the subgraphs accept 5 MB bodies). Larger: `npm run import`. */
export const MAX_UPLOAD_BYTES = 3_500_000;

@Directive('@shareable')
@ObjectType({ description: '被拒绝的一行中的一个问题' })
export class ImportIssueType {
  @Field(() => Int, { description: '行号（与 Excel 中一致，表头为第1行）' }) row!: number;
  @Field({ description: '列名' }) column!: string;
  @Field({ description: '原因' }) reason!: string;
}

@Directive('@shareable')
@ObjectType({ description: '导入结果报告' })
export class ImportReportType {
  @Field() kind!: string;
  @Field() fileName!: string;
  @Field({ description: 'csv 或 xlsx' }) format!: string;
  @Field(() => String, { nullable: true, description: 'CSV 的字符编码（utf-8、gb18030 …）' }) encoding!: string | null;
  @Field(() => ImportModeEnum) mode!: ImportMode;
  @Field() dryRun!: boolean;
  @Field(() => Int) totalRows!: number;
  @Field(() => Int) acceptedRows!: number;
  @Field(() => Int) rejectedRows!: number;
  @Field(() => Int, { description: '问题总数（issues 最多列出1000条）' }) issueCount!: number;
  @Field(() => [ImportIssueType]) issues!: ImportIssueType[];
  @Field(() => [String]) warnings!: string[];
  @Field({ description: '是否已写入' }) committed!: boolean;
  @Field(() => Int) added!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field() message!: string;
}

export function decodeUpload(contentBase64: string): Buffer {
  if (contentBase64.length > Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 4) {
    throw badInput('contentBase64', `文件超过 ${(MAX_UPLOAD_BYTES / 1e6).toFixed(1)} MB，请拆分文件或使用命令行导入（npm run import）`);
  }
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(contentBase64)) throw badInput('contentBase64', '应为 base64 编码的文件内容');
  const buf = Buffer.from(contentBase64, 'base64');
  if (buf.length === 0) throw badInput('contentBase64', '文件是空的');
  return buf;
}

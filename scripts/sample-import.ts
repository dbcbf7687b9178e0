// npm run sample-import -- [--rows 100000] [--out pool-100k.csv] [--encoding gb18030|utf-8]
// Writes a valid target-pool file (.csv or .xlsx by extension) to try and time `npm run import`.
import { writeFileSync } from 'node:fs';
import { samplePoolRows } from '../shared/io/sample';
import { sheetToCsv, sheetsToXlsx } from '../shared/io/sheet';

async function main(argv: string[]) {
  const get = (flag: string, dflt: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
  };
  const rows = Number(get('--rows', '100000'));
  const out = get('--out', `pool-${rows}.csv`);
  const encoding = get('--encoding', 'gb18030') as 'gb18030' | 'utf-8';
  const data = samplePoolRows(rows);
  const sheet = { name: '检查对象名录库', headers: data.headers, rows: data.rows };
  writeFileSync(out, out.endsWith('.xlsx') ? await sheetsToXlsx([sheet]) : sheetToCsv(sheet, encoding));
  console.log(`已写出 ${rows} 行：${out}${out.endsWith('.xlsx') ? '' : `（${encoding}）`}`);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});

// Synthetic but valid spreadsheets for the import: used by tests and to time a 100,000-row file.
import { makeUscc } from '../validation';
import { KINDS } from './kinds';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SECTIONS = ['C', 'F', 'H', 'I', 'L', 'O'];
const TOWNS = ['陈营镇', '石镇镇', '梓埠镇', '大源镇', '裴梅镇', '珠田乡'];

/** The n-th of a deterministic series of valid USCCs (91 + county 361129 + MA + 6 symbols). */
export function sampleUscc(n: number): string {
  let body = '';
  for (let i = 0, x = n; i < 6; i++, x = Math.floor(x / 31)) body = CHARSET[x % 31] + body;
  return makeUscc('91361129', `MA${body}`);
}

/** Rows of a target-pool file with the template's headers; `start` offsets the series. */
export function samplePoolRows(count: number, start = 0): { headers: string[]; rows: string[][] } {
  const headers = KINDS.pool.columns.map((c) => c.header);
  const rows: string[][] = [];
  for (let i = start; i < start + count; i++) {
    const town = TOWNS[i % TOWNS.length];
    rows.push([
      sampleUscc(i),
      `万年县${town}示例${i}号商贸有限公司`,
      SECTIONS[i % SECTIONS.length],
      '361129',
      'ABCD'[i % 7 === 0 ? 2 : i % 3 === 0 ? 0 : 1],
      i % 5 === 0 ? `JY1361129${String(i).padStart(7, '0')}` : '',
      '',
      i % 4 === 0 ? '餐饮；学校周边' : '',
    ]);
  }
  return { headers, rows };
}

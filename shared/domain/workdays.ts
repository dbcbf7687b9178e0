// Working days for result deadlines (检查后20个工作日): weekends and public holidays are skipped, make-up
// working days (调休) count. The official calendar ships as data; the joint office's edits go on top.
import data from '../data/holidays-cn.json';

export interface Calendar {
  holidays: Set<string>;
  workdays: Set<string>;
}
export type CalendarEntryKind = 'HOLIDAY' | 'WORKDAY';

export const RESULT_DEADLINE_WORKDAYS = 20;
export const DUE_SOON_WORKDAYS = 5;

interface YearData {
  status: string;
  notice?: string;
  note?: string;
  holidays: { date: string; name: string }[];
  workdays: { date: string; name: string }[];
}
const YEARS = (data as { years: Record<string, YearData> }).years;

export const CALENDAR_SOURCE: { source: string; years: Record<string, { status: string; notice?: string; note?: string }> } = {
  source: (data as { source: string }).source,
  years: Object.fromEntries(Object.entries(YEARS).map(([y, v]) => [y, { status: v.status, notice: v.notice, note: v.note }])),
};

const DAY = 86_400_000;

// UTC throughout: a local time zone must never move a date by one day.
function toDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(t).toISOString().slice(0, 10) !== date) throw new Error(`日期格式应为 YYYY-MM-DD 且为真实日期：${date}`);
  return t / DAY;
}
const fromDay = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

export function calendarFrom(entries: { date: string; kind: CalendarEntryKind }[]): Calendar {
  const cal: Calendar = { holidays: new Set(), workdays: new Set() };
  for (const e of entries) {
    toDay(e.date);
    (e.kind === 'HOLIDAY' ? cal.holidays : cal.workdays).add(e.date);
  }
  return cal;
}

/** A fresh copy each call: callers layer their edits on it. */
export function loadDefaultCalendar(): Calendar {
  return calendarFrom(
    Object.values(YEARS).flatMap((y) => [
      ...y.holidays.map((h) => ({ date: h.date, kind: 'HOLIDAY' as const })),
      ...y.workdays.map((w) => ({ date: w.date, kind: 'WORKDAY' as const })),
    ]),
  );
}

function isWorkdayN(day: number, cal: Calendar): boolean {
  const date = fromDay(day);
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(day * DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

export function isWorkday(date: string, cal: Calendar): boolean {
  return isWorkdayN(toDay(date), cal);
}

/** The n-th working day strictly after `date` (n = 0 → the date itself). */
export function addWorkdays(date: string, n: number, cal: Calendar): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`工作日数应为非负整数：${n}`);
  let day = toDay(date);
  for (let left = n; left > 0; ) if (isWorkdayN(++day, cal)) left--;
  return fromDay(day);
}

/** Working days in (from, to]; negative (the count in (to, from]) when `to` is earlier. */
export function workdaysBetween(from: string, to: string, cal: Calendar): number {
  const a = toDay(from);
  const b = toDay(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = lo + 1; d <= hi; d++) if (isWorkdayN(d, cal)) n++;
  return sign * n;
}

export function resultDueDate(visitDate: string, cal: Calendar, workdays = RESULT_DEADLINE_WORKDAYS): string {
  return addWorkdays(visitDate, workdays, cal);
}

export function deadlineStatus(due: string, today: string, cal: Calendar): { status: 'OVERDUE' | 'DUE_SOON' | 'ON_TIME'; remainingWorkdays: number } {
  const remainingWorkdays = workdaysBetween(today, due, cal);
  if (toDay(today) > toDay(due)) return { status: 'OVERDUE', remainingWorkdays };
  return { status: remainingWorkdays <= DUE_SOON_WORKDAYS ? 'DUE_SOON' : 'ON_TIME', remainingWorkdays };
}

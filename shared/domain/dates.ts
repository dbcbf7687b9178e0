// Calendar-date windows ('YYYY-MM-DD', both ends inclusive, local calendar dates — no time zones involved).

import { checkDate } from '../validation';

export interface DateWindow {
  start: string;
  end: string;
}

export function assertDate(s: string, what: string): void {
  const problem = checkDate(s);
  if (problem) throw new Error(`${what}：${problem}（${String(s)}）`);
}

export function assertWindow(w: DateWindow, what: string): void {
  if (!w || typeof w !== 'object') throw new Error(`${what}缺失`);
  assertDate(w.start, `${what}开始日期`);
  assertDate(w.end, `${what}结束日期`);
  // Valid ISO dates compare correctly as strings.
  if (w.start > w.end) throw new Error(`${what}开始日期晚于结束日期：${w.start} 至 ${w.end}`);
}

/** Inclusive windows overlap when each starts no later than the other ends (sharing one day counts). */
export function windowsOverlap(a: DateWindow, b: DateWindow): boolean {
  assertWindow(a, '时间窗');
  assertWindow(b, '时间窗');
  return a.start <= b.end && b.start <= a.end;
}

/** The common part of overlapping windows, or null. */
export function intersectWindows(a: DateWindow, b: DateWindow): DateWindow | null {
  if (!windowsOverlap(a, b)) return null;
  return { start: a.start > b.start ? a.start : b.start, end: a.end < b.end ? a.end : b.end };
}

function toUtc(s: string): number {
  return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
}

/** Number of days in the window, both ends included. */
export function windowDays(w: DateWindow): number {
  assertWindow(w, '时间窗');
  return Math.round((toUtc(w.end) - toUtc(w.start)) / 86_400_000) + 1;
}

/** Days of the window falling in each calendar month (1–12), summed over years. */
export function daysPerMonth(w: DateWindow): Map<number, number> {
  assertWindow(w, '时间窗');
  const out = new Map<number, number>();
  const end = toUtc(w.end);
  for (let t = toUtc(w.start); t <= end; t += 86_400_000) {
    const m = new Date(t).getUTCMonth() + 1;
    out.set(m, (out.get(m) ?? 0) + 1);
  }
  return out;
}

import data from '../../shared/data/holidays-cn.json';
import {
  CALENDAR_SOURCE, addWorkdays, calendarFrom, deadlineStatus, isWorkday, loadDefaultCalendar, resultDueDate, workdaysBetween,
} from '../../shared/domain/workdays';

const cal = loadDefaultCalendar();

describe('working days', () => {
  test('weekends are skipped, make-up days (调休) count, holidays do not', () => {
    expect(isWorkday('2026-07-03', cal)).toBe(true); // Friday
    expect(isWorkday('2026-07-04', cal)).toBe(false); // Saturday
    expect(isWorkday('2025-01-26', cal)).toBe(true); // Sunday, Spring Festival make-up day
    expect(isWorkday('2025-02-08', cal)).toBe(true); // Saturday, make-up day
    expect(isWorkday('2025-01-28', cal)).toBe(false); // 除夕, Tuesday
    expect(isWorkday('2025-10-08', cal)).toBe(false); // Wednesday inside National Day
    expect(isWorkday('2026-02-23', cal)).toBe(false); // Monday, last day of Spring Festival 2026
    expect(isWorkday('2026-10-10', cal)).toBe(true); // Saturday, make-up day
    expect(addWorkdays('2026-07-03', 1, cal)).toBe('2026-07-06');
    expect(addWorkdays('2026-07-03', 0, cal)).toBe('2026-07-03');
  });

  // Each expected date below was counted by hand; the comment lists the count.
  test.each([
    // Jul 3 = 1, Jul 6–10 = 2–6, 13–17 = 7–11, 20–24 = 12–16, 27–30 = 17–20 (no holidays in July 2026)
    ['2026-07-02', '2026-07-30'],
    // 9/28 Sun make-up = 1, 9/29–30 = 2–3, 10/1–8 off, 10/9–10 = 4–5, 10/11 Sat make-up = 6, 10/13–17 = 7–11, 10/20–24 = 12–16, 10/27–30 = 17–20
    ['2025-09-26', '2025-10-30'],
    // 1/26 Sun make-up = 1, 1/27 = 2, 1/28–2/4 off, 2/5–7 = 3–5, 2/8 Sat make-up = 6, 2/10–14 = 7–11, 2/17–21 = 12–16, 2/24–27 = 17–20
    ['2025-01-24', '2025-02-27'],
    // 2/11–13 = 1–3, 2/14 Sat make-up = 4, 2/15–23 off, 2/24–27 = 5–8, 2/28 Sat make-up = 9, 3/2–6 = 10–14, 3/9–13 = 15–19, 3/16 = 20
    ['2026-02-10', '2026-03-16'],
    // 9/20 Sun make-up = 1, 9/21–24 = 2–5, 9/25 中秋 off, 9/28–30 = 6–8, 10/1–7 off, 10/8–9 = 9–10, 10/10 Sat make-up = 11, 10/12–16 = 12–16, 10/19–22 = 17–20
    ['2026-09-18', '2026-10-22'],
    // A visit on a holiday counts from the next working day: 10/8–9 = 1–2, 10/10 = 3, 10/12–16 = 4–8, 19–23 = 9–13, 26–30 = 14–18, 11/2–3 = 19–20
    ['2026-10-03', '2026-11-03'],
  ])('a visit on %s is due on %s (20 working days)', (visit, due) => {
    expect(resultDueDate(visit, cal)).toBe(due);
    expect(workdaysBetween(visit, due, cal)).toBe(20);
  });

  test('an edited calendar moves the deadline', () => {
    const edited = loadDefaultCalendar();
    edited.holidays.add('2026-07-06');
    expect(resultDueDate('2026-07-02', edited)).toBe('2026-07-31');
    expect(resultDueDate('2026-07-02', loadDefaultCalendar())).toBe('2026-07-30'); // copies are independent
    const custom = calendarFrom([{ date: '2026-07-04', kind: 'WORKDAY' }]);
    expect(addWorkdays('2026-07-03', 1, custom)).toBe('2026-07-04');
  });

  test('deadline status: overdue, due soon, on time, with signed remaining working days', () => {
    expect(deadlineStatus('2026-07-30', '2026-08-03', cal)).toEqual({ status: 'OVERDUE', remainingWorkdays: -2 });
    expect(deadlineStatus('2026-07-30', '2026-07-30', cal)).toEqual({ status: 'DUE_SOON', remainingWorkdays: 0 });
    expect(deadlineStatus('2026-07-30', '2026-07-23', cal)).toEqual({ status: 'DUE_SOON', remainingWorkdays: 5 });
    expect(deadlineStatus('2026-07-30', '2026-07-22', cal)).toEqual({ status: 'ON_TIME', remainingWorkdays: 6 });
  });

  test('malformed or impossible dates are refused', () => {
    expect(() => resultDueDate('2026-02-30', cal)).toThrow('真实日期');
    expect(() => resultDueDate('2026/07/02', cal)).toThrow('YYYY-MM-DD');
    expect(() => addWorkdays('2026-07-02', -1, cal)).toThrow();
  });

  test('the shipped calendar: 2025–2026 official, 2027 provisional; make-up days are weekends; no day is both', () => {
    expect(CALENDAR_SOURCE.years['2025'].status).toBe('official');
    expect(CALENDAR_SOURCE.years['2026'].status).toBe('official');
    expect(CALENDAR_SOURCE.years['2027'].status).toBe('provisional');
    for (const year of Object.values(data.years)) {
      for (const w of year.workdays) expect([0, 6]).toContain(new Date(`${w.date}T00:00:00Z`).getUTCDay());
      for (const h of year.holidays) expect(year.workdays.some((w) => w.date === h.date)).toBe(false);
    }
    expect(cal.holidays.has('2027-02-05')).toBe(true); // 除夕 is a statutory holiday from 2025
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  HOLIDAY_DATA_YEARS,
  addDuration,
  addWorkingDays,
  chineseDate,
  isBeyondHolidayData,
  isWorkingDay,
  nextWorkingDay,
  parseLocalDate,
  shanghaiParts,
  todayInShanghai,
  workingDaysBetween,
} from '../src/calendar.js';

// Every expected date below is computed by hand from the State Council's published arrangements
// (国务院办公厅关于20XX年部分节假日安排的通知), not from the code.

describe('2024 arrangements', () => {
  // 春节: 02-10 (Sat) .. 02-17 off; 02-04 (Sun) and 02-18 (Sun) are working days.
  it('春节 2024: Thu 02-08 + 5 working days = 02-21 (02-09, 02-18 Sun, 02-19, 02-20, 02-21)', () => {
    expect(addWorkingDays('2024-02-08', 5)).toEqual({ date: '2024-02-21', provisional: false });
  });
  it('春节 2024: the 调休 Sunday 02-04 is the next working day after Fri 02-02', () => {
    expect(addWorkingDays('2024-02-02', 1).date).toBe('2024-02-04');
    expect(isWorkingDay('2024-02-04')).toBe(true);
    expect(isWorkingDay('2024-02-12')).toBe(false); // a Monday inside the holiday
  });
  // 国庆: 10-01 .. 10-07 off; 09-29 (Sun) and 10-12 (Sat) are working days.
  it('国庆 2024: Fri 09-27 + 10 working days = 10-16', () => {
    // 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 (Sat), 10-14, 10-15, 10-16
    expect(addWorkingDays('2024-09-27', 10)).toEqual({ date: '2024-10-16', provisional: false });
  });
  it('国庆 2024: 09-29 Sun and 10-12 Sat work, 10-07 Mon and 10-13 Sun do not', () => {
    expect([isWorkingDay('2024-09-29'), isWorkingDay('2024-10-12')]).toEqual([true, true]);
    expect([isWorkingDay('2024-10-07'), isWorkingDay('2024-10-13')]).toEqual([false, false]);
  });
  it('国庆 2024: only 10-08 is a working day after 09-30 up to 10-08', () => {
    expect(workingDaysBetween('2024-09-30', '2024-10-08')).toBe(1);
    expect(workingDaysBetween('2024-09-27', '2024-10-16')).toBe(10);
  });
});

describe('2025 arrangements', () => {
  // 春节: 01-28 (Tue) .. 02-04 (Tue) off; 01-26 (Sun) and 02-08 (Sat) are working days.
  it('春节 2025: Fri 01-24 + 3 working days = 02-05 (01-26 Sun, 01-27, 02-05)', () => {
    expect(addWorkingDays('2025-01-24', 3)).toEqual({ date: '2025-02-05', provisional: false });
  });
  it('春节 2025: Fri 01-24 + 6 working days = Sat 02-08', () => {
    expect(addWorkingDays('2025-01-24', 6).date).toBe('2025-02-08');
  });
  it('春节 2025: the next working day after 01-27 is 02-05', () => {
    expect(nextWorkingDay('2025-01-27').date).toBe('2025-02-05');
  });
  // 国庆+中秋: 10-01 .. 10-08 off; 09-28 (Sun) and 10-11 (Sat) are working days.
  it('国庆 2025: Fri 09-26 + 5 = 10-10, + 6 = Sat 10-11, + 7 = Mon 10-13', () => {
    expect(addWorkingDays('2025-09-26', 5).date).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-26', 6).date).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-26', 7).date).toBe('2025-10-13');
    expect(workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7);
  });
  it('国庆 2025: 10-08 Wed is a holiday', () => {
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
  });
});

describe('2026 arrangements (from the package data, checked against 国办发明电〔2025〕7号)', () => {
  // 春节: 02-15 (Sun) .. 02-23 (Mon) off; 02-14 (Sat) and 02-28 (Sat) are working days.
  it('春节 2026: Thu 02-12 + 2 = Sat 02-14, + 3 = 02-24, + 7 = Sat 02-28, + 8 = Mon 03-02', () => {
    expect(addWorkingDays('2026-02-12', 2).date).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-12', 3).date).toBe('2026-02-24');
    expect(addWorkingDays('2026-02-12', 7).date).toBe('2026-02-28');
    expect(addWorkingDays('2026-02-12', 8)).toEqual({ date: '2026-03-02', provisional: false });
  });
  // 中秋 09-25 .. 09-27 off; 国庆 10-01 .. 10-07 off; 09-20 (Sun) and 10-10 (Sat) are working days.
  it('国庆 2026: Thu 09-24 + 1 = 09-28, + 4 = 10-08, + 6 = Sat 10-10, + 7 = 10-12', () => {
    expect(addWorkingDays('2026-09-24', 1).date).toBe('2026-09-28');
    expect(addWorkingDays('2026-09-24', 4).date).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-24', 6).date).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-24', 7).date).toBe('2026-10-12');
  });
  it('国庆 2026: the 调休 Sunday 09-20 follows Fri 09-18', () => {
    expect(nextWorkingDay('2026-09-18').date).toBe('2026-09-20');
  });
});

describe('counting convention', () => {
  it('n = 0 returns the trigger day itself, even a holiday', () => {
    expect(addWorkingDays('2025-10-03', 0)).toEqual({ date: '2025-10-03', provisional: false });
  });
  it('a negative count goes back: 1 working day before Wed 10-09-2024 is 10-08, 2 before is Mon 09-30', () => {
    expect(addWorkingDays('2024-10-09', -1).date).toBe('2024-10-08');
    expect(addWorkingDays('2024-10-09', -2).date).toBe('2024-09-30');
    expect(workingDaysBetween('2024-10-09', '2024-09-30')).toBe(-2);
  });
  it('calendar days are not moved off a holiday: 2024-09-27 + 10 days = 2024-10-07', () => {
    expect(addDuration('2024-09-27', { amount: 10, unit: 'days' })).toEqual({ date: '2024-10-07', provisional: false });
  });
  it('working_days in addDuration is addWorkingDays', () => {
    expect(addDuration('2024-09-27', { amount: 10, unit: 'working_days' }).date).toBe('2024-10-16');
  });
  it('rejects malformed and impossible dates', () => {
    expect(() => parseLocalDate('2025-02-30')).toThrow();
    expect(() => addWorkingDays('2025/01/02', 1)).toThrow();
    expect(() => isWorkingDay('2025-1-2')).toThrow();
  });
  it('renders a date in Chinese', () => {
    expect(chineseDate('2025-05-08')).toBe('2025年5月8日');
  });
});

describe('months and years clamp to the end of the month', () => {
  it('2026-08-31 + 6 months = 2027-02-28', () => {
    expect(addDuration('2026-08-31', { amount: 6, unit: 'months' }).date).toBe('2027-02-28');
  });
  it('2023-08-31 + 6 months = 2024-02-29 (leap year)', () => {
    expect(addDuration('2023-08-31', { amount: 6, unit: 'months' }).date).toBe('2024-02-29');
  });
  it('2024-01-31 + 1 month = 2024-02-29; 2025-03-31 + 3 months = 2025-06-30; 2024-05-15 + 3 months = 2024-08-15', () => {
    expect(addDuration('2024-01-31', { amount: 1, unit: 'months' }).date).toBe('2024-02-29');
    expect(addDuration('2025-03-31', { amount: 3, unit: 'months' }).date).toBe('2025-06-30');
    expect(addDuration('2024-05-15', { amount: 3, unit: 'months' }).date).toBe('2024-08-15');
  });
  it('2024-02-29 + 1 year = 2025-02-28; 2024-02-29 + 4 years = 2028-02-29', () => {
    expect(addDuration('2024-02-29', { amount: 1, unit: 'years' }).date).toBe('2025-02-28');
    expect(addDuration('2024-02-29', { amount: 4, unit: 'years' }).date).toBe('2028-02-29');
  });
  it('months are never provisional: they do not read the holiday data', () => {
    expect(addDuration('2026-12-31', { amount: 12, unit: 'months' })).toEqual({
      date: '2027-12-31',
      provisional: false,
    });
  });
});

describe('beyond the holiday data', () => {
  const last = HOLIDAY_DATA_YEARS.last;
  it('the data range is read from the package and reaches at least 2026', () => {
    expect(HOLIDAY_DATA_YEARS.first).toBeLessThanOrEqual(2024);
    expect(last).toBeGreaterThanOrEqual(2026);
    expect(isBeyondHolidayData(`${last}-12-31`)).toBe(false);
    expect(isBeyondHolidayData(`${last + 1}-01-01`)).toBe(true);
  });
  it('a count that stays inside the last data year is not provisional', () => {
    expect(addWorkingDays(`${last}-12-01`, 5).provisional).toBe(false);
  });
  it('a count that passes into the first year without data is provisional', () => {
    const r = addWorkingDays(`${last}-12-31`, 3);
    expect(r.provisional).toBe(true);
    expect(r.date.startsWith(`${last + 1}-01-`)).toBe(true);
    expect(addDuration(`${last}-12-31`, { amount: 3, unit: 'working_days' }).provisional).toBe(true);
  });
  it('2026-12-24 + 4 = 12-30 is firm; 2026-12-25 + 5 lands on 2027-01-01, a weekday counted as working, provisional', () => {
    // Holds while the package's data ends in 2026 (chinese-days 1.5.7).
    if (last !== 2026) return expect(last).toBeGreaterThan(2026);
    expect(addWorkingDays('2026-12-24', 4)).toEqual({ date: '2026-12-30', provisional: false });
    expect(addWorkingDays('2026-12-25', 5)).toEqual({ date: '2027-01-01', provisional: true });
  });
});

describe('time zones', () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('17:00Z is already the next day in Shanghai', () => {
    expect(todayInShanghai(new Date('2025-01-27T17:00:00Z'))).toBe('2025-01-28');
    expect(todayInShanghai(new Date('2025-01-27T15:59:59Z'))).toBe('2025-01-27');
    expect(todayInShanghai(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });

  it('reads the hour and minute on the Shanghai clock, 00 to 23', () => {
    const get = shanghaiParts(new Date('2025-01-27T16:05:00Z'), {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    expect([get('hour'), get('minute')]).toEqual(['00', '05']);
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai'])(
    'gives the same answers with the process in %s',
    (tz) => {
      process.env.TZ = tz;
      expect(todayInShanghai(new Date('2025-01-27T17:00:00Z'))).toBe('2025-01-28');
      expect(addWorkingDays('2024-09-27', 10).date).toBe('2024-10-16');
      expect(isWorkingDay('2024-10-12')).toBe(true);
      expect(addDuration('2026-08-31', { amount: 6, unit: 'months' }).date).toBe('2027-02-28');
      // 2024-03-10 is the US DST switch; calendar days must not lose or gain a day over it.
      expect(addDuration('2024-03-09', { amount: 2, unit: 'days' }).date).toBe('2024-03-11');
    },
  );
});

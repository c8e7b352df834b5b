/**
 * The statutory working-day calendar of the People's Republic of China, for counting the time
 * limits of the measures.
 *
 * Counting convention (used everywhere in this project):
 * - Dates are `YYYY-MM-DD` strings, calendar dates in Asia/Shanghai. Nothing here depends on the
 *   server's time zone: only `todayInShanghai` reads an instant, and it converts it explicitly.
 * - The day of the triggering event is not counted. "N working days after D" is the N-th working
 *   day strictly after D (day 1 = the next working day); "N days after D" is D + N calendar days;
 *   "N months/years after D" is the same day of the month N months/years later, clamped to the
 *   last day of that month when the day does not exist (08-31 + 6 months = 02-28, or 02-29 in a
 *   leap year). The resulting date is the last day on which the obligation is still on time.
 * - A calendar-day, month or year result is not moved when it falls on a weekend or holiday
 *   (the measures do not say 顺延); use `nextWorkingDay` if a caller wants that.
 * - A working day is a Monday–Friday that is not a statutory holiday, or a weekend day the
 *   State Council made a working day (调休上班). The holiday and 调休 arrangements come from the
 *   `chinese-days` package. Years it has no arrangement for are counted by weekdays only, and every
 *   working-day result whose counting touched such a year is `provisional: true` — the State
 *   Council publishes each year's arrangement late in the previous year.
 */
import { addDays, addMonths, addYears, format, getDay, isValid } from 'date-fns';
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Duration, LocalDate } from './rules/types.js';

export interface CalendarResult {
  date: LocalDate;
  /** The counting passed a date in a year the holiday data does not cover. */
  provisional: boolean;
}

interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const DATA = chineseDays as HolidayData;
const HOLIDAYS = new Set(Object.keys(DATA.holidays));
const MAKEUP_WORKDAYS = new Set(Object.keys(DATA.workdays));

/** The years the package has the State Council's arrangement for, read from the data itself. */
const YEARS_WITH_DATA: ReadonlySet<number> = new Set(
  [...HOLIDAYS, ...MAKEUP_WORKDAYS].map((d) => Number(d.slice(0, 4))),
);

/** First and last year of holiday data (2004 and 2026 with chinese-days 1.5.7). */
export const HOLIDAY_DATA_YEARS: { first: number; last: number } = {
  first: Math.min(...YEARS_WITH_DATA),
  last: Math.max(...YEARS_WITH_DATA),
};

/** True when the holiday arrangement of the date's year is not in the data. */
export function isBeyondHolidayData(d: LocalDate): boolean {
  return !YEARS_WITH_DATA.has(Number(parseLocalDate(d).slice(0, 4)));
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a `YYYY-MM-DD` string and returns it; throws on anything else (2025-02-30 too). */
export function parseLocalDate(d: string): LocalDate {
  const m = LOCAL_DATE.exec(d);
  if (m) {
    const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (isValid(date) && toLocalDate(date) === d) return d;
  }
  throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
}

/**
 * Date objects only live inside this module, always at local midnight of the date they stand
 * for, and are read back with local getters, so the arithmetic is the same in every time zone.
 */
function toDate(d: LocalDate): Date {
  const m = LOCAL_DATE.exec(parseLocalDate(d))!;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function toLocalDate(date: Date): LocalDate {
  return format(date, 'yyyy-MM-dd');
}

/** Fields of `now` on the clocks of Asia/Shanghai, whatever the server's time zone. */
export function shanghaiParts(now: Date, fields: Intl.DateTimeFormatOptions): (type: string) => string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', ...fields }).formatToParts(now);
  return (type) => parts.find((p) => p.type === type)!.value;
}

/** The calendar date in Asia/Shanghai at `now`, whatever the server's time zone. */
export function todayInShanghai(now: Date): LocalDate {
  const get = shanghaiParts(now, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function isWorkingDay(d: LocalDate): boolean {
  const date = parseLocalDate(d);
  if (MAKEUP_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const weekday = getDay(toDate(date));
  return weekday >= 1 && weekday <= 5;
}

/**
 * The n-th working day after `from` (the trigger day is not counted; n = 1 is the next working
 * day). n = 0 returns `from` itself; a negative n counts back (-1 = the previous working day).
 */
export function addWorkingDays(from: LocalDate, n: number): CalendarResult {
  if (!Number.isInteger(n)) throw new Error(`working days must be a whole number: ${n}`);
  let date = toDate(from);
  let provisional = n === 0 && isBeyondHolidayData(from);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    date = addDays(date, step);
    const d = toLocalDate(date);
    if (isBeyondHolidayData(d)) provisional = true;
    if (isWorkingDay(d)) left--;
  }
  return { date: toLocalDate(date), provisional };
}

/** The first working day strictly after `d` (= `addWorkingDays(d, 1)`). */
export function nextWorkingDay(d: LocalDate): CalendarResult {
  return addWorkingDays(d, 1);
}

/**
 * `from` plus a duration of the measures. Only working-day counts depend on the holiday data, so
 * only they can be provisional; days, months and years are plain calendar arithmetic.
 */
export function addDuration(from: LocalDate, d: Duration): CalendarResult {
  if (!Number.isInteger(d.amount)) throw new Error(`duration must be a whole number: ${d.amount}`);
  const date = toDate(from);
  switch (d.unit) {
    case 'working_days':
      return addWorkingDays(from, d.amount);
    case 'days':
      return { date: toLocalDate(addDays(date, d.amount)), provisional: false };
    case 'months':
      // date-fns clamps to the last day of the target month (08-31 + 6 months = 02-28/29).
      return { date: toLocalDate(addMonths(date, d.amount)), provisional: false };
    case 'years':
      return { date: toLocalDate(addYears(date, d.amount)), provisional: false };
  }
}

/**
 * The number of working days after `a` up to and including `b` (so `addWorkingDays(a, n).date`
 * = b gives n when b is a working day). Negative when b is before a. Use `isBeyondHolidayData`
 * on the later date to know whether the count is provisional.
 */
export function workingDaysBetween(a: LocalDate, b: LocalDate): number {
  const start = parseLocalDate(a);
  const end = parseLocalDate(b);
  if (end < start) return -workingDaysBetween(end, start);
  let count = 0;
  for (let date = addDays(toDate(start), 1); toLocalDate(date) <= end; date = addDays(date, 1)) {
    if (isWorkingDay(toLocalDate(date))) count++;
  }
  return count;
}

/** 2025-05-08 → 2025年5月8日. */
export function chineseDate(d: LocalDate): string {
  const m = LOCAL_DATE.exec(parseLocalDate(d))!;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

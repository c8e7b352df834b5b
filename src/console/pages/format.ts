/** How the console writes amounts, durations and days. */
import { formatWan } from '../../money.js';

/** 元 (possibly fractional, from 元 fields with 分) → "12.5万元". */
export function wan(yuan: number): string {
  return `${formatWan(Math.max(0, Math.round(yuan)))}万元`;
}

/** How long since `from`: 2天3小时 / 5小时 / 12分钟. */
export function waited(from: Date, now: Date): string {
  const mins = Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 60000));
  const days = Math.floor(mins / 1440);
  const hours = Math.floor((mins % 1440) / 60);
  if (days > 0) return `${days}天${hours ? `${hours}小时` : ''}`;
  if (hours > 0) return `${hours}小时`;
  return `${mins}分钟`;
}

/** 'YYYY-MM-DD' + n days. */
export function addDays(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
}

/** The Monday of the week of d. */
export function mondayOf(d: string): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, day)).getUTCDay(); // 0 = Sunday
  return addDays(d, wd === 0 ? -6 : 1 - wd);
}

export const md = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;

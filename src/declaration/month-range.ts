/**
 * A month range as the user types it in one input: “2026年03月至2026年12月” (the wording of 金寨
 * 附件1's 说明), and the short forms a phone keyboard makes easy: “2026.3-2026.12”, “2026-03~2026-12”,
 * “2026/3至2026/12”, “202603-202612”, and “2026年3月至12月” (end in the same year). Full-width digits
 * and punctuation are accepted. The canonical form stored is “2026年03月至2026年12月”.
 */

export interface MonthRange {
  from: { year: number; month: number };
  to: { year: number; month: number };
}

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0D\uFF0F\uFF5E]/g;

function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const YM = String.raw`(\d{4})(?:年|[.\-/])?(\d{1,2})月?`;
const SEP = String.raw`(?:至|到|~|-|—|–|－|―)`;
const FULL = new RegExp(`^${YM}${SEP}${YM}$`);
/** The end without its year (same year): only with a word separator, so “2026-03-12” is not a range. */
const SAME_YEAR = new RegExp(String.raw`^${YM}(?:至|到|~)(\d{1,2})月?$`);

export type MonthRangeParse = { ok: true; range: MonthRange } | { ok: false; reason: 'format' | 'month' | 'order' };

export function parseMonthRange(input: string): MonthRangeParse {
  const s = halfWidth(input)
    .replace(/[\s\u3000]+/g, '')
    .replace(/份/g, '');
  let m = FULL.exec(s);
  let range: MonthRange | null = null;
  if (m) {
    range = { from: { year: Number(m[1]), month: Number(m[2]) }, to: { year: Number(m[3]), month: Number(m[4]) } };
  } else if ((m = SAME_YEAR.exec(s))) {
    range = { from: { year: Number(m[1]), month: Number(m[2]) }, to: { year: Number(m[1]), month: Number(m[3]) } };
  }
  if (!range) return { ok: false, reason: 'format' };
  for (const p of [range.from, range.to]) if (p.month < 1 || p.month > 12) return { ok: false, reason: 'month' };
  if (monthIndex(range.from) > monthIndex(range.to)) return { ok: false, reason: 'order' };
  return { ok: true, range };
}

export function monthIndex(p: { year: number; month: number }): number {
  return p.year * 12 + (p.month - 1);
}

export function formatMonth(p: { year: number; month: number }): string {
  return `${p.year}年${String(p.month).padStart(2, '0')}月`;
}

export function formatMonthRange(r: MonthRange): string {
  return `${formatMonth(r.from)}至${formatMonth(r.to)}`;
}

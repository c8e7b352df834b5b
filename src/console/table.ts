/** Table columns and the time format shared by the console's pages and its section modules. */
import type { Child } from 'hono/jsx';

/** An instant in Asia/Shanghai: 2026-03-15 14:30. */
export function shanghai(d: Date | string | null | undefined): string {
  if (!d) return '';
  const t = new Date(d).getTime();
  if (Number.isNaN(t)) return '';
  const s = new Date(t + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** One column of a table: its heading and what each row shows in it. */
export interface Column<T> {
  head: string;
  /** Right-aligned (counts, amounts, durations). */
  num?: boolean;
  cell: (row: T) => Child;
}

/** Columns of a table; `false` leaves a column out (e.g. the project column on a project's own page). */
export type Columns<T> = readonly (Column<T> | false)[];

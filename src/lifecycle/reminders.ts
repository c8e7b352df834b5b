/**
 * When to remind whom about a deadline row, when the group digest goes out, and the region-wide
 * notices of an annual window. Everything is a function of the date passed in: a scheduler
 * calls these every run, sends the keys it has not sent yet and records them, so a missed run
 * catches up on the next one and nothing is sent twice.
 *
 * Reminders are sent on working days only (statutory calendar of `../calendar.ts`):
 * - before:N — N working days before the last working day on or before the due date (default
 *   7, 3 and 1), never on or before the day of the triggering event (the reply already said it);
 * - on — the last working day on or before the due date;
 * - overdue:<date> — every working day after the due date until done;
 * - escalate — once, `graceWorkingDays` working days after the due date, to the unit's leaders
 *   and the reviewer office;
 * - opens — a window limit (牡丹区 自评价 12–24 months) on the first working day it is open.
 * A window's reminders count to its end (`until`); not_before and minimum rows get a single `on`
 * on the first working day from their date ("may now", "the period is over").
 */
import {
  addDuration,
  addWorkingDays,
  isWorkingDay,
  parseLocalDate,
  shanghaiParts,
  todayInShanghai,
  workingDaysBetween,
} from '../calendar.js';
import { dueDate } from '../rules/engine.js';
import type { ArticleNo, LocalDate, Role, RulePack } from '../rules/types.js';
import type { DeadlineRow, DeadlineState } from './deadlines.js';

export type ReminderKind = 'opens' | 'before' | 'on' | 'overdue' | 'escalate';
export type Audience = 'responsible' | 'unit_group' | 'unit_leaders' | 'reviewer_office';

export interface Reminder {
  /** `${deadlineKey}:before:3`, `:on`, `:overdue:2026-11-24`, `:escalate`, `:opens`; after an extension the deadline key gets `@<new due>`. */
  key: string;
  kind: ReminderKind;
  /** The working day the reminder is for. */
  date: LocalDate;
  /** before: how many working days ahead. */
  leadDays?: number;
  audience: Audience[];
  /**
   * A later reminder of the same deadline is due too (a catch-up after missed runs): record this
   * one as sent without sending it. Escalations are never superseded.
   */
  superseded: boolean;
}

export type ReminderTarget = Pick<DeadlineRow, 'key' | 'due' | 'type' | 'from' | 'triggerKind' | 'responsible'> & {
  until?: LocalDate;
  /** A granted extension: the new last day. Reminders then count to it, under new keys. */
  extendedTo?: LocalDate;
};

export interface ReminderOptions {
  today: LocalDate;
  state: DeadlineState;
  /** Working days before the due date; default [7, 3, 1]. */
  leadDays?: readonly number[];
  /** Working days after the due date before escalating (pack- or deployment-set; at least 1). */
  graceWorkingDays: number;
}

function onOrBefore(d: LocalDate): LocalDate {
  return isWorkingDay(d) ? d : addWorkingDays(d, -1).date;
}

function onOrAfter(d: LocalDate): LocalDate {
  return isWorkingDay(d) ? d : addWorkingDays(d, 1).date;
}

const KIND_ORDER: Record<string, number> = { opens: 0, before: 1, on: 2, overdue: 3, escalate: 4 };

/** Sorts by date (then opens, before, on, overdue, escalate) and marks all but the latest as superseded. */
function markSuperseded<T extends { kind: string; date: LocalDate; superseded: boolean }>(
  list: T[],
  never: string,
): T[] {
  list.sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : (KIND_ORDER[a.kind] ?? 0) - (KIND_ORDER[b.kind] ?? 0),
  );
  const eligible = list.filter((r) => r.kind !== never);
  const latest = eligible[eligible.length - 1];
  for (const r of eligible) r.superseded = r !== latest;
  return list;
}

/**
 * The reminders of one deadline row that are due by `today` (date ≤ today), oldest first, each
 * with a stable key. Nothing once the row is done or cancelled, and nothing on a weekend or
 * holiday (what fell due then comes on the next working day).
 */
export function remindersDue(deadline: ReminderTarget, options: ReminderOptions): Reminder[] {
  const today = parseLocalDate(options.today);
  if (options.state !== 'open' || !isWorkingDay(today)) return [];
  const unit = deadline.responsible === 'unit';
  const out: Reminder[] = [];
  const add = (r: Omit<Reminder, 'superseded'>) => {
    if (r.date <= today) out.push({ ...r, superseded: false });
  };

  if (deadline.type === 'not_before' || deadline.type === 'minimum') {
    add({ key: `${deadline.key}:on`, kind: 'on', date: onOrAfter(deadline.due), audience: ['responsible'] });
    return markSuperseded(out, 'escalate');
  }

  const end = deadline.extendedTo ?? (deadline.type === 'window' ? (deadline.until ?? deadline.due) : deadline.due);
  const prefix = deadline.extendedTo ? `${deadline.key}@${deadline.extendedTo}` : deadline.key;
  const lower = deadline.triggerKind === 'event' ? deadline.from : null;
  const onDate = onOrBefore(end);

  if (deadline.type === 'window') {
    add({ key: `${deadline.key}:opens`, kind: 'opens', date: onOrAfter(deadline.due), audience: ['responsible'] });
  }
  const leads = [...new Set(options.leadDays ?? [7, 3, 1])]
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => b - a);
  for (const n of leads) {
    const date = addWorkingDays(onDate, -n).date;
    if (lower !== null && date <= lower) continue;
    if (deadline.type === 'window' && date < deadline.due) continue;
    add({ key: `${prefix}:before:${n}`, kind: 'before', date, leadDays: n, audience: ['responsible'] });
  }
  if (lower === null || onDate >= lower) {
    add({
      key: `${prefix}:on`,
      kind: 'on',
      date: onDate,
      audience: unit ? ['responsible', 'unit_group'] : ['responsible'],
    });
  }
  for (let d = addWorkingDays(end, 1).date; d <= today; d = addWorkingDays(d, 1).date) {
    add({ key: `${prefix}:overdue:${d}`, kind: 'overdue', date: d, audience: ['responsible'] });
  }
  const grace = Math.max(1, Math.floor(options.graceWorkingDays));
  add({
    key: `${prefix}:escalate`,
    kind: 'escalate',
    date: addWorkingDays(end, grace).date,
    audience: unit ? ['unit_leaders', 'reviewer_office'] : ['reviewer_office'],
  });
  return markSuperseded(out, 'escalate');
}

// ---------------------------------------------------------------------------------------------
// Digest

function shanghaiClock(now: Date): { hour: number; minute: number } {
  const get = shanghaiParts(now, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return { hour: Number(get('hour')), minute: Number(get('minute')) };
}

/**
 * True when `now` is at or after hour:minute (default 09:00) Asia/Shanghai on a statutory working
 * day (调休 Saturdays included, weekends and holidays excluded). Send the digest at most once a
 * day by recording `digestKey(now)`.
 */
export function isDigestTime(now: Date, options: { hour?: number; minute?: number } = {}): boolean {
  const { hour = 9, minute = 0 } = options;
  if (!isWorkingDay(todayInShanghai(now))) return false;
  const c = shanghaiClock(now);
  return c.hour * 60 + c.minute >= hour * 60 + minute;
}

/** `digest:2025-10-11`: one digest per Shanghai date. */
export function digestKey(now: Date): string {
  return `digest:${todayInShanghai(now)}`;
}

export type DigestStatus = 'overdue' | 'today' | 'upcoming';

export interface DigestEntry<R extends ReminderTarget> {
  row: R;
  status: DigestStatus;
  /** The day counted to (the due date, a window's end, an extension). */
  end: LocalDate;
  /** overdue: working days late; upcoming: working days left; today: 0. */
  workingDays: number;
}

/**
 * The open deadline/window rows worth a line in the group digest: overdue ones, those due today,
 * and those due within `horizonWorkingDays` (default 7) working days; overdue first.
 */
export function digestEntries<R extends ReminderTarget & { state: DeadlineState }>(
  rows: readonly R[],
  today: LocalDate,
  options: { horizonWorkingDays?: number } = {},
): DigestEntry<R>[] {
  const horizon = options.horizonWorkingDays ?? 7;
  const out: DigestEntry<R>[] = [];
  for (const row of rows) {
    if (row.state !== 'open' || (row.type !== 'deadline' && row.type !== 'window')) continue;
    if (row.type === 'window' && row.due > today && !row.extendedTo) continue;
    const end = row.extendedTo ?? (row.type === 'window' ? (row.until ?? row.due) : row.due);
    if (end < today) out.push({ row, status: 'overdue', end, workingDays: workingDaysBetween(end, today) });
    else if (end === today) out.push({ row, status: 'today', end, workingDays: 0 });
    else {
      const left = workingDaysBetween(today, end);
      if (left <= horizon) out.push({ row, status: 'upcoming', end, workingDays: left });
    }
  }
  const rank = { overdue: 0, today: 1, upcoming: 2 } as const;
  return out.sort((a, b) => rank[a.status] - rank[b.status] || (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Region-wide notices

export type RegionNoticeKind = 'window_open' | 'closing_4w' | 'closing_1w';

export interface RegionNotice {
  /** `${regionId}:${limitId}:${closes}:open` / `:close-4w` / `:close-1w`. */
  key: string;
  kind: RegionNoticeKind;
  /** The working day the notice is for. */
  date: LocalDate;
  limitId: string;
  obligation: string;
  opens: LocalDate;
  closes: LocalDate;
  article: ArticleNo;
  quote: string;
  responsible: Role;
  /** Every unit of the region when units must act; the reviewer office when it is its own limit (淮安 年度计划). */
  audience: 'units' | 'reviewer_office';
  superseded: boolean;
}

export interface RegionNoticeOptions {
  /**
   * When a window opens, per annual limit id (deployment-set). Default: the day after the
   * previous year's closing date — the packs say when a window closes, not when it opens.
   */
  opensOn?: Readonly<Record<string, { month: number; day: number }>>;
}

/**
 * The notices of the region's annual windows due by `today` for the window that closes next
 * (on or after today): opening, 4 weeks before and 1 week before the close, each on the first
 * working day on or after its date (never after the close). Nothing on a weekend or holiday.
 */
export function regionNotices(pack: RulePack, today: LocalDate, options: RegionNoticeOptions = {}): RegionNotice[] {
  const day = parseLocalDate(today);
  if (!isWorkingDay(day)) return [];
  const year = Number(day.slice(0, 4));
  const out: RegionNotice[] = [];
  for (const limit of pack.timeLimits) {
    if (limit.trigger.kind !== 'annual') continue;
    let cycle = year;
    let closes = dueDate(pack, limit.id, {}, cycle)!.due;
    if (closes < day) {
      cycle += 1;
      closes = dueDate(pack, limit.id, {}, cycle)!.due;
    }
    const custom = options.opensOn?.[limit.id];
    let opens: LocalDate;
    if (custom) {
      const pad = (n: number) => String(n).padStart(2, '0');
      opens = parseLocalDate(`${cycle}-${pad(custom.month)}-${pad(custom.day)}`);
      if (opens > closes) opens = parseLocalDate(`${cycle - 1}-${pad(custom.month)}-${pad(custom.day)}`);
    } else {
      opens = addDuration(dueDate(pack, limit.id, {}, cycle - 1)!.due, { amount: 1, unit: 'days' }).date;
    }
    const lastDay = onOrBefore(closes);
    const at = (d: LocalDate) => {
      const w = onOrAfter(d);
      return w > lastDay ? lastDay : w;
    };
    const openDate = at(opens);
    const schedule: [RegionNoticeKind, string, LocalDate][] = [['window_open', 'open', openDate]];
    const w4 = at(addDuration(closes, { amount: -28, unit: 'days' }).date);
    const w1 = at(addDuration(closes, { amount: -7, unit: 'days' }).date);
    if (w4 > openDate) schedule.push(['closing_4w', 'close-4w', w4]);
    if (w1 > openDate && w1 > w4) schedule.push(['closing_1w', 'close-1w', w1]);
    const notices: RegionNotice[] = [];
    for (const [kind, suffix, date] of schedule) {
      if (date > day) continue;
      notices.push({
        key: `${pack.region.id}:${limit.id}:${closes}:${suffix}`,
        kind,
        date,
        limitId: limit.id,
        obligation: limit.obligation,
        opens,
        closes,
        article: limit.article,
        quote: limit.quote,
        responsible: limit.responsible,
        audience: limit.responsible === 'unit' ? 'units' : 'reviewer_office',
        superseded: false,
      });
    }
    out.push(...markSuperseded(notices, ''));
  }
  return out;
}

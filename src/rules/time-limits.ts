/**
 * A pack's time limits: when each falls due from the events of a project (or the calendar), and
 * how it reads in Chinese. Callers pass the dates: no clock here. Dates follow the counting
 * convention of `../calendar.ts`.
 */
import { addDuration, parseLocalDate } from '../calendar.js';
import { evaluate, type ProjectFacts } from './conditions.js';
import type { Duration, LocalDate, RulePack, TimeLimit, Trigger } from './types.js';

export interface Due {
  limit: TimeLimit;
  from: LocalDate;
  due: LocalDate;
  until?: LocalDate;
  provisional: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function quarterEnd(d: LocalDate): LocalDate {
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  const endMonth = Math.ceil(month / 3) * 3;
  const endDay = endMonth === 6 || endMonth === 9 ? 30 : 31;
  return `${year}-${pad(endMonth)}-${pad(endDay)}`;
}

/** The events a trigger counts from (several for “通过终验并投入运行后”); [] for dates of the year. */
export function triggerEvents(trigger: Trigger): string[] {
  if (trigger.kind === 'event') return [trigger.event, ...(trigger.alsoAfter ?? [])];
  if (trigger.kind === 'budget_year_end') return [trigger.event];
  return [];
}

/** The latest date of these events, or null when one of them is not known. */
export function latestOf(ids: readonly string[], events: Record<string, LocalDate>): LocalDate | null {
  let latest: LocalDate | null = null;
  for (const id of ids) {
    const d = events[id];
    if (d === undefined) return null;
    const day = parseLocalDate(d);
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/**
 * The first day something may happen once `offset` has run from `from` (“试运行3个月后”, “满12个月
 * 后”): the day after the period ends. The event's own day is not counted (see `../calendar.ts`),
 * so 3 months from 1月10日 run to 4月10日 and the first day after them is 4月11日. With no
 * offset (“竣工验收后”), the event's day itself.
 */
export function firstDayAfter(from: LocalDate, offset: Duration): { date: LocalDate; provisional: boolean } {
  const end = addDuration(from, offset);
  if (offset.amount === 0) return end;
  return { date: addDuration(end.date, { amount: 1, unit: 'days' }).date, provisional: end.provisional };
}

/** The date a trigger starts counting from, or null when what it needs is not known. */
function triggerDate(trigger: Trigger, events: Record<string, LocalDate>, year?: number): LocalDate | null {
  switch (trigger.kind) {
    case 'event':
      return latestOf([trigger.event, ...(trigger.alsoAfter ?? [])], events);
    case 'annual': {
      const md = `${pad(trigger.month)}-${pad(trigger.day)}`;
      if (year !== undefined) return parseLocalDate(`${year}-${md}`);
      const asOf = events.asOf;
      if (asOf === undefined) return null;
      // Without a year: the next occurrence on or after asOf.
      const y = Number(parseLocalDate(asOf).slice(0, 4));
      const thisYear = `${y}-${md}`;
      return parseLocalDate(thisYear >= asOf ? thisYear : `${y + 1}-${md}`);
    }
    case 'quarterly': {
      const asOf = events.asOf;
      return asOf === undefined ? null : quarterEnd(parseLocalDate(asOf));
    }
    case 'budget_year_end': {
      const d = events[trigger.event];
      return d === undefined ? null : `${parseLocalDate(d).slice(0, 4)}-12-31`;
    }
  }
}

/**
 * When a time limit falls due.
 * - event: from = events[event], due = from + offset (window: until = from + until);
 * - annual: from = the date in `year` (without `year`: the next one on or after events.asOf),
 *   due = from + offset (offset is normally 0);
 * - quarterly: from = the end of the quarter containing events.asOf, due = from + offset;
 * - budget_year_end: from = Dec 31 of the year of events[event], due = from + offset.
 * Null when the trigger is not known. The limit's `when` is not evaluated here (see allDueDates).
 */
export function dueDate(pack: RulePack, limitId: string, events: Record<string, LocalDate>, year?: number): Due | null {
  const limit = pack.timeLimits.find((l) => l.id === limitId);
  if (!limit) throw new Error(`${pack.id}: no time limit "${limitId}"`);
  return dueOf(limit, events, year);
}

function dueOf(limit: TimeLimit, events: Record<string, LocalDate>, year?: number): Due | null {
  const from = triggerDate(limit.trigger, events, year);
  if (from === null) return null;
  // A "not before" limit and the opening of a window are the first day after the period.
  const due =
    limit.type === 'not_before' || limit.type === 'window'
      ? firstDayAfter(from, limit.offset)
      : addDuration(from, limit.offset);
  const result: Due = { limit, from, due: due.date, provisional: due.provisional };
  if (limit.until) {
    const until = addDuration(from, limit.until);
    result.until = until.date;
    result.provisional = result.provisional || until.provisional;
  }
  return result;
}

/**
 * Every time limit of the pack whose trigger is known, in pack order. With `facts`, limits whose
 * `when` does not hold for the project are left out.
 */
export function allDueDates(
  pack: RulePack,
  events: Record<string, LocalDate>,
  year?: number,
  facts?: ProjectFacts,
): Due[] {
  return pack.timeLimits
    .filter((l) => !facts || !l.when || evaluate(l.when, facts))
    .map((l) => dueOf(l, events, year))
    .filter((d): d is Due => d !== null);
}

const UNIT_NAMES = { working_days: '个工作日', days: '日', months: '个月', years: '年' } as const;

/** {10, working_days} → 10个工作日; {3, months} → 3个月; {30, days} → 30日; {2, years} → 2年. */
export function describeDuration(d: Duration): string {
  return `${d.amount}${UNIT_NAMES[d.unit]}`;
}

/** The point a trigger counts from, without a connector: “合同签订” / 每年10月1日 / 每季度末. */
function triggerAnchor(trigger: Trigger, pack?: RulePack): string {
  const event = (id: string) => `“${pack?.events.find((e) => e.id === id)?.label ?? id}”`;
  switch (trigger.kind) {
    case 'event':
      return trigger.alsoAfter?.length
        ? laterOfPhrase([trigger.event, ...trigger.alsoAfter], pack)
        : event(trigger.event);
    case 'annual':
      return `每年${trigger.month}月${trigger.day}日`;
    case 'quarterly':
      return '每季度末';
    case 'budget_year_end':
      return `${event(trigger.event)}所在预算年度结束（12月31日）`;
  }
}

/** `“通过终验”与“投入运行”中较晚者`: several events, of which the latest starts a clock. */
export function laterOfPhrase(ids: readonly string[], pack?: RulePack): string {
  const labels = ids.map((id) => `“${pack?.events.find((e) => e.id === id)?.label ?? id}”`);
  return `${labels.join('与')}中较晚者`;
}

/** Where the counting starts, in Chinese: `“合同签订”之日`, `每年10月1日`, `每季度末`. */
export function describeTrigger(trigger: Trigger, pack?: RulePack): string {
  const anchor = triggerAnchor(trigger, pack);
  return trigger.kind === 'event' ? `${anchor}之日` : anchor;
}

/** The kinds of time limit in Chinese, for docs. */
export const LIMIT_TYPE_NAMES = {
  deadline: '期限',
  not_before: '不早于',
  window: '期间',
  minimum: '最短期限',
} as const;

/**
 * A time limit in one line: `“合同签订”之日起10个工作日内`, `每年9月30日前`,
 * `“试运行开始”之日起满3个月后`, `“终验”之日起12个月至24个月之间`, `“终验”之日起不少于2年`.
 */
export function describeTimeLimit(limit: TimeLimit, pack?: RulePack): string {
  const anchor = triggerAnchor(limit.trigger, pack);
  const from = limit.trigger.kind === 'event' ? `${anchor}之日起` : `${anchor}后`;
  const o = describeDuration(limit.offset);
  switch (limit.type) {
    case 'deadline':
      // Zero after an event means "at the same time" (金寨 第十五条 同时备案); for a date, by that date.
      if (limit.offset.amount === 0) return limit.trigger.kind === 'event' ? `${anchor}时同时办理` : `${anchor}前`;
      return `${from}${o}内`;
    case 'not_before':
      return limit.offset.amount === 0 ? `${anchor}后方可` : `${from}满${o}后`;
    case 'window':
      return limit.until ? `${from}${o}至${describeDuration(limit.until)}之间` : `${from}满${o}后`;
    case 'minimum':
      return `${from}不少于${o}`;
  }
}

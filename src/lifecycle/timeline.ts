/**
 * A project's whole statutory timeline, as a project page shows it: the deadline rows already dated
 * (the `deadlines` table), the pack's time limits whose trigger has not happened yet (待起算, with
 * the trigger in words: `“通过终验”之日起6个月内`), and the annual obligations of the unit (金寨
 * 第五条: the next 9月30日). Right after approval a 金寨 project has no dated row at all (its limits
 * start at 试运行 and 终验), yet its page shows what will fall due and under which article.
 * Pure: `today` is passed in.
 */
import { describeTimeLimit, dueDate, evaluate, triggerEvents } from '../rules/engine.js';
import type { ArticleNo, LocalDate, Role, RulePack, TimeLimit } from '../rules/types.js';
import { factsOf, type LifecycleProject } from './common.js';
import { CONSTRUCTION_END_EVENTS, CONSTRUCTION_START_EVENT } from './deadlines.js';

/** What the timeline says of a limit that has no dated row yet. */
interface LimitEntry {
  limitId: string;
  obligation: string;
  type: TimeLimit['type'];
  /** The limit in words: `“通过终验”之日起6个月内`, `“项目立项”后每季度末前`, `每年9月30日前`. */
  when: string;
  responsible: Role;
  article: ArticleNo;
  quote: string;
}

/** A limit whose trigger has not happened: it starts counting when `triggerEvent` is reported. */
export interface PendingEntry extends LimitEntry {
  kind: 'pending';
  /** The event it counts from (quarterly limits: the start of construction). */
  triggerEvent: string;
}

/** An annual obligation of the unit: its next date on or after today. */
export interface AnnualEntry extends LimitEntry {
  kind: 'annual';
  due: LocalDate;
  provisional: boolean;
}

export type TimelineEntry<R> = { kind: 'dated'; row: R } | PendingEntry | AnnualEntry;

/** The project as the timeline reads it: its kind, facts, materials (for `when`), events and halt. */
export type TimelineProject = Pick<LifecycleProject, 'kind' | 'facts' | 'attachedMaterialIds' | 'events' | 'halted'>;

function entryOf(_pack: RulePack, limit: TimeLimit, when: string): LimitEntry {
  return {
    limitId: limit.id,
    obligation: limit.obligation,
    type: limit.type,
    when,
    responsible: limit.responsible,
    article: limit.article,
    quote: limit.quote,
  };
}

function eventIndex(pack: RulePack, event: string): number {
  const i = pack.events.findIndex((e) => e.id === event);
  return i < 0 ? pack.events.length : i;
}

/**
 * The project's statutory timeline: `rows` (its dated deadline rows in date order, e.g. from the
 * database) and the unit's annual obligations merged by date, then the limits not yet triggered in the order of the
 * pack's events (the order a project lives them). A limit counts as triggered once its event is
 * recorded or a row of it is given; limits whose `when` does not hold for the project are left out,
 * and so are other offices' annual limits (淮安 第六条 is the 市数据局's plan, not the unit's). A
 * quarterly limit is pending until construction starts; once construction has ended without rows it
 * no longer applies. A halted project (暂停/终止) has no future: only its dated rows come back.
 */
export function statutoryTimeline<R extends { limitId: string; due: LocalDate; lastDay?: LocalDate }>(
  pack: RulePack,
  project: TimelineProject,
  rows: readonly R[],
  today: LocalDate,
): TimelineEntry<R>[] {
  const dated: TimelineEntry<R>[] = rows.map((row) => ({ kind: 'dated', row }));
  if (project.halted) return dated;
  const facts = factsOf(project);
  const events = project.events;
  const withRows = new Set(rows.map((r) => r.limitId));
  const annual: AnnualEntry[] = [];
  const pending: PendingEntry[] = [];
  const label = (event: string) => pack.events.find((e) => e.id === event)?.label ?? event;
  for (const limit of pack.timeLimits) {
    if (withRows.has(limit.id)) continue;
    if (limit.when && !evaluate(limit.when, facts)) continue;
    const t = limit.trigger;
    switch (t.kind) {
      case 'event':
      case 'budget_year_end': {
        // Several events (“通过终验并投入运行后”): it waits for the last of them not yet reported.
        const unknown = triggerEvents(t).filter((e) => events[e] === undefined);
        const last = unknown.sort((a, b) => eventIndex(pack, a) - eventIndex(pack, b)).at(-1);
        if (last !== undefined)
          pending.push({
            kind: 'pending',
            triggerEvent: last,
            ...entryOf(pack, limit, describeTimeLimit(limit, pack)),
          });
        break;
      }
      case 'quarterly': {
        const started = events[CONSTRUCTION_START_EVENT] !== undefined;
        const ended = CONSTRUCTION_END_EVENTS.some((e) => events[e] !== undefined);
        if (!started && !ended) {
          pending.push({
            kind: 'pending',
            triggerEvent: CONSTRUCTION_START_EVENT,
            ...entryOf(pack, limit, `“${label(CONSTRUCTION_START_EVENT)}”后${describeTimeLimit(limit, pack)}`),
          });
        }
        break;
      }
      case 'annual': {
        if (limit.responsible !== 'unit') break;
        const d = dueDate(pack, limit.id, { asOf: today });
        if (d)
          annual.push({
            kind: 'annual',
            due: d.due,
            provisional: d.provisional,
            ...entryOf(pack, limit, describeTimeLimit(limit, pack)),
          });
        break;
      }
    }
  }
  // Rows are placed by their last day where they have one (an extension, a window's end).
  const dateOf = (e: TimelineEntry<R>) =>
    e.kind === 'dated' ? (e.row.lastDay ?? e.row.due) : e.kind === 'annual' ? e.due : '';
  // A stable merge: the rows keep their order among themselves; an annual date goes before the first later row.
  const byDate = [...dated];
  for (const a of annual.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0))) {
    const at = byDate.findIndex((e) => dateOf(e) > a.due);
    byDate.splice(at < 0 ? byDate.length : at, 0, a);
  }
  pending.sort((a, b) => eventIndex(pack, a.triggerEvent) - eventIndex(pack, b.triggerEvent));
  return [...byDate, ...pending];
}

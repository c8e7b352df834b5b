/**
 * Every time limit of a pack as deadline rows: per project (event, budget-year and quarterly
 * limits) and per region (annual limits). Rows are recomputed from the project's events, so a
 * corrected date gives new rows; `reconcileDeadlines` says what to add, cancel and complete.
 * Pure: `today` is passed in. Dates follow `../calendar.ts` (working days with the holidays).
 */
import { addDuration } from '../calendar.js';
import { dueDate, evaluate, triggerEvents, type Due } from '../rules/engine.js';
import type { ArticleNo, LocalDate, Material, Role, RulePack, TimeLimit, Trigger } from '../rules/types.js';
import { factsOf, type LifecycleProject } from './common.js';

export type DeadlineState = 'open' | 'done' | 'cancelled';

export interface DeadlineRow {
  /** Stable within a project (or region, for annual rows): `${limitId}:${from}`. */
  key: string;
  limitId: string;
  obligation: string;
  triggerKind: Trigger['kind'];
  /** The date the limit counts from (the event, the quarter's or year's end, the annual date). */
  from: LocalDate;
  /** deadline: the last day on time; not_before: the first day allowed; window: the day it opens; minimum: the end of the period. */
  due: LocalDate;
  /** window: the last day of the window. */
  until?: LocalDate;
  /** The counting used a year without published holiday arrangements. */
  provisional: boolean;
  article: ArticleNo;
  quote: string;
  responsible: Role;
  type: TimeLimit['type'];
  /** Set when the pack allows asking for an extension of this limit (牡丹区 第三十条). */
  extensionArticle?: ArticleNo;
  /**
   * Inferred from the project's events: every stage of the same article (other than the one the
   * trigger completes) was completed on or after `from`, e.g. 绩效自评价 reported → the
   * self-evaluation limit is met. Null when not (yet) known to be met.
   */
  fulfilled: { event: string; date: LocalDate } | null;
}

/** The event that starts quarterly reporting, and those that end it (shared event ids of the packs). */
export const CONSTRUCTION_START_EVENT = 'approved';
export const CONSTRUCTION_END_EVENTS: readonly string[] = ['construction_completed', 'final_acceptance'];

function rowOf(due: Due, fulfilled: DeadlineRow['fulfilled']): DeadlineRow {
  const l = due.limit;
  const row: DeadlineRow = {
    key: `${l.id}:${due.from}`,
    limitId: l.id,
    obligation: l.obligation,
    triggerKind: l.trigger.kind,
    from: due.from,
    due: due.due,
    provisional: due.provisional,
    article: l.article,
    quote: l.quote,
    responsible: l.responsible,
    type: l.type,
    fulfilled,
  };
  if (due.until !== undefined) row.until = due.until;
  if (l.extensionArticle !== undefined) row.extensionArticle = l.extensionArticle;
  return row;
}

function fulfilment(
  pack: RulePack,
  limit: TimeLimit,
  from: LocalDate,
  events: Readonly<Record<string, LocalDate>>,
): DeadlineRow['fulfilled'] {
  if (limit.type !== 'deadline' && limit.type !== 'window') return null;
  const starts = triggerEvents(limit.trigger);
  // An optional stage of the same article (高平 监理单位备案) is not what the limit asks for.
  const stages = pack.stages.filter(
    (s) => s.article === limit.article && !starts.includes(s.completedBy) && !s.optional,
  );
  if (stages.length === 0) return null;
  let last: DeadlineRow['fulfilled'] = null;
  for (const s of stages) {
    const d = events[s.completedBy];
    if (d === undefined || d < from) return null;
    if (!last || d > last.date) last = { event: s.completedBy, date: d };
  }
  return last;
}

function quarterEndOf(d: LocalDate): LocalDate {
  const y = Number(d.slice(0, 4));
  const endMonth = Math.ceil(Number(d.slice(5, 7)) / 3) * 3;
  const endDay = endMonth === 6 || endMonth === 9 ? 30 : 31;
  return `${y}-${String(endMonth).padStart(2, '0')}-${endDay}`;
}

function quarterStartOf(d: LocalDate): LocalDate {
  const y = Number(d.slice(0, 4));
  const startMonth = Math.floor((Number(d.slice(5, 7)) - 1) / 3) * 3 + 1;
  return `${y}-${String(startMonth).padStart(2, '0')}-01`;
}

/**
 * The quarters (as any date inside them) whose quarterly limit applies: the quarter of `today`
 * and the next one, as long as they overlap construction — from the approval to the first of
 * `CONSTRUCTION_END_EVENTS` (the quarter in which construction ends still reports).
 */
function constructionQuarters(events: Readonly<Record<string, LocalDate>>, today: LocalDate): LocalDate[] {
  const start = events[CONSTRUCTION_START_EVENT];
  if (start === undefined || start > today) return [];
  const ends = CONSTRUCTION_END_EVENTS.map((e) => events[e]).filter((d): d is LocalDate => d !== undefined);
  const end = ends.length > 0 ? ends.reduce((a, b) => (a < b ? a : b)) : undefined;
  const current = today;
  const next = addDuration(quarterEndOf(today), { amount: 1, unit: 'days' }).date;
  return [current, next].filter((q) => quarterEndOf(q) >= start && (end === undefined || quarterStartOf(q) <= end));
}

/**
 * The deadline rows of one project, by due date: every event and budget-year limit whose trigger
 * event is known, and the quarterly limits for the current and next quarter while the project is
 * under construction; limits whose `when` does not hold for the project are left out. Annual
 * limits are the region's (`regionAnnualDeadlines`).
 */
export function projectDeadlines(pack: RulePack, project: LifecycleProject, today: LocalDate): DeadlineRow[] {
  const facts = factsOf(project, pack);
  const rows: DeadlineRow[] = [];
  for (const limit of pack.timeLimits) {
    if (limit.when && !evaluate(limit.when, facts)) continue;
    switch (limit.trigger.kind) {
      case 'event':
      case 'budget_year_end': {
        const d = dueDate(pack, limit.id, project.events);
        if (d) rows.push(rowOf(d, fulfilment(pack, limit, d.from, project.events)));
        break;
      }
      case 'quarterly':
        for (const q of constructionQuarters(project.events, today)) {
          const d = dueDate(pack, limit.id, { asOf: q });
          if (d) rows.push(rowOf(d, null));
        }
        break;
      case 'annual':
        break;
    }
  }
  return rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/**
 * The region-wide annual rows of `year` (金寨 申报表 before October, 淮安 年度计划 by mid-September,
 * 牡丹区 项目库 before the budget year). A limit's `when` is about a project's kind, so it is not
 * evaluated here: the row concerns every unit of the region.
 */
export function regionAnnualDeadlines(pack: RulePack, year: number): DeadlineRow[] {
  return pack.timeLimits
    .filter((l) => l.trigger.kind === 'annual')
    .map((l) => dueDate(pack, l.id, {}, year))
    .filter((d): d is Due => d !== null)
    .map((d) => rowOf(d, null))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

export interface StoredDeadline {
  key: string;
  limitId: string;
  due: LocalDate;
  state: DeadlineState;
}

/**
 * What to change in the stored rows of a project after recomputing them (a new report, a
 * corrected date, a new quarter):
 * - add: computed rows not stored yet;
 * - cancel: open stored rows no longer computed (a corrected trigger date moved the key, a
 *   condition stopped holding), except past quarterly rows, which stay due;
 * - complete: open stored rows the events show as fulfilled.
 */
export function reconcileDeadlines(
  pack: RulePack,
  stored: readonly StoredDeadline[],
  computed: readonly DeadlineRow[],
  today: LocalDate,
): { add: DeadlineRow[]; cancel: string[]; complete: { key: string; event: string; date: LocalDate }[] } {
  const storedKeys = new Set(stored.map((s) => s.key));
  const computedByKey = new Map(computed.map((c) => [c.key, c]));
  const add = computed.filter((c) => !storedKeys.has(c.key));
  const cancel: string[] = [];
  const complete: { key: string; event: string; date: LocalDate }[] = [];
  for (const s of stored) {
    if (s.state !== 'open') continue;
    const c = computedByKey.get(s.key);
    if (c) {
      if (c.fulfilled) complete.push({ key: s.key, ...c.fulfilled });
      continue;
    }
    const limit = pack.timeLimits.find((l) => l.id === s.limitId);
    if (limit?.trigger.kind === 'annual') continue;
    if (limit?.trigger.kind === 'quarterly' && s.due < today) continue;
    cancel.push(s.key);
  }
  return { add, cancel, complete };
}

/**
 * What a reminder lists as still missing: the stage materials resting on the same article as the
 * limit (金寨 第十八条 → 绩效自评价报告; 牡丹区 第二十二条 → 采购合同及相关资料),
 * whose `when` holds, not attached to the project yet.
 */
export function missingMaterials(
  pack: RulePack,
  deadline: Pick<DeadlineRow, 'article'>,
  project: Pick<LifecycleProject, 'kind' | 'facts' | 'attachedMaterialIds'> & { events?: LifecycleProject['events'] },
): Material[] {
  const facts = factsOf(project, pack);
  const seen = new Set<string>();
  const out: Material[] = [];
  for (const stage of pack.stages) {
    for (const m of stage.materials) {
      if (m.article !== deadline.article || seen.has(m.id) || project.attachedMaterialIds.includes(m.id)) continue;
      if (m.when && !evaluate(m.when, facts)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}

/**
 * Checking what a unit reports after approval against the pack: stage order, earliest dates,
 * conditions, the stage's materials, no future dates; and what comes next. The free text is read
 * by `parseLifecycleCommand` (report-parse.ts). Pure: `today` is passed in.
 */
import { chineseDate, parseLocalDate } from '../calendar.js';
import {
  describeDuration,
  dueDate,
  evaluate,
  firstDayAfter,
  latestOf,
  triggerEvents,
  type Due,
} from '../rules/engine.js';
import type { LifecycleEvent, LocalDate, Material, RulePack, Stage } from '../rules/types.js';
import {
  bestQuote,
  factsOf,
  isSideStage,
  mainStages,
  currentStage,
  stageCompletedBy,
  type Basis,
  type LifecycleProject,
} from './common.js';

// ---------------------------------------------------------------------------------------------
// Checking

export interface LifecycleReport {
  event: string | LifecycleEvent;
  date: LocalDate;
}

export type ReportCheck =
  | {
      ok: true;
      event: LifecycleEvent;
      date: LocalDate;
      /** The stage this report completes, if any. */
      completes: Stage | null;
      /** The main stage the project is in after the report; null when the last one is done. */
      nextStage: Stage | null;
      /** Materials the next stage needs that are not attached yet. */
      needs: Material[];
      /** Conditions of the next stage that do not hold yet (淮安: 密评 passed …). */
      requirements: Basis[];
      /** The time limits this report starts (their `when` holding for the project). */
      due: Due[];
      /** Set when the event was already reported with another date. */
      correction: { previous: LocalDate } | null;
      /** The project's events with this report applied. */
      events: Record<string, LocalDate>;
    }
  | { ok: false; problems: Basis[] };

function eventLabel(pack: RulePack, id: string): string {
  return pack.events.find((e) => e.id === id)?.label ?? id;
}

function requiredMaterialsOf(stage: Stage, facts: ReturnType<typeof factsOf>): Material[] {
  return stage.materials.filter((m) => !m.when || evaluate(m.when, facts));
}

/** Missing materials of a stage, one problem per (article, quote) so a shared list reads as one. */
function materialProblems(stage: Stage, missing: readonly Material[], pack: RulePack): Basis[] {
  const groups = new Map<string, Material[]>();
  for (const m of missing) {
    const k = `${m.article}\u0000${m.quote ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  return [...groups.values()].map((ms) => {
    const first = ms[0]!;
    const message = `“${stage.name}”尚缺材料：${ms.map((m) => `“${m.name}”`).join('、')}`;
    return { message, article: first.article, quote: first.quote ?? bestQuote(pack, first.article, message) };
  });
}

/** Conditions of a stage that do not hold; `requires` on one material replaces its material line. */
function requirementProblems(pack: RulePack, stage: Stage, facts: ReturnType<typeof factsOf>): Basis[] {
  return (stage.requires ?? [])
    .filter((r) => !evaluate(r.condition, facts))
    .map((r) => ({ message: r.message, article: r.article, quote: bestQuote(pack, r.article, r.message) }));
}

function coveredMaterialIds(stage: Stage): Set<string> {
  const ids = new Set<string>();
  for (const r of stage.requires ?? []) if ('hasMaterial' in r.condition) ids.add(r.condition.hasMaterial);
  return ids;
}

/** The quote for a stage's `notBefore`: a `not_before` limit on the same event and article, else the closest clause. */
function notBeforeQuote(pack: RulePack, stage: Stage, message: string): string {
  const nb = stage.notBefore!;
  const limit = pack.timeLimits.find(
    (l) =>
      l.type === 'not_before' && l.article === nb.article && l.trigger.kind === 'event' && l.trigger.event === nb.event,
  );
  return limit?.quote ?? bestQuote(pack, nb.article, message);
}

/** The earliest date a stage may be completed, or null when its `notBefore` event is unknown. */
export function earliestCompletion(stage: Stage, events: Readonly<Record<string, LocalDate>>): LocalDate | null {
  if (!stage.notBefore) return null;
  const from = latestOf([stage.notBefore.event, ...(stage.notBefore.alsoAfter ?? [])], events);
  if (from === null) return null;
  return firstDayAfter(from, stage.notBefore.offset).date;
}

/**
 * Checks a report against the pack: the event exists; the date is valid and not after `today`;
 * the project is not halted; for an event that completes a main stage, the stages before it are
 * done (stages before the last reported one count as history) and its date fits between theirs;
 * its `notBefore` (金寨: 终验 only 3 months after 试运行 began), its `requires` (淮安: 密评
 * passed, 系统建设报告) and its materials hold. Reporting an event again with another date is a
 * correction and is checked the same way.
 */
export function checkReport(
  pack: RulePack,
  project: LifecycleProject,
  report: LifecycleReport,
  today: LocalDate,
): ReportCheck {
  const eventId = typeof report.event === 'string' ? report.event : report.event.id;
  const event = pack.events.find((e) => e.id === eventId);
  if (!event) return { ok: false, problems: [{ message: `本办法没有“${eventId}”这一事项`, article: null, quote: '' }] };
  let date: LocalDate;
  try {
    date = parseLocalDate(report.date);
  } catch {
    return { ok: false, problems: [{ message: `日期“${report.date}”无效`, article: null, quote: '' }] };
  }

  const problems: Basis[] = [];
  if (project.halted) {
    problems.push({
      message: `项目已被“${project.halted.name}”，不能继续报告进度`,
      article: project.halted.article,
      quote: project.halted.quote,
    });
  }
  if (date > parseLocalDate(today)) {
    problems.push({
      message: `${chineseDate(date)}晚于今天（${chineseDate(today)}），只能报告已经发生的事项`,
      article: null,
      quote: '',
    });
  }

  const facts = factsOf(project, pack);
  const others: Record<string, LocalDate> = { ...project.events };
  delete others[eventId];
  const stage = stageCompletedBy(pack, eventId) ?? null;

  if (stage && !isSideStage(stage)) {
    const main = mainStages(pack);
    const at = main.findIndex((s) => s.id === stage.id);
    let lastDone = -1;
    main.forEach((s, i) => {
      if (others[s.completedBy] !== undefined) lastDone = i;
    });
    const missing = main.slice(lastDone + 1, at).filter((s) => !s.impliedByLater);
    if (missing.length > 0) {
      const message = `须先完成${missing.map((s) => `“${s.name}”`).join('、')}，再报告“${event.label}”`;
      problems.push({
        message,
        article: missing[0]!.article,
        quote: bestQuote(pack, missing[0]!.article, missing[0]!.name),
      });
    }
    const before = main.slice(0, at).filter((s) => others[s.completedBy] !== undefined);
    const prev = before[before.length - 1];
    if (prev && date < others[prev.completedBy]!) {
      problems.push({
        message: `“${event.label}”的日期不能早于“${eventLabel(pack, prev.completedBy)}”（${chineseDate(others[prev.completedBy]!)}）`,
        article: stage.article,
        quote: '',
      });
    }
    const next = main.slice(at + 1).find((s) => others[s.completedBy] !== undefined);
    if (next && date > others[next.completedBy]!) {
      problems.push({
        message: `“${event.label}”的日期不能晚于“${eventLabel(pack, next.completedBy)}”（${chineseDate(others[next.completedBy]!)}）`,
        article: stage.article,
        quote: '',
      });
    }
  }

  if (stage) {
    if (stage.notBefore) {
      const nb = stage.notBefore;
      const earliest = earliestCompletion(stage, others);
      const anchors = [nb.event, ...(nb.alsoAfter ?? [])];
      const unknown = anchors.filter((e) => others[e] === undefined);
      if (earliest === null) {
        const after = anchors.map((e) => `“${eventLabel(pack, e)}”`).join('、');
        const missing = unknown.map((e) => `“${eventLabel(pack, e)}”`).join('、');
        const message = `“${stage.name}”须在${after}之后进行，尚未报告${missing}`;
        problems.push({ message, article: nb.article, quote: notBeforeQuote(pack, stage, message) });
      } else if (date < earliest) {
        const latest = anchors.reduce((a, b) => (others[b]! > others[a]! ? b : a));
        const span = nb.offset.amount === 0 ? '' : `起满${describeDuration(nb.offset)}`;
        const message = `“${stage.name}”不得早于${chineseDate(earliest)}（“${eventLabel(pack, latest)}”${chineseDate(others[latest]!)}${span}）`;
        problems.push({ message, article: nb.article, quote: notBeforeQuote(pack, stage, message) });
      }
    }
    problems.push(...requirementProblems(pack, stage, facts));
    const covered = coveredMaterialIds(stage);
    const missing = requiredMaterialsOf(stage, facts).filter(
      (m) => !project.attachedMaterialIds.includes(m.id) && !covered.has(m.id),
    );
    problems.push(...materialProblems(stage, missing, pack));
  }

  if (problems.length > 0) return { ok: false, problems };

  const events = { ...others, [eventId]: date };
  // What the report itself establishes (密评通过) counts for what comes next.
  const after = factsOf({ ...project, events }, pack);
  const nextStage = currentStage(pack, events);
  const needs = nextStage
    ? requiredMaterialsOf(nextStage, after).filter((m) => !project.attachedMaterialIds.includes(m.id))
    : [];
  const requirements = nextStage ? requirementProblems(pack, nextStage, after) : [];
  const due = pack.timeLimits
    .filter((l) => triggerEvents(l.trigger).includes(eventId) && (!l.when || evaluate(l.when, after)))
    .map((l) => dueDate(pack, l.id, events))
    .filter((d): d is Due => d !== null);
  const previous = project.events[eventId];
  return {
    ok: true,
    event,
    date,
    completes: stage,
    nextStage,
    needs,
    requirements,
    due,
    correction: previous !== undefined && previous !== date ? { previous } : null,
    events,
  };
}

/**
 * Helpers shared by the lifecycle modules: which stages form the main line of a pack, where a
 * project stands on it, the facts conditions read, and how a rule is cited. Pure: no I/O, no clock.
 */
import { articleLabel } from '../rules/articles.js';
import { citation, quoteOf, type ProjectFacts } from '../rules/engine.js';
import type { ArticleNo, LocalDate, RulePack, Stage } from '../rules/types.js';

/** What the lifecycle functions know about a project. */
export interface LifecycleProject {
  /** Project kind id of the pack. */
  kind: string;
  /** The stage id stored for the project (informational: the position is derived from `events`). */
  stage?: string | null;
  /** Lifecycle event id → the date it happened. */
  events: Readonly<Record<string, LocalDate>>;
  /** The engine facts of the project (investment, text, passedCryptoAssessment …). */
  facts?: ProjectFacts;
  /** Material ids already attached to the project. */
  attachedMaterialIds: readonly string[];
  /**
   * Set when a consequence that stops the project (暂停/终止) has been applied: reports are then
   * refused, citing it.
   */
  halted?: { name: string; article: ArticleNo; quote: string } | null;
}

/**
 * Stage ids that are not steps of the main line but happen beside it (a pack's 调整/变更 stage,
 * 暂停, 终止). This is vocabulary of stage ids, not a rule; a pack may also mark any stage with
 * `optional: true`.
 */
export const SIDE_STAGE_IDS: ReadonlySet<string> = new Set(['adjustment', 'change', 'suspension', 'termination']);

export function isSideStage(stage: Stage): boolean {
  return SIDE_STAGE_IDS.has(stage.id) || stage.optional === true;
}

/** The pack's stages on the main line, in pack order. */
export function mainStages(pack: RulePack): Stage[] {
  return pack.stages.filter((s) => !isSideStage(s));
}

/** The stage an event completes, if any. */
export function stageCompletedBy(pack: RulePack, eventId: string): Stage | undefined {
  return pack.stages.find((s) => s.completedBy === eventId);
}

/**
 * Where the project stands: the main stage after the last one whose completing event is known
 * (stages before it that were never reported count as history). Null when the last main stage
 * is done.
 */
export function currentStage(pack: RulePack, events: Readonly<Record<string, LocalDate>>): Stage | null {
  const main = mainStages(pack);
  let last = -1;
  main.forEach((s, i) => {
    if (events[s.completedBy] !== undefined) last = i;
  });
  return main[last + 1] ?? null;
}

/**
 * The facts conditions read for a project: its facts, its kind, its attached materials, and, when
 * the pack is given, what its reported events establish (淮安: 密码应用安全性评估通过 →
 * `passedCryptoAssessment`).
 */
export function factsOf(
  project: Pick<LifecycleProject, 'kind' | 'facts' | 'attachedMaterialIds'> & { events?: LifecycleProject['events'] },
  pack?: RulePack,
): ProjectFacts {
  const established: Record<string, unknown> = {};
  for (const e of pack?.events ?? []) {
    if (e.establishes && project.events?.[e.id] !== undefined) established[e.establishes.fact] = e.establishes.value;
  }
  return {
    ...project.facts,
    ...established,
    kind: project.kind,
    materials: [...project.attachedMaterialIds],
  } as ProjectFacts;
}

function bigrams(s: string): Set<string> {
  const chars = [...s.replace(/[\s\p{P}\p{S}]/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The clause of an article (split at 。；;) that says most nearly what `message` says, by shared
 * character pairs; '' when nothing is shared. Used to quote rules the pack gives without a quote
 * (a stage's `requires`, `notBefore`), so the quote is always the article's own words.
 */
export function bestQuote(pack: RulePack, article: ArticleNo, message: string): string {
  const a = pack.articles.find((x) => x.no === article);
  if (!a) return '';
  const want = bigrams(message);
  let best = '';
  let bestScore = 0;
  for (const clause of a.text.split(/[。；;\n]/)) {
    const c = clause.trim().replace(/^[，,、]+/, '');
    if (c.length < 4) continue;
    const have = bigrams(c);
    let shared = 0;
    for (const b of have) if (want.has(b)) shared++;
    const score = (2 * shared) / (have.size + want.size || 1);
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore > 0 ? best : '';
}

/**
 * `《title》第X条：“quote”` (with the pack's validity note when it is not in force on `on`), or
 * `《title》第X条` when there is no quote or the quote is not in the article.
 */
export function cite(pack: RulePack, article: ArticleNo | null, quote: string, on?: LocalDate): string {
  if (article === null) return '';
  if (quote) {
    try {
      return quoteOf(pack, article, quote, on);
    } catch {
      // fall through to the bare citation
    }
  }
  try {
    const c = citation(pack, article);
    return `《${c.title}》${c.label}`;
  } catch {
    return `《${pack.identity.title}》${articleLabel(article)}`;
  }
}

/** A problem or rule told to a user, with where it comes from. */
export interface Basis {
  message: string;
  /** Null when the problem is not a rule of the pack (a date in the future, an unknown event). */
  article: ArticleNo | null;
  quote: string;
}

/** The shapes the answer engine takes and gives: the question with what is known of the asker, the answer with its citations. */
import type { ProjectFacts } from '../rules/engine.js';
import type { LocalDate, RulePack } from '../rules/types.js';

/** One quoted article: `《title》第X条：“quote”` is `text`. */
export interface Citation {
  packId: string;
  article: number;
  /** 第十七条 */
  label: string;
  /** Words of the article (a substring of its text). */
  quote: string;
  /** 《title》第X条：“quote” */
  text: string;
}

/** What the bot knows about the asker's project (the lead fills it from the database). */
export interface ProjectSnapshot {
  number: string;
  name: string;
  packId: string;
  kind: string;
  /** The stage the project is in now (a stage id of the pack), null before any stage. */
  stage: string | null;
  /** Lifecycle event id → date it happened. */
  events: Record<string, LocalDate>;
  attachedMaterialIds: string[];
  facts: ProjectFacts;
  openDeadlines: { obligation: string; due: LocalDate; article: number }[];
  rectifications: { title: string; deadline: LocalDate; rung: number }[];
}

export interface AnswerInput {
  packs: readonly RulePack[];
  question: string;
  /** The pack of the asker's unit's region. */
  regionPackId?: string;
  today: LocalDate;
  project?: ProjectSnapshot;
}

export type AnswerKind = 'structured' | 'retrieval' | 'none' | 'ask_region' | 'project';

/** A material as listed in an answer; `attached` only in project answers. */
export interface ListedMaterial {
  id: string;
  name: string;
  article: number;
  /** Set for materials required only in some cases: 仅当… */
  condition?: string;
  attached?: boolean;
}

export interface Answer {
  kind: AnswerKind;
  packId?: string;
  title: string;
  /** Plain text lines (not markdown: the card escapes them). */
  lines: string[];
  /** In order of relevance: the first answers the question. */
  citations: Citation[];
  /** The document's validity, when it is not plainly in force (试行已过期, 征求意见稿 …). */
  validityNote?: string;
  /** The question as asked. */
  question?: string;
  /** For ask_region: the regions to choose from. */
  choices?: { packId: string; name: string }[];
  /** What the structured answer is about: { type: 'stage', id: 'final_acceptance' } … */
  topic?: { type: string; id: string };
  /** The materials a materials answer lists, in order. */
  materials?: ListedMaterial[];
  /** Set when a language model phrased `lines`. */
  phrasedBy?: string;
}

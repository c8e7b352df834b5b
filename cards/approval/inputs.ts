/**
 * What the approval cards are built from: the project under approval, the step, the people, the
 * findings and materials. Services fill these from the database; the cards only read them.
 */
import type { ReviewSummary } from '../../src/declaration/review-summary.js';
import type { LocalDate } from '../../src/rules/types.js';

export interface ProjectSummary {
  number: string;
  name: string;
  unitName: string;
  regionName: string;
  kindLabel: string;
  /** Total investment in 万元; null when not known. */
  investmentWan: number | null;
  /** What the reviewer judges: content, amount by fund source, 建设年度, the unit's answers. */
  review?: ReviewSummary;
  /** Set on every card of a change request's route (调整/变更): what the change is. */
  change?: ChangeSummary;
}

/** A change request (调整/变更) under approval. */
export interface ChangeSummary {
  approvedWan: number;
  adjustedWan: number;
  /** |adjusted − approved| / approved. */
  ratio: number;
  /** The unit's reason, in its words. */
  reason?: string;
  /** The pack's rule that makes the change need approval (牡丹区 第二十一条 …). */
  basis: { message: string; article: number | null; quote: string };
}

/** A person: shown by `name` if given, else as a Lark mention of `openId`. */
export interface Who {
  openId: string;
  name?: string;
}

/**
 * What a step asks of its office: decide (同意/退回修改/不同意), notify (a feedback the regulation
 * asks the office to give, confirmed with one button), or record funding (the finance card).
 */
export type StepKind = 'decide' | 'notify' | 'record_funding';

export interface StepInfo {
  name: string;
  kind?: StepKind;
  produces: string;
  article: number;
  quote?: string;
  mode?: 'all' | 'any';
  /** All offices of the step (shown for 会签/或签 when more than one). */
  offices?: readonly string[];
  /** 0-based index and number of steps. */
  position?: { index: number; total: number };
  /** Last working day the step is on time. */
  dueOn?: LocalDate;
}

export interface FindingLine {
  level: 'blocker' | 'warning';
  message: string;
  article: number;
}

/** The finance office's decision: how much is arranged, from which channel. */
export interface FundingRecord {
  amountWan: number;
  fundChannel: string;
}

/** One required material: attached, or generated from the declaration itself (its 申报表). */
export interface MaterialLine {
  name: string;
  attached: boolean;
  generated?: boolean;
  article?: number;
}

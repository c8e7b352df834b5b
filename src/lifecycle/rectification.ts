/**
 * 整改 as a small state machine. A reviewer issues a notice (problems in free text and/or failed
 * checks of the pack, the legal basis, a deadline given as a date or N working days); the unit
 * answers with a 整改报告; the reviewer accepts it or sends it back. A notice that is overdue, or
 * that the reviewer marks as refused (拒不整改 / 整改后仍不符合要求), climbs the pack's ladder of
 * consequences one rung at a time: each rung is proposed to the reviewer and applied only when
 * confirmed. Pure: dates are passed in; every function returns a new object.
 *
 *   issued ──report──▶ reported ──accept──▶ accepted
 *     ▲                   │
 *     └──── returned ◀──return
 *   issued / returned / reported ──refuse──▶ refused
 *   (overdue or refused) ──applyRung──▶ issued (with a new deadline) | closed (last rung) | unchanged
 */
import { addWorkingDays, parseLocalDate } from '../calendar.js';
import type { ArticleNo, ConsequenceRung, LocalDate, RulePack } from '../rules/types.js';

export type DeadlineSpec = { date: LocalDate } | { workingDays: number };

export type RectificationState = 'issued' | 'reported' | 'returned' | 'accepted' | 'refused' | 'closed';

export interface RectificationProblem {
  message: string;
  /** The check of the pack that failed, when the problem is one. */
  checkId?: string;
  article: ArticleNo | null;
  quote: string;
}

export type RectificationStep =
  | { action: 'issue'; at: LocalDate; deadline: LocalDate }
  | { action: 'report'; at: LocalDate; text: string; materialIds: string[]; late: boolean }
  | { action: 'accept'; at: LocalDate; note?: string }
  | { action: 'return'; at: LocalDate; reason: string; deadline: LocalDate }
  | { action: 'refuse'; at: LocalDate; reason: string }
  | { action: 'rung'; at: LocalDate; rung: number; name: string; deadline?: LocalDate };

export interface Rectification {
  id: string;
  issuedOn: LocalDate;
  problems: RectificationProblem[];
  /** The legal basis cited by the notice. */
  basis: { article: ArticleNo; quote: string }[];
  deadline: LocalDate;
  /** The deadline was counted through a year without published holiday arrangements. */
  provisional: boolean;
  state: RectificationState;
  /** The rung of the ladder applied so far (the notice itself is the first rung, 限期整改). */
  rung: number;
  history: RectificationStep[];
}

export type RectificationResult = { ok: true; rect: Rectification } | { ok: false; error: string };

/** The pack's escalation ladder: consequences reached by escalating, in order (not `directFrom` ones). */
export function ladder(pack: RulePack): ConsequenceRung[] {
  return pack.consequences.filter((c) => c.directFrom === undefined).sort((a, b) => a.rung - b.rung);
}

/** The rung after `currentRung`, or null when the ladder has no further rung. */
export function proposeNextRung(pack: RulePack, currentRung: number): ConsequenceRung | null {
  return ladder(pack).find((r) => r.rung > currentRung) ?? null;
}

/** The last day of a deadline given as a date (after `from`) or as N ≥ 1 working days after `from`. */
export function rectificationDeadline(
  from: LocalDate,
  spec: DeadlineSpec,
): { ok: true; date: LocalDate; provisional: boolean } | { ok: false; error: string } {
  if ('date' in spec) {
    let d: LocalDate;
    try {
      d = parseLocalDate(spec.date);
    } catch {
      return { ok: false, error: `整改期限“${spec.date}”不是有效日期` };
    }
    if (d <= from) return { ok: false, error: `整改期限须晚于${from}` };
    return { ok: true, date: d, provisional: false };
  }
  if (!Number.isInteger(spec.workingDays) || spec.workingDays < 1) {
    return { ok: false, error: '整改期限须为至少1个工作日' };
  }
  const r = addWorkingDays(from, spec.workingDays);
  return { ok: true, date: r.date, provisional: r.provisional };
}

export interface IssueInput {
  id: string;
  issuedOn: LocalDate;
  /** Problems in the reviewer's words (one per line or as a list). */
  problems?: string | readonly string[];
  /** Checks of the pack the project fails. */
  failedCheckIds?: readonly string[];
  /** Legal basis; default: the first rung of the ladder (限期整改) and the failed checks' articles. */
  basis?: readonly { article: ArticleNo; quote: string }[];
  deadline: DeadlineSpec;
}

export function issueRectification(pack: RulePack, input: IssueInput): RectificationResult {
  const issuedOn = parseLocalDate(input.issuedOn);
  const texts = (typeof input.problems === 'string' ? input.problems.split(/\n+/) : [...(input.problems ?? [])])
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const problems: RectificationProblem[] = texts.map((message) => ({ message, article: null, quote: '' }));
  for (const id of input.failedCheckIds ?? []) {
    const check = pack.checks.find((c) => c.id === id);
    if (!check) return { ok: false, error: `本办法没有检查项“${id}”` };
    problems.push({ message: check.message, checkId: check.id, article: check.article, quote: check.quote });
  }
  if (problems.length === 0) return { ok: false, error: '请写明需要整改的问题，或选择未通过的检查项' };
  const deadline = rectificationDeadline(issuedOn, input.deadline);
  if (!deadline.ok) return deadline;

  const steps = ladder(pack);
  const first = steps[0];
  let basis = input.basis ? [...input.basis] : [];
  if (!input.basis) {
    if (first) basis.push({ article: first.article, quote: first.quote });
    for (const p of problems) if (p.article !== null) basis.push({ article: p.article, quote: p.quote });
  }
  basis = basis.filter((b, i) => basis.findIndex((x) => x.article === b.article && x.quote === b.quote) === i);

  return {
    ok: true,
    rect: {
      id: input.id,
      issuedOn,
      problems,
      basis,
      deadline: deadline.date,
      provisional: deadline.provisional,
      state: 'issued',
      rung: first?.rung ?? 0,
      history: [{ action: 'issue', at: issuedOn, deadline: deadline.date }],
    },
  };
}

export type RectificationAction =
  | { type: 'report'; at: LocalDate; text: string; materialIds?: readonly string[] }
  | { type: 'accept'; at: LocalDate; note?: string }
  /** Send the report back; the deadline stays unless a new one is given. */
  | { type: 'return'; at: LocalDate; reason: string; deadline?: DeadlineSpec }
  /** The unit refuses, or the rectification still fails after a return: the ladder may be climbed. */
  | { type: 'refuse'; at: LocalDate; reason: string };

const ALLOWED: Record<RectificationAction['type'], readonly RectificationState[]> = {
  report: ['issued', 'returned'],
  accept: ['reported'],
  return: ['reported'],
  refuse: ['issued', 'reported', 'returned'],
};

const STATE_NAMES: Record<RectificationState, string> = {
  issued: '待整改',
  reported: '整改报告待审核',
  returned: '已退回重新整改',
  accepted: '整改已通过',
  refused: '拒不整改或整改不到位',
  closed: '已结束',
};

export function rectificationStateName(state: RectificationState): string {
  return STATE_NAMES[state];
}

export function applyRectificationAction(rect: Rectification, action: RectificationAction): RectificationResult {
  if (!ALLOWED[action.type].includes(rect.state)) {
    return { ok: false, error: `整改当前状态为“${STATE_NAMES[rect.state]}”，不能执行此操作` };
  }
  const at = parseLocalDate(action.at);
  const next = { ...rect, history: [...rect.history] };
  switch (action.type) {
    case 'report': {
      const text = action.text.trim();
      const materialIds = [...(action.materialIds ?? [])];
      if (text === '' && materialIds.length === 0) return { ok: false, error: '整改报告须写明整改情况或上传材料' };
      next.state = 'reported';
      next.history.push({ action: 'report', at, text, materialIds, late: at > rect.deadline });
      break;
    }
    case 'accept':
      next.state = 'accepted';
      next.history.push(
        action.note !== undefined ? { action: 'accept', at, note: action.note } : { action: 'accept', at },
      );
      break;
    case 'return': {
      if (action.reason.trim() === '') return { ok: false, error: '退回须写明理由' };
      if (action.deadline) {
        const d = rectificationDeadline(at, action.deadline);
        if (!d.ok) return d;
        next.deadline = d.date;
        next.provisional = d.provisional;
      }
      next.state = 'returned';
      next.history.push({ action: 'return', at, reason: action.reason.trim(), deadline: next.deadline });
      break;
    }
    case 'refuse':
      next.state = 'refused';
      next.history.push({ action: 'refuse', at, reason: action.reason.trim() });
      break;
  }
  return { ok: true, rect: next };
}

/** Waiting on the unit (issued or returned) after the deadline. */
export function isRectificationOverdue(rect: Rectification, today: LocalDate): boolean {
  return (rect.state === 'issued' || rect.state === 'returned') && today > rect.deadline;
}

export interface EscalationProposal {
  /** `${rectId}:rung:${n}`: propose each rung once. */
  key: string;
  reason: 'overdue' | 'refused';
  rung: ConsequenceRung;
}

/** The rung to propose to the reviewer now, if the notice is overdue or refused and the ladder goes on. */
export function escalationDue(pack: RulePack, rect: Rectification, today: LocalDate): EscalationProposal | null {
  const reason = rect.state === 'refused' ? 'refused' : isRectificationOverdue(rect, today) ? 'overdue' : null;
  if (!reason) return null;
  const rung = proposeNextRung(pack, rect.rung);
  return rung ? { key: `${rect.id}:rung:${rung.rung}`, reason, rung } : null;
}

/**
 * Applies a confirmed rung: it must be the next rung of the ladder. With a new deadline the unit
 * is asked to rectify again (state issued); at the last rung the notice is closed; otherwise the
 * state is kept, so a further rung can be proposed.
 */
export function applyRung(
  pack: RulePack,
  rect: Rectification,
  rungNo: number,
  at: LocalDate,
  options: { deadline?: DeadlineSpec } = {},
): RectificationResult {
  const expected = proposeNextRung(pack, rect.rung);
  if (!expected) return { ok: false, error: '本办法的处理措施已到最后一级' };
  if (expected.rung !== rungNo) return { ok: false, error: `下一级处理措施是“${expected.name}”` };
  if (rect.state === 'accepted' || rect.state === 'closed') {
    return { ok: false, error: `整改当前状态为“${STATE_NAMES[rect.state]}”，不能升级处理` };
  }
  const day = parseLocalDate(at);
  const next: Rectification = { ...rect, rung: expected.rung, history: [...rect.history] };
  const last = proposeNextRung(pack, expected.rung) === null;
  let deadline: LocalDate | undefined;
  if (options.deadline) {
    const d = rectificationDeadline(day, options.deadline);
    if (!d.ok) return d;
    deadline = d.date;
    next.deadline = d.date;
    next.provisional = d.provisional;
    next.state = 'issued';
  } else if (last) {
    next.state = 'closed';
  }
  next.history.push(
    deadline !== undefined
      ? { action: 'rung', at: day, rung: expected.rung, name: expected.name, deadline }
      : { action: 'rung', at: day, rung: expected.rung, name: expected.name },
  );
  return { ok: true, rect: next };
}

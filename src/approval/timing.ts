/**
 * Approval routing, step 3: urging (催办) and escalation timing, in statutory working days of
 * Asia/Shanghai (see `../calendar.ts`). Pure: every instant is passed in.
 *
 * - Urging: at most once per working day per step. An urge on a weekend or holiday counts for the
 *   next working day (that is when the approver will see it), so urging on Friday and again on
 *   Saturday is allowed, but Saturday and again on Monday is not.
 * - Escalation: the step's limit (default 3 working days) counts like every other limit of the
 *   project: the day the step started is not counted, and the step is on time until the end of the
 *   limit's last working day (`dueOn`). On the next working day, from the start of office hours
 *   (09:00 by default), the approver gets an urgent (加急) notification; one working day later the
 *   office's leaders get a message.
 */
import {
  addWorkingDays,
  chineseDate,
  isWorkingDay,
  nextWorkingDay,
  todayInShanghai,
  workingDaysBetween,
} from '../calendar.js';
import type { LocalDate } from '../rules/types.js';
import { DEFAULT_LIMIT_WORKING_DAYS } from './plan.js';

export type Escalation = 'urgent' | 'leader';

/** The working day an urge made on `d` counts for: `d` itself, or the next working day. */
export function urgeDay(d: LocalDate): LocalDate {
  return isWorkingDay(d) ? d : nextWorkingDay(d).date;
}

export type UrgeCheck = { ok: true } | { ok: false; nextOn: LocalDate; message: string };

/** Whether the applicant may urge a step now, given when they last urged it (null: never). */
export function canUrge(lastUrgeAt: Date | null, now: Date): UrgeCheck {
  if (lastUrgeAt === null) return { ok: true };
  const last = urgeDay(todayInShanghai(lastUrgeAt));
  const today = urgeDay(todayInShanghai(now));
  if (today > last) return { ok: true };
  const nextOn = nextWorkingDay(last).date;
  return { ok: false, nextOn, message: `本环节在本工作日已催办过，${chineseDate(nextOn)}起可再次催办` };
}

export interface EscalationOptions {
  /** Working days a step may stay pending (the plan step's `limit.workingDays`); default 3. */
  limitWorkingDays?: number;
  /** Hour (Asia/Shanghai) from which escalations go out on their day; default 9. */
  workdayStartHour?: number;
}

export interface EscalationSchedule {
  /** The last working day the step is on time. */
  dueOn: LocalDate;
  /** When the approver gets the urgent notification. */
  urgentAt: Date;
  /** When the office's leaders are told. */
  leaderAt: Date;
  /** The counting used a year without holiday data. */
  provisional: boolean;
}

function atShanghaiHour(d: LocalDate, hour: number): Date {
  return new Date(`${d}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}

export function escalationSchedule(stepStartedAt: Date, options: EscalationOptions = {}): EscalationSchedule {
  const limit = options.limitWorkingDays ?? DEFAULT_LIMIT_WORKING_DAYS;
  const hour = options.workdayStartHour ?? 9;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limitWorkingDays must be a positive integer: ${limit}`);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error(`workdayStartHour must be 0..23: ${hour}`);
  const started = todayInShanghai(stepStartedAt);
  const due = addWorkingDays(started, limit);
  const urgent = addWorkingDays(started, limit + 1);
  const leader = addWorkingDays(started, limit + 2);
  return {
    dueOn: due.date,
    urgentAt: atShanghaiHour(urgent.date, hour),
    leaderAt: atShanghaiHour(leader.date, hour),
    provisional: due.provisional || urgent.provisional || leader.provisional,
  };
}

/**
 * The escalation to send now for a step pending since `stepStartedAt`, or null. The urgent
 * notification comes first; the leader message only after it was sent (a scheduler that was down
 * sends them on consecutive runs, in order).
 */
export function escalationsDue(
  stepStartedAt: Date,
  now: Date,
  options: EscalationOptions & { alreadyDone: readonly Escalation[] },
): Escalation | null {
  const s = escalationSchedule(stepStartedAt, options);
  const t = now.getTime();
  if (!options.alreadyDone.includes('urgent')) return t >= s.urgentAt.getTime() ? 'urgent' : null;
  if (!options.alreadyDone.includes('leader') && t >= s.leaderAt.getTime()) return 'leader';
  return null;
}

/** Whole working days a step has been pending (the start day not counted). */
export function pendingWorkingDays(stepStartedAt: Date, now: Date): number {
  return Math.max(0, workingDaysBetween(todayInShanghai(stepStartedAt), todayInShanghai(now)));
}

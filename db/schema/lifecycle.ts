/**
 * After approval: what happened to a project (its lifecycle events), the time limits that follow
 * (deadline rows), the reminders promised about them, budget adjustments and 整改 notices.
 * Dates of the regulation are calendar dates in Asia/Shanghai (`date`, read as 'YYYY-MM-DD').
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** One row per project and event of the pack (`contract_signed` …); a correction updates the date. */
export const projectEvents = pgTable(
  'project_events',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    event: text('event').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    reportedBy: text('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    messageId: text('message_id'),
  },
  (t) => [uniqueIndex('project_events_project_event_uq').on(t.projectId, t.event)],
);

/**
 * Every time limit of the pack as a row: per project (event, budget-year and quarterly limits) and
 * per region (annual limits, `project_id` null). `key` is the pure core's stable key
 * (`${limitId}:${from}`), so recomputing after a corrected date adds new rows and cancels old ones.
 * `next_reminder_on` is the working day of the next reminder not yet recorded: the scheduler's
 * sweep reads only rows whose day has come (partial index), so 100 000 projects cost nothing.
 */
export const deadlines = pgTable(
  'deadlines',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id'),
    regionId: text('region_id').notNull(),
    unitId: integer('unit_id'),
    key: text('key').notNull(),
    limitId: text('limit_id').notNull(),
    obligation: text('obligation').notNull(),
    type: text('type', { enum: ['deadline', 'not_before', 'window', 'minimum'] }).notNull(),
    triggerKind: text('trigger_kind', { enum: ['event', 'annual', 'quarterly', 'budget_year_end'] }).notNull(),
    from: date('from', { mode: 'string' }).notNull(),
    due: date('due', { mode: 'string' }).notNull(),
    until: date('until', { mode: 'string' }),
    /** A granted extension: the new last day. */
    extendedTo: date('extended_to', { mode: 'string' }),
    provisional: boolean('provisional').notNull().default(false),
    article: integer('article').notNull(),
    quote: text('quote').notNull(),
    responsible: text('responsible').notNull(),
    extensionArticle: integer('extension_article'),
    /** Annual rows: the year they belong to. */
    year: integer('year'),
    state: text('state', { enum: ['open', 'done', 'cancelled'] })
      .notNull()
      .default('open'),
    doneOn: date('done_on', { mode: 'string' }),
    doneBy: text('done_by'),
    nextReminderOn: date('next_reminder_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('deadlines_project_key_uq').on(t.projectId, t.key).where(sql`${t.projectId} is not null`),
    uniqueIndex('deadlines_region_key_uq').on(t.regionId, t.key).where(sql`${t.projectId} is null`),
    index('deadlines_sweep_idx')
      .on(t.nextReminderOn, t.id)
      .where(sql`${t.state} = 'open' and ${t.nextReminderOn} is not null`),
    index('deadlines_unit_open_idx').on(t.unitId, t.due).where(sql`${t.state} = 'open'`),
    index('deadlines_quarterly_idx').on(t.projectId, t.due).where(sql`${t.triggerKind} = 'quarterly'`),
  ],
);

/**
 * The ledger of promised messages: one row per reminder of a deadline (`d<id>:<reminder key>`),
 * digest of a group and day, region notice, rung proposal. Written in the same transaction as the
 * outbox rows, so a key is sent at most once whatever runs concurrently or crashes. Superseded
 * reminders (a catch-up after missed runs) are recorded without being sent.
 */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    deadlineId: integer('deadline_id'),
    superseded: boolean('superseded').notNull().default(false),
    /** The day the reminder was for. */
    date: date('date', { mode: 'string' }),
    recipients: integer('recipients').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('reminders_sent_deadline_idx').on(t.deadlineId)],
);

/** A unit asks to extend a deadline where the pack allows it (牡丹区 第三十条); the reviewer office decides. */
export const extensionRequests = pgTable(
  'extension_requests',
  {
    id: serial('id').primaryKey(),
    deadlineId: integer('deadline_id').notNull(),
    projectId: integer('project_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedUntil: date('requested_until', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    state: text('state', { enum: ['pending', 'granted', 'refused'] })
      .notNull()
      .default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('extension_requests_deadline_idx').on(t.deadlineId)],
);

/**
 * A budget adjustment (调整/变更) a unit declared, and what the pack made of it. One that needs
 * approval is routed like a declaration (an approval route with subject `change:<id>`); when its
 * last step approves, the project's amount is changed.
 */
export const changeRequests = pgTable(
  'change_requests',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    approvedYuan: bigint('approved_yuan', { mode: 'number' }).notNull(),
    adjustedYuan: bigint('adjusted_yuan', { mode: 'number' }).notNull(),
    ratio: text('ratio').notNull(),
    mode: text('mode', { enum: ['file', 'approval'] }).notNull(),
    /**
     * filed: recorded (备案); pending_approval: its change approval is under way; approved: applied
     * to the project; rejected / returned: the route said no / sent it back (nothing changed).
     */
    state: text('state', { enum: ['filed', 'pending_approval', 'approved', 'rejected', 'returned'] }).notNull(),
    checkId: text('check_id'),
    article: integer('article'),
    /** Why the unit asks for it, in its words. */
    reason: text('reason'),
    requestedBy: text('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('change_requests_project_idx').on(t.projectId),
    // At most one change of a project waits for approval at a time.
    uniqueIndex('change_requests_pending_uq').on(t.projectId).where(sql`${t.state} = 'pending_approval'`),
  ],
);

/**
 * 整改 notices. `data` is the pure core's `Rectification` (problems, basis, deadline, history);
 * the columns beside it are what queries need. `version` guards every change (conditional update).
 */
export const rectifications = pgTable(
  'rectifications',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id').notNull(),
    issuedBy: text('issued_by').notNull(),
    state: text('state', { enum: ['issued', 'reported', 'returned', 'accepted', 'refused', 'closed'] }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    rung: integer('rung').notNull(),
    /** A rung proposed to the reviewer and not yet confirmed or cancelled. */
    proposedRung: integer('proposed_rung'),
    data: jsonb('data').notNull(),
    /** When the notice was issued or last sent back: files the unit sends after it belong to its report. */
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('rectifications_project_idx').on(t.projectId),
    index('rectifications_open_idx').on(t.deadline).where(sql`${t.state} in ('issued', 'returned', 'refused')`),
  ],
);

/**
 * Approval tables: a project's route (its plan and state), a change's route, the card tasks sent
 * to each official, and delegations (转交 of one task, or a deputy for an away period).
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * One approval route per project: the plan (steps resolved to offices and people) and the state
 * machine's state (src/approval/machine.ts) as data. Every decision is a conditional update on
 * `version`, so twenty officials tapping at once make exactly one decision.
 */
export const approvalRoutes = pgTable('approval_routes', {
  projectId: integer('project_id').primaryKey(),
  plan: jsonb('plan').notNull(),
  state: jsonb('state').notNull(),
  version: integer('version').notNull().default(0),
  /** When the current step started: the clock for urging and escalation. */
  stepStartedAt: timestamp('step_started_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * The route of a change request (调整/变更) that needs approval: the same plan and state as a
 * declaration's route, one per change request. Tasks and 转交 of such a route carry the subject
 * `change:<id>` (src/approval/subject.ts); the machinery is the same.
 */
export const changeApprovalRoutes = pgTable(
  'change_approval_routes',
  {
    changeRequestId: integer('change_request_id').primaryKey(),
    projectId: integer('project_id').notNull(),
    plan: jsonb('plan').notNull(),
    state: jsonb('state').notNull(),
    version: integer('version').notNull().default(0),
    stepStartedAt: timestamp('step_started_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('change_approval_routes_project_idx').on(t.projectId)],
);

/**
 * A card sent to one official for one office of one step. `token` is what the card's buttons carry;
 * the server finds the task by it and then checks the operator, never trusting ids in the card.
 */
export const approvalTasks = pgTable(
  'approval_tasks',
  {
    id: serial('id').primaryKey(),
    token: text('token').notNull(),
    projectId: integer('project_id').notNull(),
    /** The route's subject (`declaration`, `change:<id>`). */
    subject: text('subject').notNull().default('declaration'),
    round: integer('round').notNull(),
    stepIndex: integer('step_index').notNull(),
    officeId: integer('office_id').notNull(),
    assignee: text('assignee').notNull(),
    /** Set when the assignee holds the card for someone else (转交, or a deputy while away). */
    onBehalfOf: text('on_behalf_of'),
    note: text('note'),
    status: text('status', { enum: ['pending', 'done', 'closed'] })
      .notNull()
      .default('pending'),
    /** The outbox uuid of the card, to update it in place later. */
    cardUuid: text('card_uuid'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('approval_tasks_token_uq').on(t.token),
    index('approval_tasks_project_idx').on(t.projectId, t.subject, t.round, t.stepIndex),
    index('approval_tasks_pending_idx').on(t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** 转交 of one task, or an away period during which a deputy receives someone's cards. */
export const delegations = pgTable(
  'delegations',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['transfer', 'away'] }).notNull(),
    principal: text('principal').notNull(),
    deputy: text('deputy').notNull(),
    projectId: integer('project_id'),
    /** A 转交's route subject (`declaration`, `change:<id>`). */
    subject: text('subject').notNull().default('declaration'),
    round: integer('round'),
    stepIndex: integer('step_index'),
    officeId: integer('office_id'),
    from: timestamp('from', { withTimezone: true }).notNull(),
    until: timestamp('until', { withTimezone: true }),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('delegations_principal_idx').on(t.principal), index('delegations_project_idx').on(t.projectId)],
);

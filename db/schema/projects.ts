/**
 * Declarations: drafts of the form, declared projects with their readable numbers, the materials
 * attached to either, and the audit log of what was done to a project and by whom.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * A declared project. Money is kept in whole 元 (万元 with four decimals is exactly 元), so sums
 * are exact. `fields` holds the declaration as submitted; `facts` what the rule engine reads.
 * `version` guards every state change (conditional update), so concurrent taps make one change.
 */
export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    /** Readable number, e.g. JZ-2026-0007. */
    number: text('number').notNull(),
    regionId: text('region_id').notNull(),
    policy: text('policy').notNull(),
    unitId: integer('unit_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    investmentYuan: bigint('investment_yuan', { mode: 'number' }).notNull().default(0),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    /** Compliance findings at submission (warnings; blockers stop submission). */
    findings: jsonb('findings').$type<unknown[]>().notNull().default([]),
    status: text('status', {
      enum: ['submitted', 'in_review', 'returned', 'approved', 'rejected', 'suspended', 'terminated'],
    }).notNull(),
    /** Lifecycle stage id of the pack once approved. */
    stage: text('stage'),
    createdBy: text('created_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('projects_number_uq').on(t.number),
    index('projects_unit_idx').on(t.unitId),
    index('projects_region_status_idx').on(t.regionId, t.status),
  ],
);

/** Per region code and year, the last project number handed out. */
export const projectCounters = pgTable(
  'project_counters',
  {
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

/**
 * A declaration being filled in: saved at every step, survives restarts, listed by `我的草稿`.
 * A 退回修改 makes a draft of the returned project (`projectId` set), prefilled.
 */
export const drafts = pgTable(
  'drafts',
  {
    id: serial('id').primaryKey(),
    ownerOpenId: text('owner_open_id').notNull(),
    regionId: text('region_id').notNull(),
    unitId: integer('unit_id').notNull(),
    kind: text('kind'),
    step: integer('step').notNull().default(0),
    values: jsonb('values').$type<Record<string, unknown>>().notNull().default({}),
    /** Field → Chinese message from the last rejected step. */
    errors: jsonb('errors').$type<Record<string, string>>().notNull().default({}),
    projectId: integer('project_id'),
    status: text('status', { enum: ['open', 'submitted', 'deleted'] })
      .notNull()
      .default('open'),
    /** The outbox uuid of the form card, so it can be updated in place. */
    cardUuid: text('card_uuid'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(0),
  },
  (t) => [index('drafts_owner_idx').on(t.ownerOpenId).where(sql`${t.status} = 'open'`)],
);

/** A file the user sent, and which material of which project (or draft) it is. */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id'),
    draftId: integer('draft_id'),
    materialId: text('material_id'),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }),
    senderOpenId: text('sender_open_id').notNull(),
    chatId: text('chat_id').notNull(),
    messageId: text('message_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** Lark's resource type of the message: `file`, or `image` for a picture sent as such. */
    resourceType: text('resource_type', { enum: ['file', 'image'] })
      .notNull()
      .default('file'),
    /**
     * received: only Lark's key is known; fetching: filed, download queued in the outbox; stored: the
     * bytes are in material storage; refused: too large or not what its name says; lost: Lark no
     * longer serves it (recalled, expired). Refused and lost files are filed under nothing.
     */
    storage: text('storage', { enum: ['received', 'fetching', 'stored', 'refused', 'lost'] })
      .notNull()
      .default('received'),
    /** Key in material storage, hex sha256 and content type of the stored bytes (fileSize is their size). */
    storageKey: text('storage_key'),
    sha256: text('sha256'),
    contentType: text('content_type'),
    storedAt: timestamp('stored_at', { withTimezone: true }),
    /** Why the file was refused or lost, for the console and operators. */
    storageNote: text('storage_note'),
  },
  (t) => [
    uniqueIndex('attachments_message_uq').on(t.messageId),
    index('attachments_project_idx').on(t.projectId),
    index('attachments_sender_idx').on(t.senderOpenId),
  ],
);

/** Append-only: who did what, when, on whose behalf, from which message. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: integer('project_id'),
    actorOpenId: text('actor_open_id').notNull(),
    onBehalfOf: text('on_behalf_of'),
    action: text('action').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    messageId: text('message_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_project_idx').on(t.projectId, t.at)],
);

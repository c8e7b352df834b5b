/**
 * The organisation directory (ORG_CONFIG, imported by src/org/store.ts): regions and their rule
 * pack, admins, people's names, offices with their role, units, and who is member or leader where.
 */
import { index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

/** The organisation directory, imported from ORG_CONFIG. */
export const regions = pgTable('regions', {
  id: text('id').primaryKey(),
  policy: text('policy').notNull(),
  name: text('name').notNull(),
});

export const admins = pgTable('admins', {
  openId: text('open_id').primaryKey(),
});

/** People's names from the directory file (`names`), for pages that would otherwise show open_ids. */
export const people = pgTable('people', {
  openId: text('open_id').primaryKey(),
  name: text('name').notNull(),
});

export const offices = pgTable(
  'offices',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    role: text('role').notNull(),
    leaders: jsonb('leaders').$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('offices_region_name_uq').on(t.regionId, t.name)],
);

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    regionId: text('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    chatId: text('chat_id'),
  },
  (t) => [uniqueIndex('units_region_name_uq').on(t.regionId, t.name)],
);

/** Who belongs where: a person can sit in an office and a unit, in one region or several. */
export const memberships = pgTable(
  'memberships',
  {
    openId: text('open_id').notNull(),
    orgType: text('org_type', { enum: ['office', 'unit'] }).notNull(),
    orgId: integer('org_id').notNull(),
    position: text('position', { enum: ['member', 'leader'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.openId, t.orgType, t.orgId, t.position] }),
    index('memberships_org_idx').on(t.orgType, t.orgId),
  ],
);

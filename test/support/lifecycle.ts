/**
 * Helpers for the lifecycle tests: a business clock the test moves, approved projects made the way
 * the approval service makes them (insert, then `onProjectApproved` in one transaction), materials
 * attached, the stored rows read back.
 */
import { and, asc, eq } from 'drizzle-orm';
import { attachments, deadlines, outbox, projects, regions, units } from '../../db/schema/index.js';
import { onProjectApproved } from '../../src/services/lifecycle.js';
import { packById } from '../../src/rules/packs/index.js';
import type { TestBot } from './harness.js';
import type { DeliveredMessage } from './fake-lark.js';
import { cardText } from './card-driver.js';

/** An instant at a Shanghai wall-clock time. */
export function shanghai(date: string, time = '10:00'): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** A clock the test sets; the bot reads it through `clock`. */
export function mutableClock(start: Date) {
  let now = start;
  return {
    clock: () => now,
    set(date: string, time = '10:00') {
      now = shanghai(date, time);
    },
    get now() {
      return now;
    },
  };
}

export interface NewProject {
  number: string;
  regionId: string;
  unitName: string;
  kind: string;
  name: string;
  investmentWan: number;
  facts?: Record<string, unknown>;
  createdBy: string;
  approvedOn: string;
}

let fileCounter = 0;

/** A project approved on `approvedOn` (10:00 Shanghai): status approved, `approved` event, deadline rows. */
export async function approvedProject(bot: TestBot, o: NewProject) {
  const db = bot.database.db;
  const [region] = await db.select().from(regions).where(eq(regions.id, o.regionId));
  const [unit] = await db
    .select()
    .from(units)
    .where(and(eq(units.regionId, o.regionId), eq(units.name, o.unitName)));
  if (!region || !unit) throw new Error(`no unit ${o.regionId}/${o.unitName}`);
  const pack = packById(region.policy)!;
  const at = shanghai(o.approvedOn);
  return db.transaction(async (tx) => {
    const [p] = await tx
      .insert(projects)
      .values({
        number: o.number,
        regionId: o.regionId,
        policy: region.policy,
        unitId: unit.id,
        kind: o.kind,
        name: o.name,
        investmentYuan: Math.round(o.investmentWan * 10_000),
        fields: {},
        facts: { investmentWan: o.investmentWan, ...o.facts },
        status: 'approved',
        createdBy: o.createdBy,
        submittedAt: at,
        approvedAt: at,
      })
      .returning();
    await onProjectApproved(tx, p!, pack, at);
    const [after] = await tx.select().from(projects).where(eq(projects.id, p!.id));
    return after!;
  });
}

/** Materials of the project, as if filed through the material card. */
export async function attach(bot: TestBot, projectId: number, ...materialIds: string[]) {
  for (const materialId of materialIds) {
    fileCounter += 1;
    await bot.database.db.insert(attachments).values({
      projectId,
      materialId,
      fileKey: `file_v2_test${fileCounter}`,
      fileName: `${materialId}.pdf`,
      senderOpenId: 'ou_test',
      chatId: 'oc_test',
      messageId: `om_attach_${fileCounter}_${Math.random().toString(36).slice(2)}`,
      receivedAt: new Date(),
    });
  }
}

export async function deadlineRows(bot: TestBot, projectId: number) {
  return bot.database.db
    .select()
    .from(deadlines)
    .where(eq(deadlines.projectId, projectId))
    .orderBy(asc(deadlines.due), asc(deadlines.id));
}

/** Interactive cards among messages, with their visible text. */
export function cards(messages: readonly DeliveredMessage[]) {
  return messages
    .filter((m) => m.msg_type === 'interactive')
    .map((m) => ({
      to: m.receive_id,
      chat: m.chat_id,
      card: m.content as object,
      text: cardText(m.content as object),
    }));
}

export function texts(messages: readonly DeliveredMessage[]): string[] {
  return messages.map((m) =>
    m.msg_type === 'interactive' ? cardText(m.content as object) : String((m.content as { text?: string }).text ?? ''),
  );
}

/** The outbox dedupe key of each delivered message (through its uuid). */
export async function dedupeKeysOf(bot: TestBot, messages: readonly DeliveredMessage[]): Promise<(string | null)[]> {
  const rows = await bot.database.db.select({ uuid: outbox.uuid, key: outbox.dedupeKey }).from(outbox);
  const byUuid = new Map(rows.map((r) => [r.uuid, r.key]));
  return messages.map((m) => (m.uuid ? (byUuid.get(m.uuid) ?? null) : null));
}

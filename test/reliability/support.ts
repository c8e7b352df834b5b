/**
 * Helpers of the reliability suites: delivery that survives an unreliable Lark (retries made due by
 * a clock the test steps, not by sleeping), table row counts to prove that a refused request wrote
 * nothing, and the per-chat order / exactly-once checks on what the fake Lark received.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf, type Db } from '../../db/client.js';
import { approvalTasks, outbox } from '../../db/schema/index.js';
import { createLarkMessenger } from '../../src/lark/messenger.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { buttonBy, formValue } from '../support/card-driver.js';
import type { FakeLark } from '../support/fake-lark.js';
import { TEST_APP, type TapAnswer, type TestBot } from '../support/harness.js';

/**
 * Makes `bot.deliver()` (and so say/tap/sendFile) deliver everything even while the fake Lark
 * answers 500/429, drops connections or never answers: a Dispatcher with a short call timeout and a
 * stepping clock, drained until no row is pending. Returns how many rounds it took.
 */
export function deliverThroughFaults(
  bot: TestBot,
  o: { timeoutMs?: number; maxRounds?: number } = {},
): { rounds: () => number } {
  let offset = 0;
  let rounds = 0;
  const dispatcher = new Dispatcher({
    db: bot.database.db,
    messenger: createLarkMessenger({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      baseUrl: bot.fake.url,
      timeoutMs: o.timeoutMs ?? 300,
    }),
    now: () => new Date(Date.now() + offset),
    maxAttempts: 60,
    log: (line) => bot.logs.push(line),
  });
  const drain = async () => {
    for (let i = 0; i < (o.maxRounds ?? 200); i++) {
      rounds++;
      await dispatcher.drain();
      if ((await pendingOutbox(bot.database.db)) === 0) return { claimed: 0, sent: 0, retried: 0, failed: 0 };
      // The rest waits for its backoff (or Lark's reset): make it due.
      offset += 10 * 60_000;
    }
    throw new Error(`outbox still has pending rows after ${o.maxRounds ?? 200} rounds`);
  };
  (bot.runtime as { dispatcher: unknown }).dispatcher = {
    drain,
    kick: () => {},
    stop: () => {},
    start: () => {},
    dispatchOnce: drain,
  };
  return { rounds: () => rounds };
}

export async function pendingOutbox(db: Db): Promise<number> {
  const [row] = rowsOf(await db.execute(sql`select count(*)::int as n from outbox where status = 'pending'`));
  return Number(row!.n);
}

/** Row counts of the tables a request can write. */
export const BUSINESS_TABLES = [
  'inbound_events',
  'outbox',
  'drafts',
  'projects',
  'attachments',
  'audit_log',
  'approval_routes',
  'approval_tasks',
  'delegations',
  'deadlines',
  'project_events',
  'extension_requests',
  'change_requests',
  'rectifications',
  'reminders_sent',
] as const;

export async function rowCounts(db: Db, tables: readonly string[] = BUSINESS_TABLES): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const existing = new Set(
    rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)).map(
      (r) => String(r.table_name),
    ),
  );
  for (const t of tables) {
    if (!existing.has(t)) continue;
    const [row] = rowsOf(await db.execute(sql.raw(`select count(*)::int as n from "${t}"`)));
    out[t] = Number(row!.n);
  }
  return out;
}

/** A stable fingerprint of the rows that hold state (status/version columns), to prove nothing changed. */
export async function stateFingerprint(db: Db): Promise<string> {
  const q = async (text: string) => JSON.stringify(rowsOf(await db.execute(sql.raw(text))));
  return [
    await q(`select id, status, version, stage from projects order by id`),
    await q(`select id, status, owner_open_id, version, step from drafts order by id`),
    await q(`select id, status, assignee from approval_tasks order by id`),
    await q(`select project_id, version from approval_routes order by project_id`),
    await q(`select id, state, next_reminder_on, extended_to from deadlines order by id`),
    await q(`select count(*) from audit_log`),
    await q(`select count(*) from outbox`),
  ].join('|');
}

/**
 * What the fake Lark received is what the outbox holds: every sent row delivered exactly once (by
 * its uuid), and for each queue (a chat, a person, a message) in the order the rows were queued.
 */
export async function expectExactlyOnceInOrder(db: Db, fake: FakeLark): Promise<{ rows: number; delivered: number }> {
  // Material downloads (kind fetch) are not messages: their retries through Lark's faults are
  // test/materials-flow.test.ts's; this stepped dispatcher has no storage to download into.
  const rows = (await db.select().from(outbox).orderBy(asc(outbox.id))).filter((r) => r.kind !== 'fetch');
  expect(rows.filter((r) => r.status !== 'sent').map((r) => `${r.kind} ${r.uuid} ${r.status} ${r.lastError}`)).toEqual(
    [],
  );
  const messageRows = rows.filter((r) => r.kind === 'send' || r.kind === 'reply');
  const deliveredUuids = fake.messages.map((m) => m.uuid);
  // No message shown twice.
  expect(deliveredUuids.length).toBe(new Set(deliveredUuids).size);
  const index = new Map(deliveredUuids.map((u, i) => [u, i]));
  for (const r of messageRows)
    expect(index.has(r.uuid), `outbox ${r.uuid} (${r.kind} to ${r.target}) was never delivered`).toBe(true);
  // In order per queue.
  const byQueue = new Map<string, number[]>();
  for (const r of messageRows) byQueue.set(r.queueKey, [...(byQueue.get(r.queueKey) ?? []), index.get(r.uuid)!]);
  for (const [queue, positions] of byQueue)
    expect(positions, `order in ${queue}`).toEqual([...positions].sort((a, b) => a - b));
  return { rows: rows.length, delivered: fake.messages.length };
}

/** The card the fake Lark delivered to a task's assignee. */
export function taskCard(fake: FakeLark, task: typeof approvalTasks.$inferSelect): object {
  const message = fake.messages.find(
    (m) => m.receive_id === task.assignee && JSON.stringify(m.content).includes(task.token),
  );
  expect(message, `card for ${task.assignee}`).toBeDefined();
  return message!.content as object;
}

export async function pendingTasksOf(db: Db, projectId: number) {
  return db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.projectId, projectId), eq(approvalTasks.status, 'pending')));
}

/** The assignee approves from their card (the finance card records an amount and channel). */
export async function approveTask(
  bot: TestBot,
  task: typeof approvalTasks.$inferSelect,
  comment = '同意',
): Promise<TapAnswer> {
  const card = taskCard(bot.fake, task);
  if (JSON.stringify(card).includes('"approval.finance"')) {
    const submit = buttonBy(card, (b) => b.value.action === 'approval.finance');
    return bot.tap({
      openId: task.assignee,
      value: submit.value,
      formValue: formValue(card, { amount_wan: '150', fund_channel: '本级财政预算资金', comment }),
    });
  }
  const button = buttonBy(card, (b) => b.value.action === 'approval.decide' && b.value.decision === 'approve');
  return bot.tap({ openId: task.assignee, value: button.value, formValue: formValue(card, { comment }) });
}

/** Approves every pending office until the route ends. */
export async function approveAll(bot: TestBot, projectId: number): Promise<number> {
  let decisions = 0;
  for (let guard = 0; guard < 20; guard++) {
    const tasks = await pendingTasksOf(bot.database.db, projectId);
    if (!tasks.length) break;
    const byOffice = new Map<number, (typeof tasks)[number]>();
    for (const t of tasks) if (!byOffice.has(t.officeId)) byOffice.set(t.officeId, t);
    for (const t of byOffice.values()) {
      const answer = await approveTask(bot, t);
      expect(answer.toast?.type, JSON.stringify(answer.toast)).toBe('success');
      decisions++;
    }
  }
  return decisions;
}

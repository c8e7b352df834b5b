/**
 * 100 taps on the same approval at the same moment — both members of the reviewer office, each
 * tapping their own card many times, approving and returning: exactly one decision for the step,
 * one success toast, an honest answer for every other tap, and the other member's card closed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRoutes, approvalTasks, auditLog, projects } from '../../db/schema/index.js';
import type { RouteState } from '../../src/approval/machine.js';
import { buttonBy, formValue } from '../support/card-driver.js';
import { testDbKind } from '../support/db.js';
import { declareProject } from '../support/declare.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { pendingTasksOf, taskCard } from './support.js';

describe(`100 concurrent taps on one approval step (${testDbKind})`, () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => new Date('2026-11-23T02:00:00Z') });
  });
  afterAll(async () => bot?.close());

  it('one decision per step', { timeout: 120_000 }, async () => {
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const [project] = await bot.database.db.select().from(projects).where(eq(projects.number, number));
    const tasks = await pendingTasksOf(bot.database.db, project!.id);
    expect(new Set(tasks.map((t) => t.assignee)).size).toBeGreaterThanOrEqual(2);
    const taps = Array.from({ length: 100 }, (_, i) => {
      const task = tasks[i % tasks.length]!;
      const card = taskCard(bot.fake, task);
      const decision = i % 3 === 2 ? 'return' : 'approve';
      const button = buttonBy(card, (b) => b.value.action === 'approval.decide' && b.value.decision === decision);
      return bot.tap({
        openId: task.assignee,
        value: button.value,
        formValue: formValue(card, { comment: decision === 'return' ? '请补充材料' : '同意' }),
      });
    });
    const answers = await Promise.all(taps);
    expect(answers.filter((a) => a.toast?.type === 'success')).toHaveLength(1);
    expect(answers.every((a) => a.toast && a.toast.content.length > 0)).toBe(true);

    const decisions = await bot.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project!.id)));
    expect(decisions.filter((d) => d.action.startsWith('decision:'))).toHaveLength(1);
    const [route] = await bot.database.db
      .select()
      .from(approvalRoutes)
      .where(eq(approvalRoutes.projectId, project!.id));
    expect(route!.version).toBe(1);
    expect((route!.state as RouteState).steps[0]!.offices.filter((o) => o.status !== 'pending')).toHaveLength(1);
    const step0 = await bot.database.db
      .select()
      .from(approvalTasks)
      .where(and(eq(approvalTasks.projectId, project!.id), eq(approvalTasks.stepIndex, 0)));
    expect(step0.filter((t) => t.status === 'done')).toHaveLength(1);
    expect(step0.filter((t) => t.status === 'pending')).toHaveLength(0);
  });
});

/**
 * A project in review, as the approval tests start from: a 150 万元 new build of 金寨县's 县教育局,
 * submitted, its route started and the first step's cards delivered.
 */
import { and, eq } from 'drizzle-orm';
import { projects, units } from '../../db/schema/index.js';
import { packById } from '../../src/rules/packs/index.js';
import { startApproval } from '../../src/services/approval/index.js';
import type { TestBot } from './harness.js';

export async function jinzhaiProjectInReview(
  bot: TestBot,
  o: { number: string; createdBy: string; now: Date; name?: string },
): Promise<typeof projects.$inferSelect> {
  const db = bot.database.db;
  const pack = packById('jinzhai-2022')!;
  const [unit] = await db
    .select()
    .from(units)
    .where(and(eq(units.regionId, 'jinzhai'), eq(units.name, '县教育局')));
  const [project] = await db
    .insert(projects)
    .values({
      number: o.number,
      regionId: 'jinzhai',
      policy: pack.id,
      unitId: unit!.id,
      kind: 'new_build',
      name: o.name ?? '政务协同系统',
      investmentYuan: 1_500_000,
      fields: {},
      facts: { investmentWan: 150 },
      status: 'submitted',
      createdBy: o.createdBy,
      submittedAt: o.now,
    })
    .returning();
  await db.transaction((tx) => startApproval(bot.runtime.ctx, tx, project!.id, pack, o.now));
  await bot.deliver();
  return project!;
}

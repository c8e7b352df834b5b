/**
 * Region notices: the annual windows announced to the region's unit groups or to the reviewer
 * office, each notice once.
 */
import { eq } from 'drizzle-orm';
import { regions, remindersSent, units } from '../../../db/schema/index.js';
import { regionNoticeCard } from '../../../cards/reminder.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { regionNotices } from '../../lifecycle/reminders.js';
import { packInForce } from '../../rules/versions.js';
import { officePeople, unitPeople } from '../lifecycle-store.js';
import { sendCardTo } from '../reply.js';
import { sendToUnitGroup } from '../unit-notices.js';

/**
 * The region's annual windows: opening, 4 weeks and 1 week before the close, to every unit group
 * of the region (units without a group: their members) or, for the office's own limits, to the
 * reviewer office. Each notice once; a superseded one (missed runs) is recorded, not sent.
 */
export async function sendRegionNotices(ctx: AppContext, now: Date): Promise<number> {
  const today = todayInShanghai(now);
  let sent = 0;
  for (const region of await ctx.db.select().from(regions)) {
    const pack = packInForce(ctx.packs, region.policy, today);
    if (!pack) continue;
    for (const notice of regionNotices(pack, today)) {
      const key = `notice:${notice.key}`;
      const done = await ctx.db.transaction(async (tx) => {
        const ledger = await tx
          .insert(remindersSent)
          .values({ key, kind: `notice:${notice.kind}`, superseded: notice.superseded, date: notice.date, sentAt: now })
          .onConflictDoNothing()
          .returning({ key: remindersSent.key });
        if (ledger.length === 0 || notice.superseded) return false;
        const card = regionNoticeCard({ pack, notice, today });
        if (notice.audience === 'units') {
          for (const unit of await tx.select().from(units).where(eq(units.regionId, region.id))) {
            if (unit.chatId) {
              await sendToUnitGroup(tx, unit.chatId, card, `${key}:chat:${unit.chatId}`);
            } else {
              for (const openId of (await unitPeople(tx, unit.id)).members)
                await sendCardTo(tx, openId, card, { dedupeKey: `${key}:ou:${openId}` });
            }
          }
        } else {
          for (const openId of (await officePeople(tx, region.id, notice.responsible)).members)
            await sendCardTo(tx, openId, card, { dedupeKey: `${key}:ou:${openId}` });
        }
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

import type { AppContext } from './context.js';
import { recoverInbound } from './inbound.js';
import { escalateOverdueApprovals } from './services/approval.js';

/**
 * Periodic work, the same function under the Node loop and the Workers cron trigger: events
 * stored but never handled (a crash after the ack) are handled now; approvals pending past their
 * limit escalate. Later features add reminders here.
 */
export async function runScheduledWork(ctx: AppContext): Promise<{ recovered: number; escalated: number }> {
  const recovered = await recoverInbound(ctx);
  const escalated = await escalateOverdueApprovals(ctx);
  return { recovered, escalated };
}

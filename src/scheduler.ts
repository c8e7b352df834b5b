import type { AppContext } from './context.js';
import { recoverInbound } from './inbound.js';
import { REGISTRY } from './registry.js';
import { escalateOverdueApprovals } from './services/approval.js';
import { runLifecycleWork, type LifecycleSweepReport } from './services/reminders.js';

/**
 * Periodic work, the same function under the Node loop and the Workers cron trigger: events
 * stored but never handled (a crash after the ack) are handled now by the registry's handlers;
 * approvals pending past their limit escalate; deadline reminders, digests and notices go out.
 */
export async function runScheduledWork(ctx: AppContext): Promise<{ recovered: number; escalated: number; lifecycle: LifecycleSweepReport }> {
  const recovered = await recoverInbound(ctx, REGISTRY);
  const escalated = await escalateOverdueApprovals(ctx);
  // Deadline reminders, group digests, region notices and 整改 escalations (services/reminders.ts).
  const lifecycle = await runLifecycleWork(ctx);
  return { recovered, escalated, lifecycle };
}

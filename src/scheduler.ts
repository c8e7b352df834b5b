/**
 * The periodic sweep both entries run (a loop on Node, a Cron Trigger on Workers): stored events
 * left unhandled, overdue approvals, lifecycle reminders, and pruning of old event ids.
 */
import type { AppContext } from './context.js';
import { pruneInbound, recoverInbound } from './inbound.js';
import { REGISTRY } from './registry.js';
import { escalateOverdueApprovals, reassignDepartedTasks } from './services/approval/index.js';
import { runLifecycleWork, type LifecycleSweepReport } from './services/reminders/work.js';

/**
 * Periodic work, the same function under the Node loop and the Workers cron trigger: events
 * stored but never handled (a crash after the ack) are handled now; approvals pending past their
 * limit escalate; handled event ids past Lark's redelivery window are dropped.
 */
export async function runScheduledWork(ctx: AppContext): Promise<{
  recovered: number;
  escalated: number;
  reassigned: number;
  pruned: number;
  lifecycle: LifecycleSweepReport;
}> {
  const recovered = await recoverInbound(ctx, REGISTRY);
  const pruned = await pruneInbound(ctx);
  // Tasks held by officials who left their office go to those still in it.
  const reassigned = await reassignDepartedTasks(ctx);
  const escalated = await escalateOverdueApprovals(ctx);
  // Deadline reminders, group digests, region notices and 整改 escalations (services/reminders.ts).
  const lifecycle = await runLifecycleWork(ctx);
  return { recovered, escalated, reassigned, pruned, lifecycle };
}

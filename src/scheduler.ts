import type { AppContext } from './context.js';
import { recoverInbound } from './inbound.js';

/**
 * Periodic work, the same function under the Node loop and the Workers cron trigger: events
 * stored but never handled (a crash after the ack) are handled now. Later features add
 * reminders and escalations here.
 */
export async function runScheduledWork(ctx: AppContext): Promise<{ recovered: number }> {
  const recovered = await recoverInbound(ctx);
  return { recovered };
}

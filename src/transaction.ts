/**
 * One way to run work in a database transaction with a context: services write a change and its
 * outbox rows together, and the dispatcher is woken only after the commit.
 */
import type { Db } from '../db/client.js';
import type { AppContext } from './context.js';

/**
 * Runs `work` with a context whose database is a transaction (a savepoint when `ctx` is already in
 * one), so everything it writes commits together or not at all. Outbox notifications made inside
 * wait for the commit: before it, the dispatcher would not see the rows.
 */
export async function inTransaction<T>(ctx: AppContext, work: (txCtx: AppContext) => Promise<T>): Promise<T> {
  let queued = false;
  const result = await ctx.db.transaction((tx) =>
    work({ ...ctx, db: tx as unknown as Db, notifyOutbox: () => void (queued = true) }),
  );
  if (queued) ctx.notifyOutbox();
  return result;
}

/**
 * Signed-out console sessions, kept in the database until they would have expired, so that a
 * copied cookie is refused by every instance after its logout.
 */
import { eq, lt } from 'drizzle-orm';
import { consoleRevokedSessions } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';

export async function revokeSession(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  sessionId: string,
  expiresAt: Date,
): Promise<void> {
  await ctx.db.insert(consoleRevokedSessions).values({ sessionId, expiresAt }).onConflictDoNothing();
  // Rows of sessions past their expiry protect nothing any more.
  await ctx.db.delete(consoleRevokedSessions).where(lt(consoleRevokedSessions.expiresAt, ctx.clock()));
}

export async function isRevoked(ctx: Pick<AppContext, 'db'>, sessionId: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: consoleRevokedSessions.sessionId })
    .from(consoleRevokedSessions)
    .where(eq(consoleRevokedSessions.sessionId, sessionId));
  return rows.length > 0;
}

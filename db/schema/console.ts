/**
 * Tables of the web console (src/console/): what its stateless sessions need on the server.
 */
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Console sessions signed out before they expired: the cookie is signed and stateless, so a
 * logout is only final once the server refuses its session id. A row can go once `expires_at`
 * has passed (the cookie is worthless by then).
 */
export const consoleRevokedSessions = pgTable(
  'console_revoked_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('console_revoked_sessions_expires_idx').on(t.expiresAt)],
);

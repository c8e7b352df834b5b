import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf, type Database } from '../../db/client.js';
import { MAX_PREPARED_PARAMETERS } from '../../db/prepared-statements.js';
import { openSecondConnection, openTestDatabase, testDbKind } from '../support/db.js';

// postgres.js prepares only its own tagged queries; drizzle's go through unsafe(). db/client.ts
// wraps the client so that short statements are prepared too (PGlite has no such thing).
describe.skipIf(testDbKind !== 'postgres')('prepared statements on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    // One connection, so pg_prepared_statements (per session) sees every statement this test sent.
    database = await openTestDatabase({ maxConnections: 1 });
  });
  afterAll(async () => database?.close());

  const prepared = async (db: Database['db'], marker: string) =>
    rowsOf(await db.execute(sql`select statement from pg_prepared_statements`))
      .map((r) => String(r.statement))
      .filter((s) => s.includes(marker));

  it('prepares a short parameterised statement once and reuses it', async () => {
    for (let i = 0; i < 3; i++) {
      const rows = rowsOf(await database.db.execute(sql`select ${i}::int + 1 as short_marker`));
      expect(rows[0]!.short_marker).toBe(i + 1);
    }
    expect(await prepared(database.db, 'short_marker')).toHaveLength(1);
  });

  it('prepares inside a transaction too', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select ${'x'}::text as tx_marker`);
    });
    expect(await prepared(database.db, 'tx_marker')).toHaveLength(1);
  });

  it('leaves statements with many parameters unnamed (each length would be a statement kept for good)', async () => {
    const values = Array.from({ length: MAX_PREPARED_PARAMETERS + 1 }, (_, i) => sql`${i}::int`);
    const rows = rowsOf(await database.db.execute(sql`select array[${sql.join(values, sql`, `)}] as long_marker`));
    expect(rows[0]!.long_marker).toHaveLength(MAX_PREPARED_PARAMETERS + 1);
    expect(await prepared(database.db, 'long_marker')).toHaveLength(0);
  });

  it('prepares nothing when turned off (a pooler in transaction mode)', async () => {
    const unprepared = (await openSecondConnection(database, { maxConnections: 1, preparedStatements: false }))!;
    try {
      await unprepared.db.execute(sql`select ${1}::int as off_marker`);
      expect(await prepared(unprepared.db, 'off_marker')).toHaveLength(0);
    } finally {
      await unprepared.close();
    }
  });
});

import postgres from 'postgres';
import { migrate, openDatabase, type Database, type OpenOptions } from '../../db/client.js';

/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a new
 * database on the Postgres server named by TEST_DATABASE_URL (dropped again on close).
 */
export async function openTestDatabase(o: { maxConnections?: number } = {}): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return database;
  }
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: testUrl.toString(), maxConnections: o.maxConnections ?? 10 });
  await migrate(database);
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export const testDbKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A second connection pool to the same database (two instances of the app side by side, or other pool options). */
export async function openSecondConnection(
  database: Database,
  o: Omit<OpenOptions, 'databaseUrl' | 'dataDir'> = {},
): Promise<Database | null> {
  if (database.kind !== 'postgres') return null;
  const client = (database.db as unknown as { $client: { options: { database: string } } }).$client;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${client.options.database}`;
  return openDatabase({ ...o, databaseUrl: url.toString() });
}

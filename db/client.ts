/**
 * The database handle for both drivers: Postgres (postgres.js) in production, PGlite (Postgres
 * compiled to WebAssembly) for a single machine and tests. Opens either behind one `Db` type, runs
 * the committed migrations, and names the handle types the code above passes around.
 */
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';
import { MIGRATIONS } from './migrations.generated.js';
import { preparingClient } from './prepared-statements.js';

/** One type for both drivers: the code above this module never knows which one it talks to. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';
/** An open transaction (the argument of `db.transaction`'s callback): a function that must run inside one takes a Tx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database handle or an open transaction, for a function that works inside or outside one. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; absent → embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** Prepare short statements per connection (default); off behind a pooler that cannot keep them (PgBouncer in transaction mode). */
  preparedStatements?: boolean;
}

/** postgres.js returns an array, PGlite `{ rows }`: one shape for the rest of the code. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  return ((result as { rows?: Record<string, unknown>[] }).rows ?? []) as Record<string, unknown>[];
}

/** Opens Postgres (postgres.js) when a URL is given, else embedded PGlite persisted in dataDir. */
export async function openDatabase(o: OpenOptions): Promise<Database> {
  if (o.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(o.databaseUrl, {
      max: o.maxConnections ?? 10,
      onnotice: () => {},
      // Fail fast while the server is down so the webhook can answer 5xx and Lark retries.
      connect_timeout: 5,
    });
    const db = drizzle(o.preparedStatements === false ? client : preparingClient(client), { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = o.dataDir ?? '.data';
  if (!dataDir.startsWith('memory://')) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create(dataDir.startsWith('memory://') ? undefined : `${dataDir}/pglite`);
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}

/**
 * Applies the committed drizzle-kit migrations (bundled as data, so the Workers runtime needs no
 * file system). An advisory lock keeps two instances starting together from racing.
 */
export async function migrate(database: Database): Promise<void> {
  const { db } = database;
  const lockId = 72_340_117; // any constant shared by all instances of this app
  await db.execute(sql`select pg_advisory_lock(${lockId})`);
  try {
    // drizzle's dialect.migrate is what its own migrators call after reading the folder.
    const internal = db as unknown as {
      dialect: { migrate(m: unknown, session: unknown, config: object): Promise<void> };
      session: unknown;
    };
    await internal.dialect.migrate(MIGRATIONS, internal.session, { migrationsSchema: 'drizzle' });
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${lockId})`);
  }
}

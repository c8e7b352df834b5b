import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, rowsOf, type Database } from '../../db/client.js';
import { MIGRATIONS } from '../../db/migrations.generated.js';

// Upgrading a database that already holds data: each migration must apply over what the earlier
// code wrote, not only to an empty schema.

type Internal = { dialect: { migrate(m: unknown, session: unknown, config: object): Promise<void> }; session: unknown };

async function migrateUpTo(database: Database, count: number): Promise<void> {
  const internal = database.db as unknown as Internal;
  await internal.dialect.migrate(MIGRATIONS.slice(0, count), internal.session, { migrationsSchema: 'drizzle' });
}

const CHANGE_ROUTES = MIGRATIONS.findIndex((m) =>
  m.sql.some((s) => s.includes('CREATE TABLE "change_approval_routes"')),
);

describe('0004 (change approval routes) over changes recorded before it', () => {
  let database: Database;
  afterAll(async () => database?.close());

  it('closes the changes left pending without a route, so the one-pending-per-project index can be built', async () => {
    expect(CHANGE_ROUTES).toBeGreaterThan(0);
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateUpTo(database, CHANGE_ROUTES);
    // Before routes existed, a change needing approval stayed pending_approval; two on one project were possible.
    for (const adjusted of [1_000_000, 1_200_000]) {
      await database.db.execute(sql`
        insert into change_requests (project_id, approved_yuan, adjusted_yuan, ratio, mode, state, requested_by, created_at)
        values (7, 800000, ${adjusted}, '0.25', 'approval', 'pending_approval', 'ou_unit', now())`);
    }
    await database.db.execute(sql`
      insert into change_requests (project_id, approved_yuan, adjusted_yuan, ratio, mode, state, requested_by, created_at)
      values (7, 800000, 850000, '0.06', 'file', 'filed', 'ou_unit', now())`);

    await migrateUpTo(database, MIGRATIONS.length);

    const rows = rowsOf(await database.db.execute(sql`select state, decided_at from change_requests order by id`)) as {
      state: string;
      decided_at: unknown;
    }[];
    expect(rows.map((r) => r.state)).toEqual(['returned', 'returned', 'filed']);
    expect(rows[0]!.decided_at).not.toBeNull();
    expect(rows[2]!.decided_at).toBeNull();
    // The index holds from now on: a second pending change of the same project is refused.
    const insertPending = () =>
      database.db.execute(sql`
        insert into change_requests (project_id, approved_yuan, adjusted_yuan, ratio, mode, state, requested_by, created_at)
        values (7, 800000, 1100000, '0.375', 'approval', 'pending_approval', 'ou_unit', now())`);
    await insertPending();
    await expect(insertPending()).rejects.toThrow();
  });
});

const KEEP_MATERIALS = MIGRATIONS.findIndex((m) => m.sql.some((s) => s.includes('ADD COLUMN "storage"')));

describe('0006 (materials kept) over files filed before it', () => {
  let database: Database;
  afterAll(async () => database?.close());

  it('queues the download of every filed file once, and leaves unfiled ones alone', async () => {
    expect(KEEP_MATERIALS).toBeGreaterThan(0);
    database = await openDatabase({ dataDir: 'memory://' });
    await migrateUpTo(database, KEEP_MATERIALS);
    for (const [key, project, material] of [
      ['file_filed', 7, 'plan'],
      ['file_loose', null, null],
    ] as const) {
      await database.db.execute(sql`
        insert into attachments (project_id, material_id, file_key, file_name, sender_open_id, chat_id, message_id, received_at)
        values (${project}, ${material}, ${key}, 'a.pdf', 'ou_unit', 'oc_p2p', ${`om_${key}`}, now())`);
    }
    await migrateUpTo(database, MIGRATIONS.length);
    const files = rowsOf(await database.db.execute(sql`select file_key, storage from attachments order by file_key`));
    expect(files).toEqual([
      { file_key: 'file_filed', storage: 'fetching' },
      { file_key: 'file_loose', storage: 'received' },
    ]);
    const jobs = rowsOf(await database.db.execute(sql`select kind, target, msg_type, content, dedupe_key from outbox`));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'fetch', target: 'om_file_filed', msg_type: 'file' });
    expect(JSON.parse(String(jobs[0]!.content))).toMatchObject({ fileKey: 'file_filed' });
  });
});

/**
 * Outbox claim under a backlog: how long one claim of the dispatcher takes when thousands of
 * replies wait, side by side for the claim before (one anti-join probe per pending row: is an older
 * row of its queue still pending? with the index on next_attempt_at it had) and the claim now
 * (`claimDueHeads`, one skip-scan probe per queue, on the current schema). Each runs on its own
 * database holding the same rows. Each claim runs in a transaction that is rolled back, so every
 * one sees the same backlog; the two alternate claim by claim. Measured three times: with the table's statistics from before
 * the burst (autoanalyze lags behind one), then with the dead index entries a busy drain leaves
 * while a long transaction keeps vacuum from removing them, then vacuumed and analysed.
 *
 *   npm run bench:claim                                   # 200 queues × 100 pending rows
 *   npm run bench:claim -- --queues 2000 --pending 10      # many chats, few rows each
 *   BENCH_DATABASE_URL=postgres://… npm run bench:claim    # another server (default: local, trust)
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { migrate, openDatabase, rowsOf, type Db } from '../db/client.js';
import { claimDueHeads } from '../src/outbox/claim.js';
import { freshDatabase } from './lib/pg.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const QUEUES = arg('queues', 200);
const PENDING = arg('pending', 100);
const SENT = arg('sent', 50);
const CLAIMS = arg('claims', 15);
const BATCH = 50;

/** The claim as it was before the skip scan, kept here as the baseline. */
async function claimByProbingEveryRow(db: Db, now: Date, leaseUntil: Date): Promise<number[]> {
  const result = await db.execute(sql`
    with candidates as (
      select o.id from outbox o
      where o.status = 'pending'
        and o.next_attempt_at <= ${now.toISOString()}::timestamptz
        and (o.locked_until is null or o.locked_until < ${now.toISOString()}::timestamptz)
        and not exists (
          select 1 from outbox p
          where p.queue_key = o.queue_key and p.status = 'pending' and p.id < o.id
        )
      order by o.id
      limit ${BATCH}
      for update skip locked
    )
    update outbox set locked_until = ${leaseUntil.toISOString()}::timestamptz, attempts = outbox.attempts + 1
    from candidates where outbox.id = candidates.id
    returning outbox.id as id`);
  return rowsOf(result)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

async function insertRows(db: Db, from: number, count: number, status: 'sent' | 'pending') {
  await db.execute(sql`
    insert into outbox (uuid, kind, target, target_type, msg_type, content, queue_key, status, sent_at)
    select gen_random_uuid()::text, 'reply', 'om_' || n, 'message_id', 'interactive', '{}',
           'chat:oc_' || (n % ${QUEUES}), ${status}::text, case when ${status}::text = 'sent' then now() end
    from generate_series(${from}::int, ${from + count - 1}::int) n`);
}

class Rollback extends Error {}

/** Runs one claim in a transaction that is rolled back; returns its milliseconds and ids. */
async function timed(db: Db, claim: (tx: Db) => Promise<number[]>): Promise<{ ms: number; ids: number[] }> {
  let out = { ms: 0, ids: [] as number[] };
  await db
    .transaction(async (tx) => {
      const t0 = performance.now();
      const ids = await claim(tx as unknown as Db);
      out = { ms: performance.now() - t0, ids };
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return out;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

async function measure(before: Db, now_: Db, label: string) {
  const now = new Date(Date.now() + 1_000);
  const leaseUntil = new Date(now.getTime() + 60_000);
  const figures = { before: [] as number[], now: [] as number[] };
  for (let i = 0; i < CLAIMS; i++) {
    const a = await timed(before, (tx) => claimByProbingEveryRow(tx, now, leaseUntil));
    const b = await timed(now_, (tx) => claimDueHeads(tx, { now, leaseUntil, batchSize: BATCH }));
    if (a.ids.join() !== b.ids.join()) throw new Error(`the two claims chose different rows: ${a.ids} / ${b.ids}`);
    figures.before.push(a.ms);
    figures.now.push(b.ms);
  }
  const row = (name: string, xs: number[]) =>
    `${label.padEnd(44)} ${name.padEnd(34)} median ${quantile(xs, 0.5).toFixed(1).padStart(8)} ms   p90 ${quantile(xs, 0.9).toFixed(1).padStart(8)} ms`;
  console.log(row('before: a probe per pending row', figures.before));
  console.log(row('now: a probe per queue', figures.now));
}

/** A scratch database at the current schema, or at the schema the claim before had. */
async function scratch(withIndexOfBefore: boolean) {
  const fresh = await freshDatabase('bench_claim');
  const database = await openDatabase({ databaseUrl: fresh.url });
  await migrate(database);
  if (withIndexOfBefore)
    await database.db.execute(
      sql`create index outbox_due_idx on outbox (next_attempt_at, id) where status = 'pending'`,
    );
  const holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
  return {
    db: database.db,
    holder,
    async drop() {
      await holder.end();
      await database.close();
      await fresh.drop();
    },
  };
}

type Scratch = Awaited<ReturnType<typeof scratch>>;
const both = async (dbs: Scratch[], f: (s: Scratch) => Promise<unknown>) => {
  for (const d of dbs) await f(d);
};

const before = await scratch(true);
const current = await scratch(false);
const dbs = [before, current];
try {
  // The table's statistics are taken while it is small, as before a burst: autoanalyze runs only
  // after a share of the table has changed, and a burst of replies outruns it. Autovacuum is kept
  // off so that each scenario below is what its label says.
  await both(dbs, async ({ db }) => {
    await db.execute(sql`alter table outbox set (autovacuum_enabled = off)`);
    await insertRows(db, 0, QUEUES, 'sent');
    await db.execute(sql`vacuum analyze outbox`);
    // Each queue's oldest rows were sent (the drain's past), the rest wait, round robin as replies
    // to many people arrive.
    await insertRows(db, QUEUES, QUEUES * SENT, 'sent');
    await insertRows(db, QUEUES * (SENT + 1), QUEUES * PENDING, 'pending');
  });
  console.log(
    `outbox: ${QUEUES} queues, ${QUEUES * PENDING} pending rows, ${QUEUES * (SENT + 1)} sent; ${CLAIMS} claims of ${BATCH} each, alternating\n`,
  );
  await measure(before.db, current.db, 'statistics from before the burst');

  // A drain in progress: a long transaction holds back vacuum while every pending row is claimed
  // and put back for a retry twice, as under rate limits, and some are sent.
  const held = await Promise.all(dbs.map((d) => d.holder.reserve()));
  for (const h of held) {
    await h`begin isolation level repeatable read`;
    await h`select count(*) from outbox`;
  }
  await both(dbs, async ({ db }) => {
    for (let round = 0; round < 2; round++)
      await db.execute(
        sql`update outbox set locked_until = null, attempts = attempts + 1, next_attempt_at = now() where status = 'pending'`,
      );
    await db.execute(sql`update outbox set status = 'sent' where status = 'pending' and id % ${PENDING} = 0`);
  });
  await measure(before.db, current.db, '…and dead entries a long transaction keeps');
  for (const h of held) {
    await h`rollback`;
    h.release();
  }

  await both(dbs, ({ db }) => db.execute(sql`vacuum analyze outbox`));
  await measure(before.db, current.db, 'vacuumed, statistics up to date');
} finally {
  await both(dbs, (d) => d.drop());
}

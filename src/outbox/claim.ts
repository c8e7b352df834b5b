/**
 * The outbox's claim: which due rows this instance takes next, under a lease, so that several
 * instances share the work (FOR UPDATE SKIP LOCKED) and each queue (a chat, a person, a message)
 * sees its rows in order: only the oldest pending row of a queue is eligible.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';

export interface ClaimOptions {
  now: Date;
  /** Until when the claimed rows are this instance's; after it another may take them over. */
  leaseUntil: Date;
  batchSize: number;
}

/** Leases up to `batchSize` due heads of their queues, oldest first, and returns their ids. */
export async function claimDueHeads(db: Db, o: ClaimOptions): Promise<number[]> {
  // Raw SQL parameters as ISO strings: postgres.js cannot bind a Date inside drizzle's sql``.
  const now = o.now.toISOString();
  // Written so that one plan fits whatever the table's statistics say: during a burst they lag
  // behind (autoanalyze waits for its turn), and a planner that believes few rows are pending chose
  // a plan that compared every pending row with every head, seconds a claim (bench/outbox-claim.ts).
  //  - heads: a skip scan of the pending (queue_key, id) index, one probe per queue;
  //  - due: the oldest due heads, at most a batch;
  //  - claimed: each of them locked by its own index lookup, skipping those another instance holds.
  const result = await db.execute(sql`
    with recursive heads as (
      (select p.queue_key, p.id, p.next_attempt_at, p.locked_until from ${outbox} p
       where p.status = 'pending' order by p.queue_key, p.id limit 1)
      union all
      select next.* from heads h cross join lateral (
        select p.queue_key, p.id, p.next_attempt_at, p.locked_until from ${outbox} p
        where p.status = 'pending' and p.queue_key > h.queue_key
        order by p.queue_key, p.id
        limit 1
      ) next
    ), due as (
      select queue_key, id from heads
      where next_attempt_at <= ${now}::timestamptz and (locked_until is null or locked_until < ${now}::timestamptz)
      order by id
      limit ${o.batchSize}
    ), claimed as (
      -- The conditions again on the locked row: another instance may have sent or leased it since.
      select locked.id from due d cross join lateral (
        select o.id from ${outbox} o
        where o.queue_key = d.queue_key and o.id = d.id and o.status = 'pending'
          and o.next_attempt_at <= ${now}::timestamptz
          and (o.locked_until is null or o.locked_until < ${now}::timestamptz)
        for update skip locked
      ) locked
    )
    update ${outbox} set locked_until = ${o.leaseUntil.toISOString()}::timestamptz, attempts = ${outbox.attempts} + 1
    from claimed where ${outbox.id} = claimed.id
    returning ${outbox.id} as id`);
  return rowsOf(result)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

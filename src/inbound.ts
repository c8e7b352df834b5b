/**
 * Stored inbound events: the webhook and the long connection store each event before acking it,
 * workers handle the stored rows in transactions, and the scheduler's sweep runs what a crash left.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { inboundEvents } from '../db/schema/index.js';
import type { AppContext } from './context.js';
import type { EnvelopeV2 } from './lark/envelope.js';
import { handlerFor, type Registry } from './lark/dispatch.js';
import { inTransaction } from './transaction.js';

const MAX_ATTEMPTS = 5;
/** Rows per multi-row insert: one commit acknowledges them all. */
const MAX_INSERT_BATCH = 256;

type InboundRow = typeof inboundEvents.$inferInsert;
export type InboundOutcome = 'done' | 'skipped' | 'failed' | 'retry';

/**
 * Group commit for the webhook: requests arriving while inserts are in flight are stored together
 * by the next one, so under load one durable commit acknowledges many events, and a lone request
 * waits for nobody. Up to `maxInFlight` inserts overlap, so that the server prepares the next batch
 * while the database syncs the last. Returns, per row, whether it was new.
 */
class InboundWriter {
  private queue: { row: InboundRow; resolve: (fresh: boolean) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly maxInFlight: number,
  ) {}

  store(row: InboundRow): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      this.inFlight++;
      void this.write(this.queue.splice(0, MAX_INSERT_BATCH)).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(batch: InboundWriter['queue']): Promise<void> {
    try {
      const fresh = await this.insert(batch.map((b) => b.row));
      batch.forEach((b, i) => b.resolve(fresh[i]!));
    } catch (e) {
      if (batch.length === 1 || !isDataException(e)) {
        for (const b of batch) b.reject(e);
        return;
      }
      // One event the database cannot hold must not refuse its neighbours: store them one by one.
      for (const b of batch) await this.insert([b.row]).then(([fresh]) => b.resolve(fresh!), b.reject);
    }
  }

  /**
   * Inserts the rows; a row is fresh when it was stored and no earlier row of the batch had its
   * event_id. The rows travel as one JSON parameter that Postgres unpacks (jsonb_to_recordset):
   * one short statement whatever the batch size, prepared once per connection, where a drizzle
   * multi-row insert is built value by value on every call (the webhook's costliest step).
   */
  private async insert(rows: InboundRow[]): Promise<boolean[]> {
    const records = rows.map((r) => ({
      event_id: r.eventId,
      event_type: r.eventType,
      message_id: r.messageId ?? null,
      payload: r.payload,
      status: r.status ?? 'pending',
      received_at: r.receivedAt,
      processed_at: r.processedAt ?? null,
    }));
    const stored = rowsOf(
      await this.db.execute(sql`
        insert into inbound_events (event_id, event_type, message_id, payload, status, received_at, processed_at)
        select event_id, event_type, message_id, payload, status, received_at, processed_at
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
          as r(event_id text, event_type text, message_id text, payload jsonb, status text, received_at timestamptz, processed_at timestamptz)
        on conflict do nothing
        returning event_id`),
    );
    const unclaimed = new Set(stored.map((r) => String(r.event_id)));
    return rows.map((r) => unclaimed.delete(r.eventId));
  }
}

const writers = new WeakMap<Db, InboundWriter>();

/**
 * Stores an event before the webhook acks it. Returns false for a redelivery: the same event_id,
 * or (for messages) the same message_id under a new event_id.
 */
export function persistInbound(
  ctx: Pick<AppContext, 'db' | 'dbKind' | 'clock'>,
  envelope: EnvelopeV2,
): Promise<boolean> {
  const message = (envelope.event as { message?: { message_id?: unknown } }).message;
  const messageId =
    envelope.header.event_type === 'im.message.receive_v1' && typeof message?.message_id === 'string'
      ? message.message_id
      : null;
  return writerFor(ctx).store({
    eventId: envelope.header.event_id,
    eventType: envelope.header.event_type,
    messageId,
    payload: envelope,
    receivedAt: ctx.clock(),
  });
}

/**
 * Records a card callback, which is handled in its request, as done: a replay of the same
 * callback is then refused. Returns false for a replay. (A second tap is a new callback.)
 */
export function recordCardCallback(
  ctx: Pick<AppContext, 'db' | 'dbKind' | 'clock'>,
  envelope: EnvelopeV2,
): Promise<boolean> {
  const now = ctx.clock();
  return writerFor(ctx).store({
    eventId: envelope.header.event_id,
    eventType: envelope.header.event_type,
    payload: envelope,
    status: 'done',
    receivedAt: now,
    processedAt: now,
  });
}

/** PGlite runs one statement at a time: a second insert in flight would only wait. */
function writerFor({ db, dbKind }: Pick<AppContext, 'db' | 'dbKind'>): InboundWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new InboundWriter(db, dbKind === 'pglite' ? 1 : 2)));
  return writer;
}

/**
 * Handles stored events in one transaction: each row is locked (FOR UPDATE SKIP LOCKED, so two
 * workers never run the same event), the handlers run, and the rows are marked done in the same
 * commit as the handlers' writes. A crash before the commit leaves the events pending with nothing
 * of their handlers written; the recovery sweep runs them again.
 *
 * The first pass is optimistic: every handler in the one transaction, no savepoint between them,
 * one statement marking them all done (handlers rarely fail, and each savepoint costs round
 * trips). If any handler throws, that pass is rolled back whole and the batch is handled again
 * with a savepoint per event, so a failing event keeps its error (and is retried, up to
 * MAX_ATTEMPTS) without undoing its neighbours.
 */
export async function processInboundBatch(
  ctx: AppContext,
  registry: Registry,
  eventIds: readonly string[],
): Promise<Map<string, InboundOutcome>> {
  if (eventIds.length === 0) return new Map();
  const allSkipped = () => new Map<string, InboundOutcome>(eventIds.map((id) => [id, 'skipped']));
  let outcomes = allSkipped();
  try {
    await handleBatchOptimistically(ctx, registry, eventIds, outcomes);
  } catch {
    // Rolled back whole, whatever failed (a handler, or a statement after one that swallowed a
    // database error): the careful pass below records the culprit's error, or meets the same fault again.
    outcomes = allSkipped();
    await handleBatchOneByOne(ctx, registry, eventIds, outcomes);
  }
  if (ctx.metrics)
    for (const outcome of outcomes.values()) if (outcome !== 'skipped') ctx.metrics.eventHandled(outcome);
  return outcomes;
}

/** The locked pending rows of `eventIds`, in arrival order (one person's messages in the order sent). */
async function lockPending(tx: Db, eventIds: readonly string[]) {
  const rows = await tx
    .select()
    .from(inboundEvents)
    .where(and(inArray(inboundEvents.eventId, [...eventIds]), eq(inboundEvents.status, 'pending')))
    .for('update', { skipLocked: true });
  const order = new Map(eventIds.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.eventId)! - order.get(b.eventId)!);
}

/** Runs a stored event's handler from the registry. */
function runHandler(ctx: AppContext, registry: Registry, row: typeof inboundEvents.$inferSelect): Promise<void> {
  const handler = handlerFor(registry.events, row.eventType);
  if (!handler) throw new Error(`no handler for ${row.eventType}`);
  return handler(ctx, (row.payload as EnvelopeV2).event);
}

/** Marks handled events done, one attempt more, in the transaction that holds their handlers' writes. */
function markDone(ctx: AppContext, eventIds: string[]) {
  return ctx.db
    .update(inboundEvents)
    .set({
      status: 'done',
      attempts: sql`${inboundEvents.attempts} + 1`,
      processedAt: ctx.clock(),
      lockedUntil: null,
      lastError: null,
    })
    .where(inArray(inboundEvents.eventId, eventIds));
}

/**
 * One pass over a batch: sets the outcome of each event it handles; the others (held or handled
 * by another worker) stay 'skipped'.
 */
type BatchPass = (
  ctx: AppContext,
  registry: Registry,
  eventIds: readonly string[],
  outcomes: Map<string, InboundOutcome>,
) => Promise<void>;

const handleBatchOptimistically: BatchPass = async (ctx, registry, eventIds, outcomes) => {
  await inTransaction(ctx, async (txCtx) => {
    const rows = await lockPending(txCtx.db, eventIds);
    for (const row of rows) await runHandler(txCtx, registry, row);
    if (rows.length === 0) return;
    await markDone(
      txCtx,
      rows.map((r) => r.eventId),
    );
    for (const row of rows) outcomes.set(row.eventId, 'done');
  });
};

const handleBatchOneByOne: BatchPass = async (ctx, registry, eventIds, outcomes) => {
  const logs: string[] = [];
  await inTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    for (const row of await lockPending(tx, eventIds)) {
      const attempts = row.attempts + 1;
      try {
        await inTransaction(txCtx, (handlerCtx) => runHandler(handlerCtx, registry, row));
        await markDone(txCtx, [row.eventId]);
        outcomes.set(row.eventId, 'done');
      } catch (e) {
        const cause = (e as { cause?: { message?: string } }).cause?.message;
        // Drizzle's message is the failed statement; the driver's reason is in `cause`.
        const message = e instanceof Error ? e.message : String(e);
        const error = cause ? `${cause} (${message})` : message;
        // Malformed events and values the database refuses (a NUL, a key too long to index) fail the same way every time.
        const isBadInput = (e as { name?: string }).name === 'ZodError' || isDataException(e);
        const giveUp = isBadInput || attempts >= MAX_ATTEMPTS;
        logs.push(
          `inbound: ${row.eventType} ${row.eventId} ${giveUp ? 'failed' : 'will retry'}: ${error.slice(0, 300)}`,
        );
        await tx
          .update(inboundEvents)
          .set({ status: giveUp ? 'failed' : 'pending', attempts, lockedUntil: null, lastError: error.slice(0, 1000) })
          .where(eq(inboundEvents.eventId, row.eventId));
        outcomes.set(row.eventId, giveUp ? 'failed' : 'retry');
      }
    }
  });
  logs.forEach((line) => ctx.log(line));
};

/** Handles one stored event (see processInboundBatch). */
export async function processInbound(ctx: AppContext, registry: Registry, eventId: string): Promise<InboundOutcome> {
  return (await processInboundBatch(ctx, registry, [eventId])).get(eventId)!;
}

/**
 * Events acked by this process, handled right after their ack by a few workers, each taking what
 * has queued up as one batch (one commit). PGlite serialises transactions, so there a batch is one
 * event: a long batch would hold up the webhook's inserts.
 */
class InboundQueue {
  private queue: { eventId: string; done: (o: InboundOutcome | 'error') => void }[] = [];
  private running = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: Registry,
    private readonly workers: number,
    private readonly batchSize: number,
  ) {}

  push(eventId: string): Promise<InboundOutcome | 'error'> {
    return new Promise((done) => {
      this.queue.push({ eventId, done });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.workers && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      this.running++;
      processInboundBatch(
        this.ctx,
        this.registry,
        batch.map((b) => b.eventId),
      )
        .then(
          (outcomes) => batch.forEach((b) => b.done(outcomes.get(b.eventId)!)),
          (e: unknown) => {
            // The database went away mid-batch: nothing of it was written; the recovery sweep retries.
            this.ctx.log(
              `inbound: batch of ${batch.length} not handled, left for the recovery sweep: ${(e as Error).message}`,
            );
            batch.forEach((b) => b.done('error'));
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

const queues = new WeakMap<Db, InboundQueue>();

/** Queues a freshly stored event for handling after the ack; resolves when it was handled. */
export function handleAfterAck(
  ctx: AppContext,
  registry: Registry,
  eventId: string,
): Promise<InboundOutcome | 'error'> {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = ctx.dbKind === 'pglite' ? new InboundQueue(ctx, registry, 1, 1) : new InboundQueue(ctx, registry, 2, 32);
    queues.set(ctx.db, queue);
  }
  return queue.push(eventId);
}

/** Picks up events stored but not handled (the process died after the ack, or a handler failed). */
export async function recoverInbound(
  ctx: AppContext,
  registry: Registry,
  olderThanMs = 10_000,
  limit = 100,
): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - olderThanMs);
  const result = await ctx.db.execute(sql`
    select event_id from ${inboundEvents}
    where status = 'pending' and received_at < ${cutoff.toISOString()}::timestamptz
    order by received_at limit ${limit}`);
  let handled = 0;
  for (const row of rowsOf(result)) {
    const outcome = await processInbound(ctx, registry, String(row.event_id));
    if (outcome !== 'skipped') handled++;
  }
  return handled;
}

/**
 * Lark redelivers an event for up to 6 hours (retries at 15 s, 5 min, 1 h and 6 h); a handled
 * event's id older than that, with an hour's margin, can never be needed to spot a redelivery.
 * (A card callback's replay is refused sooner, by its signed timestamp.)
 */
export const EVENT_ID_RETENTION_MS = 7 * 3600_000;

/** Deletes handled (or given-up) events older than the redelivery window; pending ones stay. */
export async function pruneInbound(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  retentionMs = EVENT_ID_RETENTION_MS,
): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - retentionMs);
  const result = await ctx.db.execute(sql`
    delete from ${inboundEvents}
    where status <> 'pending' and received_at < ${cutoff.toISOString()}::timestamptz
    returning event_id`);
  return rowsOf(result).length;
}

/**
 * A PostgreSQL data exception (SQLSTATE class 22: a NUL or broken surrogate in text, a number out
 * of range for its column…) or program limit (class 54: a key too long for its index) raised by
 * input we were sent. Retrying cannot help, unlike the database being down. Drizzle wraps the
 * driver's error in `cause`.
 */
export function isDataException(e: unknown): boolean {
  let x: unknown = e;
  for (let i = 0; x && typeof x === 'object' && i < 5; i++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('22') || code.startsWith('54'))) return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}

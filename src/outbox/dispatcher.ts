/**
 * The outbox's send side: claims due rows, sends them through the messenger under Lark's rate
 * limits, retries what Lark says may be retried and marks the rest failed (see the class below).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import type { LarkResult, Messenger, ReceiveIdType } from '../lark/messenger.js';
import { claimDueHeads } from './claim.js';
import { RateLimiter } from './rate-limiter.js';

type OutboxRow = typeof outbox.$inferSelect;

export interface DispatcherOptions {
  db: Db;
  messenger: Messenger;
  now?: () => Date;
  /** Rows claimed per round. */
  batchSize?: number;
  /** How long a claimed row stays with this instance before another may take it over. */
  leaseMs?: number;
  /** After this many attempts a row is marked failed and logged for an operator (rate limits do not count). */
  maxAttempts?: number;
  /** Lark's limits: 50 sends/s per app, 5/s per user or chat. */
  appRatePerSecond?: number;
  chatRatePerSecond?: number;
  log?: (line: string) => void;
  /** Called in the transaction that marks a row sent, with Lark's message id. */
  onSent?: (tx: Db, row: OutboxRow, larkMessageId: string | null) => Promise<void>;
  /** Runs `fetch` rows (downloads of materials); without it such rows fail. */
  jobs?: OutboxJobs;
  sleep?: (ms: number) => Promise<void>;
}

export interface DispatchReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/** Work other than a Lark message that rides the outbox for its retries, leases and backoff. */
export interface OutboxJobs {
  fetch(db: Db, row: OutboxRow): Promise<LarkResult>;
  /** The row failed for good (a permanent error, or attempts used up): record it where users see it. */
  gaveUp(db: Db, row: OutboxRow, reason: string): Promise<void>;
}

const REF_PREFIX = 'outbox:';

/**
 * Delivers outbox rows to Lark. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease, so
 * several instances share the work; only the oldest pending row of each queue (a chat, a person, a
 * message) is eligible, so a chat sees its messages in order. A failed call is retried with
 * exponential backoff (or when Lark says to), always under the same uuid, which Lark keeps
 * idempotent for an hour: a retry after a lost response never shows a message twice.
 */
export class Dispatcher {
  private readonly o: Required<Omit<DispatcherOptions, 'onSent' | 'jobs'>> & Pick<DispatcherOptions, 'onSent' | 'jobs'>;
  private readonly limiter: RateLimiter;
  private running = false;
  /** The background loop, while it runs: stop() waits for its round in flight. */
  private loop: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private kicked = false;

  constructor(options: DispatcherOptions) {
    this.o = {
      now: () => new Date(),
      batchSize: 50,
      leaseMs: 60_000,
      maxAttempts: 12,
      appRatePerSecond: 50,
      chatRatePerSecond: 5,
      log: (line) => console.log(line),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      // An option passed as undefined keeps its default.
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DispatcherOptions),
    };
    this.limiter = new RateLimiter({
      appPerSecond: this.o.appRatePerSecond,
      keyPerSecond: this.o.chatRatePerSecond,
      now: () => Date.now(),
      sleep: this.o.sleep,
    });
  }

  /** Claims due rows and delivers them. Returns when the claimed batch is done. */
  async dispatchOnce(): Promise<DispatchReport> {
    const rows = await this.claim();
    const report: DispatchReport = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    // Rows of different queues go out concurrently; the limiter keeps the pace within Lark's limits.
    // A row referring to another row of the same batch (a patch of a card just sent) waits for it.
    const inFlight = new Map<string, Promise<unknown>>();
    await Promise.all(
      rows.map((row) => {
        const work = (async () => {
          const ref = row.target.startsWith(REF_PREFIX) ? inFlight.get(row.target.slice(REF_PREFIX.length)) : undefined;
          if (ref) await ref;
          const outcome = await this.deliver(row);
          report[outcome] += 1;
        })();
        inFlight.set(row.uuid, work);
        return work;
      }),
    );
    return report;
  }

  /** Delivers until nothing is due. */
  async drain(maxRounds = 1_000): Promise<DispatchReport> {
    const total: DispatchReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.dispatchOnce();
      for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += r[k];
      if (r.claimed === 0) break;
    }
    return total;
  }

  /** Runs in the background until stop(); `kick()` wakes it as soon as something was queued. */
  start(idleMs = 1_000): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let report: DispatchReport | null = null;
        try {
          report = await this.dispatchOnce();
        } catch (e) {
          this.o.log(`outbox: dispatch round failed: ${(e as Error).message}`);
        }
        if (report && report.claimed > 0) continue;
        if (this.kicked) {
          this.kicked = false;
          continue;
        }
        if (!this.running) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    })();
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Stops the background loop; resolves once its round in flight has finished. */
  stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    return this.loop;
  }

  private async claim(): Promise<OutboxRow[]> {
    const now = this.o.now();
    const ids = await claimDueHeads(this.o.db, {
      now,
      leaseUntil: new Date(now.getTime() + this.o.leaseMs),
      batchSize: this.o.batchSize,
    });
    if (ids.length === 0) return [];
    const rows = await this.o.db.select().from(outbox).where(sql`${outbox.id} in ${ids}`);
    return rows.sort((a, b) => a.id - b.id);
  }

  private async deliver(row: OutboxRow): Promise<'sent' | 'retried' | 'failed'> {
    let target = row.target;
    if (target.startsWith(REF_PREFIX)) {
      const [ref] = await this.o.db
        .select({ larkMessageId: outbox.larkMessageId, status: outbox.status })
        .from(outbox)
        .where(eq(outbox.uuid, target.slice(REF_PREFIX.length)));
      if (!ref || ref.status === 'failed') return this.fail(row, `referenced message ${target} was never sent`);
      if (!ref.larkMessageId)
        return this.retry(
          row,
          { ok: false, retryable: true, retryAfterMs: 2_000, message: `waiting for ${target}` },
          false,
        );
      target = ref.larkMessageId;
    }

    const done = await this.limiter.acquire(row.queueKey);
    let result: LarkResult<{ messageId?: string }>;
    try {
      result = await this.call(row, target);
    } catch (e) {
      result = { ok: false, retryable: true, message: (e as Error).message };
    } finally {
      done();
    }
    if (result.ok) {
      await this.o.db.transaction(async (tx) => {
        await tx
          .update(outbox)
          .set({
            status: 'sent',
            sentAt: this.o.now(),
            larkMessageId: result.ok ? (result.messageId ?? null) : null,
            lockedUntil: null,
            lastError: null,
          })
          .where(eq(outbox.id, row.id));
        await this.o.onSent?.(tx as unknown as Db, row, result.ok ? (result.messageId ?? null) : null);
      });
      return 'sent';
    }
    // A rate limit is Lark asking to wait, not a failed attempt: a long backlog shared with other
    // instances of the app must not use up a message's attempts and drop it.
    if (result.rateLimited) return this.retry(row, result, false);
    if (result.retryable && row.attempts < this.o.maxAttempts) return this.retry(row, result, true);
    return this.fail(row, `${result.code ?? result.status ?? ''} ${result.message}`.trim());
  }

  private call(row: OutboxRow, target: string): Promise<LarkResult<{ messageId?: string }>> {
    const m = this.o.messenger;
    switch (row.kind) {
      case 'send':
        return m.send({
          receiveIdType: row.targetType as ReceiveIdType,
          receiveId: target,
          msgType: row.msgType as 'text',
          content: row.content,
          uuid: row.uuid,
        });
      case 'reply':
        return m.send({
          receiveIdType: 'open_id',
          receiveId: '',
          replyToMessageId: target,
          msgType: row.msgType as 'text',
          content: row.content,
          uuid: row.uuid,
        });
      case 'patch':
        return m.patchCard(target, JSON.parse(row.content) as object);
      case 'urgent':
        return m.urgentApp(target, (JSON.parse(row.content) as { openIds: string[] }).openIds);
      case 'fetch':
        if (!this.o.jobs)
          return Promise.resolve({
            ok: false,
            retryable: false,
            message: 'no material storage configured for downloads',
          });
        return this.o.jobs.fetch(this.o.db, row);
    }
  }

  private async retry(
    row: OutboxRow,
    result: Extract<LarkResult, { ok: false }>,
    counted: boolean,
  ): Promise<'retried'> {
    const backoff = Math.min(1_000 * 2 ** Math.max(0, row.attempts - 1), 5 * 60_000);
    const delay = result.retryAfterMs ?? backoff;
    await this.o.db
      .update(outbox)
      .set({
        nextAttemptAt: new Date(this.o.now().getTime() + delay),
        lockedUntil: null,
        lastError: result.message.slice(0, 500),
        // Waiting for another row, or for a rate limit to pass, is not a failed attempt.
        attempts: counted ? row.attempts : row.attempts - 1,
      })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')));
    return 'retried';
  }

  private async fail(row: OutboxRow, reason: string): Promise<'failed'> {
    this.o.log(
      `outbox: giving up on ${row.kind} ${row.uuid} to ${row.target} after ${row.attempts} attempt(s): ${reason}`,
    );
    await this.o.db
      .update(outbox)
      .set({ status: 'failed', lockedUntil: null, lastError: reason.slice(0, 500) })
      .where(eq(outbox.id, row.id));
    if (row.kind === 'fetch') await this.o.jobs?.gaveUp(this.o.db, row, reason);
    return 'failed';
  }
}

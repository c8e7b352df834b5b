/**
 * The server killed with SIGKILL in the middle of delivering a burst of replies, then started again
 * on the same database: every reply reaches its person exactly once (rows claimed by the dead
 * process come back when their lease ends; a call that reached Lark before the kill is retried
 * under the same uuid, which Lark shows once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpRequest, pool, post, startServerProcess, waitUntil, type ServerUnderTest } from './server-process.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres)
  console.warn('kill.slow.test.ts: skipped — needs TEST_DATABASE_URL (the killed server runs on PostgreSQL).');

describe.skipIf(!onPostgres)('SIGKILL mid-dispatch, then restart on the same database', () => {
  let sut: ServerUnderTest;
  beforeAll(async () => {
    sut = await startServerProcess({ rateLimits: true });
  });
  afterAll(async () => sut?.close());

  it('no reply lost, none shown twice', { timeout: 240_000 }, async () => {
    const N = 300;
    const requests = await Promise.all(Array.from({ length: N }, (_, i) => helpRequest(i)));
    const statuses = await pool(requests, 20, (r) => post(sut.url, r.req));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // The dispatcher sends at Lark's 50/s: kill it part-way.
    await sut.fake.waitFor((f) => f.messages.length >= 60, 30_000);
    await sut.server.stop('SIGKILL');
    const atKill = sut.fake.messages.length;
    expect(atKill).toBeLessThan(N);

    await sut.restart();
    // Rows the dead process had claimed wait for their lease (60 s); events it had stored but not
    // handled wait for the recovery sweep. Then everything is out.
    await waitUntil(
      'every event handled and every reply sent',
      async () => {
        const { pending } = (
          await sut.sql<{ pending: number }[]>`select
          (select count(*) from outbox where status <> 'sent') + (select count(*) from inbound_events where status <> 'done') as pending`
        )[0]!;
        const { replies } = (await sut.sql<{ replies: number }[]>`select count(*)::int as replies from outbox`)[0]!;
        return Number(pending) === 0 && replies >= N;
      },
      180_000,
    );
    const byMessage = new Map<string, number>();
    for (const m of sut.fake.messages) if (m.reply_to) byMessage.set(m.reply_to, (byMessage.get(m.reply_to) ?? 0) + 1);
    for (const r of requests) expect(byMessage.get(r.messageId), `replies to ${r.messageId}`).toBe(1);
    const uuids = sut.fake.messages.map((m) => m.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    const { failed } = (
      await sut.sql<{ failed: number }[]>`select count(*)::int as failed from outbox where status = 'failed'`
    )[0]!;
    expect(failed).toBe(0);
    // Lark was asked more than once for some of them (the ones in flight at the kill) and showed each once.
    const sends = sut.fake.requests.filter((r) => r.path.endsWith('/reply'));
    expect(sends.length).toBeGreaterThanOrEqual(N);
  });
});

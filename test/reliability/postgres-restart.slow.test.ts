/**
 * PostgreSQL stopped and started again while Lark keeps delivering events: while it is down the
 * webhook answers 5xx (so Lark delivers again later) and card callbacks get an honest toast, never
 * a 500; once it is back every event has exactly one effect and nothing is left half-written.
 *
 * Runs only against the local cluster (TEST_DATABASE_URL on 127.0.0.1:5432, pg_ctlcluster present):
 * it stops the whole server, so nothing else should be using it meanwhile.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_APP } from '../support/harness.js';
import { cardActionEvent, newMessageId, signedRequest } from '../support/lark-events.js';
import {
  helpRequest,
  pool,
  post,
  postUntilAcked,
  startServerProcess,
  waitUntil,
  type ServerUnderTest,
} from './server-process.js';

const url = process.env.TEST_DATABASE_URL ? new URL(process.env.TEST_DATABASE_URL) : null;
const local = url !== null && ['127.0.0.1', 'localhost'].includes(url.hostname) && (url.port || '5432') === '5432';
const version = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql')[0] : undefined;
const canRestart = local && existsSync('/usr/bin/pg_ctlcluster') && version !== undefined;
if (!canRestart)
  console.warn(
    'postgres-restart.slow.test.ts: skipped — needs TEST_DATABASE_URL on 127.0.0.1:5432 and a local cluster pg_ctlcluster can stop and start ' +
      `(TEST_DATABASE_URL=${process.env.TEST_DATABASE_URL ?? 'unset'}).`,
  );

const cluster = (action: 'stop' | 'start') =>
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version!, 'main', action], {
    stdio: 'pipe',
    timeout: 60_000,
  });

describe.skipIf(!canRestart)('PostgreSQL restarted under traffic', () => {
  let sut: ServerUnderTest;
  beforeAll(async () => {
    sut = await startServerProcess({ rateLimits: false });
  });
  afterAll(async () => {
    try {
      cluster('start');
    } catch {
      // already running
    }
    await sut?.close();
  });

  it('5xx while it is down, exactly one effect per event after', { timeout: 240_000 }, async () => {
    const N = 120;
    const requests = await Promise.all(Array.from({ length: N }, (_, i) => helpRequest(i)));
    const statuses: number[][] = requests.map(() => []);
    const deadline = Date.now() + 120_000;
    // Lark delivering steadily, retrying whatever is not acknowledged.
    const traffic = pool(requests, 4, async (r, i) => {
      await new Promise((res) => setTimeout(res, i * 40));
      return postUntilAcked(sut.url, r.req, deadline, statuses[i]);
    });

    await new Promise((r) => setTimeout(r, 1_000));
    cluster('stop');
    // While it is down: a message gets a 5xx (never a 200 for an event that was not stored) …
    const down = await helpRequest(0, { messageId: newMessageId() });
    const downStatus = await post(sut.url, down.req);
    expect(downStatus).toBeGreaterThanOrEqual(500);
    // … and a card callback (never redelivered by Lark) an honest toast, not a 500.
    const tap = await signedRequest(
      cardActionEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        openId: 'ou_jzEduZhou',
        value: { action: 'declare.start' },
        messageId: newMessageId(),
        chatId: 'oc_p2pjzEduZhou',
      }),
      { encryptKey: TEST_APP.encryptKey },
    );
    const tapRes = await fetch(`${sut.url}/lark/events`, { method: 'POST', headers: tap.headers, body: tap.body });
    expect(tapRes.status).toBe(200);
    expect(((await tapRes.json()) as { toast?: { type: string } }).toast?.type).toBe('error');
    await new Promise((r) => setTimeout(r, 1_500));
    cluster('start');

    // Lark delivers the refused event again later.
    expect(await postUntilAcked(sut.url, down.req, Date.now() + 60_000)).toBe(true);
    const acked = await traffic;
    expect(acked.every(Boolean)).toBe(true);
    // Some deliveries really were refused while it was down.
    expect(statuses.flat().some((s) => s !== 200)).toBe(true);

    const all = [...requests, down];
    await waitUntil(
      'every stored event handled and its reply sent',
      async () => {
        try {
          const { pending } = (
            await sut.sql<{ pending: number }[]>`select
            (select count(*) from outbox where status <> 'sent') + (select count(*) from inbound_events where status <> 'done') as pending`
          )[0]!;
          const { replies } = (
            await sut.sql<{ replies: number }[]>`select count(*)::int as replies from outbox where kind = 'reply'`
          )[0]!;
          return Number(pending) === 0 && replies >= all.length;
        } catch {
          return false; // our own connection may need a moment after the restart
        }
      },
      120_000,
    );
    // Exactly one effect per event: one stored event, one queued reply, one delivered reply.
    const events = await sut.sql<
      { message_id: string; n: number }[]
    >`select message_id, count(*)::int as n from inbound_events where event_type = 'im.message.receive_v1' group by message_id`;
    expect(events.length).toBe(all.length);
    expect(events.every((e) => e.n === 1)).toBe(true);
    const replies = await sut.sql<
      { target: string; n: number }[]
    >`select target, count(*)::int as n from outbox where kind = 'reply' group by target`;
    expect(new Set(replies.map((r) => r.target))).toEqual(new Set(all.map((r) => r.messageId)));
    expect(replies.every((r) => r.n === 1)).toBe(true);
    const delivered = new Map<string, number>();
    for (const m of sut.fake.messages) if (m.reply_to) delivered.set(m.reply_to, (delivered.get(m.reply_to) ?? 0) + 1);
    for (const r of all) expect(delivered.get(r.messageId), r.messageId).toBe(1);
    // The refused card callback left nothing behind: no draft, no stored callback.
    const { drafts } = (await sut.sql<{ drafts: number }[]>`select count(*)::int as drafts from drafts`)[0]!;
    expect(drafts).toBe(0);
  });
});

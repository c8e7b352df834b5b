import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.js';
import { createServerMetrics } from '../src/metrics.js';
import { startServer } from '../src/server.js';
import { openTestDatabase } from './support/db.js';
import { startFakeLark, type FakeLark } from './support/fake-lark.js';
import { TEST_APP } from './support/harness.js';
import { messageReceiveEvent, newMessageId, signedRequest } from './support/lark-events.js';

/** GET /metrics on the Node server (webhook mode): the token, and the figures after real traffic. */

const TOKEN = 'metrics-token-1234';
let fake: FakeLark;
let database: Database;
let server: Awaited<ReturnType<typeof startServer>>;
let base: string;

const scrape = (authorization?: string) =>
  fetch(`${base}/metrics`, { headers: authorization ? { authorization } : {} });

async function figures(): Promise<string> {
  const res = await scrape(`Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

const value = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

async function sayHelp(messageId = newMessageId()) {
  fake.addUserMessage(messageId, 'oc_p2pjzEduZhou');
  const event = messageReceiveEvent({
    token: TEST_APP.verificationToken,
    appId: TEST_APP.appId,
    messageId,
    openId: 'ou_jzEduZhou',
    chatId: 'oc_p2pjzEduZhou',
    chatType: 'p2p',
    text: '帮助',
  });
  const req = await signedRequest(event, { encryptKey: TEST_APP.encryptKey });
  const res = await fetch(`${base}/lark/events`, { method: 'POST', headers: req.headers, body: req.body });
  expect(res.status).toBe(200);
  await server.runtime.settle();
  return messageId;
}

beforeAll(async () => {
  fake = await startFakeLark({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
  database = await openTestDatabase();
  server = await startServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LARK_APP_ID: TEST_APP.appId,
      LARK_APP_SECRET: TEST_APP.appSecret,
      LARK_VERIFICATION_TOKEN: TEST_APP.verificationToken,
      LARK_ENCRYPT_KEY: TEST_APP.encryptKey,
      LARK_BASE_URL: fake.url,
      BACKGROUND_LOOPS: 'off',
      ORG_CONFIG: 'docs/org.example.json',
      METRICS_TOKEN: TOKEN,
    },
    { database, log: () => {} },
  );
  base = `http://127.0.0.1:${server.port}`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
  await fake?.close();
});

describe('GET /metrics', () => {
  it('is off without METRICS_TOKEN', async () => {
    const off = createServerMetrics({ token: undefined, db: () => database.db });
    expect((await off.scrape('Bearer anything')).status).toBe(404);
  });

  it('refuses a scrape without the bearer token, or with another', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer not-the-token')).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(401);
  });

  it('counts events received, handled and redelivered, and the outbox backlog with its age', async () => {
    const before = await figures();
    expect(value(before, 'zwbot_outbox_pending')).toBe(0);
    expect(value(before, 'zwbot_outbox_oldest_pending_age_seconds')).toBe(0);

    const messageId = await sayHelp();
    await new Promise((r) => setTimeout(r, 1_100));
    // The same message again under a new event id: a redelivery, not handled twice.
    await sayHelp(messageId);
    const after = await figures();
    expect(value(after, 'zwbot_lark_events_received_total{type="im.message.receive_v1",duplicate="false"}')).toBe(1);
    expect(value(after, 'zwbot_lark_events_received_total{type="im.message.receive_v1",duplicate="true"}')).toBe(1);
    expect(value(after, 'zwbot_events_handled_total{outcome="done"}')).toBe(1);
    // The help card waits in the outbox (no dispatcher loop here), queued over a second ago.
    expect(value(after, 'zwbot_outbox_pending')).toBe(1);
    expect(value(after, 'zwbot_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^process_resident_memory_bytes /m);
  });

  it('counts failed Lark calls by code, and the backlog drains once Lark answers', async () => {
    fake.setFaults({ ratio: 1, kinds: ['429'] });
    await server.runtime.dispatcher!.dispatchOnce();
    fake.setFaults(null);
    expect(value(await figures(), 'zwbot_lark_api_errors_total{code="99991400"}')).toBe(1);
    await new Promise((r) => setTimeout(r, 2_100));
    await server.runtime.dispatcher!.drain();
    expect(value(await figures(), 'zwbot_outbox_pending')).toBe(0);
  });
});

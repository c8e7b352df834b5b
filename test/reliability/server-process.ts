/**
 * The real server (`src/server.ts`, startServer) in a child process against a fake Lark in the test
 * process, on a fresh PostgreSQL database made from TEST_DATABASE_URL: what the slow suites kill,
 * restart and starve of their database.
 */
import postgres from 'postgres';
import { freshDatabase, type FreshDatabase } from '../../bench/lib/pg.js';
import { freePort, spawnTs, waitForOk, type Child } from '../../bench/lib/proc.js';
import { startFakeLark, type FakeLark } from '../support/fake-lark.js';
import { messageReceiveEvent, newMessageId, signedRequest } from '../support/lark-events.js';
import { TEST_APP } from '../support/harness.js';

export interface ServerUnderTest {
  url: string;
  fake: FakeLark;
  db: FreshDatabase;
  sql: postgres.Sql;
  server: Child;
  /** Starts the server again on the same database (after a kill). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startServerProcess(o: { rateLimits?: boolean } = {}): Promise<ServerUnderTest> {
  const fake = await startFakeLark({
    appId: TEST_APP.appId,
    appSecret: TEST_APP.appSecret,
    rateLimits: o.rateLimits ?? true,
  });
  const db = await freshDatabase('t_rel');
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LARK_APP_ID: TEST_APP.appId,
    LARK_APP_SECRET: TEST_APP.appSecret,
    LARK_VERIFICATION_TOKEN: TEST_APP.verificationToken,
    LARK_ENCRYPT_KEY: TEST_APP.encryptKey,
    LARK_BASE_URL: fake.url,
    ORG_CONFIG: 'docs/org.example.json',
  };
  const url = `http://127.0.0.1:${port}`;
  const launch = async () => {
    const child = spawnTs('src/server.ts', env);
    await waitForOk(`${url}/healthz`, performance.now(), { child, timeoutMs: 60_000 });
    return child;
  };
  const sut: ServerUnderTest = {
    url,
    fake,
    db,
    sql: postgres(db.url, { max: 2, onnotice: () => {} }),
    server: await launch(),
    async restart() {
      sut.server = await launch();
    },
    async close() {
      await sut.server.stop();
      await sut.sql.end({ timeout: 2 }).catch(() => {});
      await fake.close();
      await db.drop();
    },
  };
  return sut;
}

export const MESSAGE_USERS = [
  'ou_jzEduZhou',
  'ou_jzEduWu',
  'ou_jzWjwFeng',
  'ou_mdScjGao',
  'ou_haGajDeng',
  'ou_gpZrjDong',
  'ou_jzZhbLi',
  'ou_adminZhang',
];

/** A signed, encrypted "帮助" from someone in their chat with the bot: one reply expected. */
export async function helpRequest(i: number, o: { messageId?: string; eventId?: string; text?: string } = {}) {
  const openId = MESSAGE_USERS[i % MESSAGE_USERS.length]!;
  const messageId = o.messageId ?? newMessageId();
  const event = messageReceiveEvent({
    token: TEST_APP.verificationToken,
    appId: TEST_APP.appId,
    openId,
    chatId: `oc_p2p${openId.slice(3)}`,
    chatType: 'p2p',
    messageId,
    eventId: o.eventId,
    text: o.text ?? '帮助',
  });
  const req = await signedRequest(event, { encryptKey: TEST_APP.encryptKey });
  return { messageId, eventId: event.header.event_id, req };
}

export async function post(
  url: string,
  req: { headers: Record<string, string>; body: string },
  timeoutMs = 15_000,
): Promise<number> {
  try {
    const res = await fetch(`${url}/lark/events`, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // connection refused / reset / timed out: Lark would retry
  }
}

/** Posts like Lark: anything but 200 is retried (with a short pause here) until `deadline`. */
export async function postUntilAcked(
  url: string,
  req: { headers: Record<string, string>; body: string },
  deadline: number,
  statuses: number[] = [],
): Promise<boolean> {
  for (;;) {
    const status = await post(url, req);
    statuses.push(status);
    if (status === 200) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs `fn` over items with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Database } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { openTestDatabase } from './db.js';
import { startFakeLark, type FakeLark, type FakeLarkOptions } from './fake-lark.js';
import { signedRequest } from './lark-events.js';

export const TEST_APP = { appId: 'cli_testapp', appSecret: 'test-secret', verificationToken: 'v-token-123', encryptKey: 'e-key-456' };
export const EXAMPLE_ORG = readFileSync(new URL('../../docs/org.example.json', import.meta.url), 'utf8');

export interface TestBot {
  /** The real server's base URL on a loopback port. */
  url: string;
  fake: FakeLark;
  runtime: Runtime;
  database: Database;
  logs: string[];
  /** Signs (and encrypts, unless disabled) a body the way Lark does and POSTs it to /lark/events. */
  post(body: object, o?: { encrypt?: boolean; headers?: Record<string, string> }): Promise<Response>;
  /** Waits for work started after responses, then delivers the outbox to the fake Lark. */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  /** Encrypt and sign events (default true). */
  encrypt?: boolean;
  /** Directory file text (default: docs/org.example.json). */
  org?: string | null;
  clock?: () => Date;
  fake?: Partial<FakeLarkOptions>;
  /** Share a database (several instances); default a fresh one. */
  database?: Database;
}

/** Starts the real app (Hono on @hono/node-server) on a loopback port against a fake Lark. */
export async function startTestBot(o: TestBotOptions = {}): Promise<TestBot> {
  const fake = await startFakeLark({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, ...o.fake });
  const encrypt = o.encrypt ?? true;
  const config = loadConfig({
    LARK_APP_ID: TEST_APP.appId,
    LARK_APP_SECRET: TEST_APP.appSecret,
    LARK_VERIFICATION_TOKEN: TEST_APP.verificationToken,
    LARK_ENCRYPT_KEY: encrypt ? TEST_APP.encryptKey : undefined,
    LARK_BASE_URL: fake.url,
    BACKGROUND_LOOPS: 'off',
  });
  const database = o.database ?? (await openTestDatabase());
  const logs: string[] = [];
  const org = o.org === undefined ? EXAMPLE_ORG : o.org;
  const runtime = await createRuntime({
    config,
    database,
    clock: o.clock,
    log: (line) => logs.push(line),
    orgSource: org === null ? undefined : { text: org, name: 'org.json' },
  });
  const app = createApp(runtime.ctx);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    fake,
    runtime,
    database,
    logs,
    async post(body, p = {}) {
      const req = await signedRequest(body, { encryptKey: (p.encrypt ?? encrypt) ? TEST_APP.encryptKey : undefined });
      return fetch(`${url}/lark/events`, { method: 'POST', headers: { ...req.headers, ...p.headers }, body: req.body });
    },
    async deliver() {
      await runtime.settle();
      await runtime.dispatcher!.drain();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      if (!o.database) await database.close();
      await fake.close();
    },
  };
}

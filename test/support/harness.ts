import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Database } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { openTestDatabase } from './db.js';
import { startFakeLark, type FakeLark, type FakeLarkOptions } from './fake-lark.js';
import { cardActionEvent, fileMessageEvent, messageReceiveEvent, newMessageId, signedRequest } from './lark-events.js';
import type { DeliveredMessage } from './fake-lark.js';
import { sampleFileBytes } from '../../src/sandbox/sample-files.js';
import type { RulePack } from '../../src/rules/types.js';

export const TEST_APP = {
  appId: 'cli_testapp',
  appSecret: 'test-secret',
  verificationToken: 'v-token-123',
  encryptKey: 'e-key-456',
};
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
  /** A person writes to the bot (p2p by default, or @-mentioning it in a group); returns what the bot sent back. */
  say(o: { openId: string; text: string; chatId?: string; chatType?: 'p2p' | 'group' }): Promise<DeliveredMessage[]>;
  /** A person sends a file to the bot; returns what the bot sent back. */
  sendFile(o: {
    openId: string;
    fileKey: string;
    fileName: string;
    chatId?: string;
    chatType?: 'p2p' | 'group';
    data?: Uint8Array;
  }): Promise<DeliveredMessage[]>;
  /** A person taps a card button (with the form's values for a submit); returns Lark's callback answer. */
  tap(o: {
    openId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
    messageId?: string;
    chatId?: string;
  }): Promise<TapAnswer>;
  close(): Promise<void>;
}

export interface TapAnswer {
  toast?: { type: string; content: string };
  card?: { type: 'raw'; data: object };
}

/** Each person's chat with the bot. */
export const p2pChat = (openId: string) => `oc_p2p${openId.slice(3)}`;

export interface TestBotOptions {
  /** Encrypt and sign events (default true). */
  encrypt?: boolean;
  /** Directory file text (default: docs/org.example.json). */
  org?: string | null;
  clock?: () => Date;
  fake?: Partial<FakeLarkOptions>;
  /** Share a database (several instances); default a fresh one. */
  database?: Database;
  /** More settings (MATERIALS_MAX_MB …); DATA_DIR defaults to a fresh temporary directory. */
  env?: Record<string, string>;
  /** The rule packs the app ships (default PACKS). */
  packs?: readonly RulePack[];
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
    // The tests of unencrypted events run the app the way an operator must ask for it.
    LARK_ALLOW_UNENCRYPTED: encrypt ? undefined : 'on',
    LARK_BASE_URL: fake.url,
    BACKGROUND_LOOPS: 'off',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'zw-bot-test-')),
    ...o.env,
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
    ...(o.packs ? { packs: o.packs } : {}),
  });
  const app = createApp(runtime.ctx);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  // Client and server share one (busy) event loop: with Node's 5 s default, a keep-alive socket idle
  // through a slow delivery can be closed just as fetch reuses it (ECONNRESET).
  (server as import('node:http').Server).keepAliveTimeout = 60_000;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deliver = async () => {
    await runtime.settle();
    await runtime.dispatcher!.drain();
  };
  const post = async (body: object, p: { encrypt?: boolean; headers?: Record<string, string> } = {}) => {
    const req = await signedRequest(body, { encryptKey: (p.encrypt ?? encrypt) ? TEST_APP.encryptKey : undefined });
    return fetch(`${url}/lark/events`, { method: 'POST', headers: { ...req.headers, ...p.headers }, body: req.body });
  };
  const common = { token: TEST_APP.verificationToken, appId: TEST_APP.appId };
  const exchange = async (body: object) => {
    const before = fake.messages.length;
    const res = await post(body);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    await deliver();
    return fake.messages.slice(before);
  };
  return {
    url,
    fake,
    runtime,
    database,
    logs,
    deliver,
    async say(m) {
      const chatType = m.chatType ?? 'p2p';
      const chatId = m.chatId ?? p2pChat(m.openId);
      const messageId = newMessageId();
      fake.addUserMessage(messageId, chatId);
      return exchange(
        messageReceiveEvent({
          ...common,
          openId: m.openId,
          chatId,
          chatType,
          messageId,
          text: m.text,
          mentionBot: chatType !== 'p2p',
        }),
      );
    },
    async sendFile(m) {
      const chatId = m.chatId ?? p2pChat(m.openId);
      const messageId = newMessageId();
      fake.addUserFile(messageId, chatId, {
        key: m.fileKey,
        type: 'file',
        data: m.data ?? sampleFileBytes(m.fileName),
      });
      return exchange(
        fileMessageEvent({
          ...common,
          openId: m.openId,
          chatId,
          chatType: m.chatType ?? 'p2p',
          messageId,
          fileKey: m.fileKey,
          fileName: m.fileName,
        }),
      );
    },
    async tap(m) {
      const res = await post(
        cardActionEvent({
          ...common,
          openId: m.openId,
          value: m.value,
          formValue: m.formValue,
          messageId: m.messageId ?? newMessageId(),
          chatId: m.chatId ?? p2pChat(m.openId),
        }),
      );
      if (res.status !== 200) throw new Error(`card callback answered ${res.status}: ${await res.text()}`);
      const answer = (await res.json()) as TapAnswer;
      await deliver();
      return answer;
    },
    post,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      if (!o.database) await database.close();
      await fake.close();
    },
  };
}

/**
 * `npm start` as a process manager runs it: SIGTERM to the npm process must stop the server
 * gracefully (the message acked just before is still answered, the database is closed cleanly,
 * exit 0) and leave no process of its group behind. On embedded PGlite (its control file must say
 * "shut down", not "in production" as after a kill) and on PostgreSQL (no connection left open).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../bench/lib/pg.js';
import { freePort, ROOT, waitForOk } from '../../bench/lib/proc.js';
import { startFakeLark, type FakeLark } from '../support/fake-lark.js';
import { TEST_APP } from '../support/harness.js';
import { helpRequest, post } from './server-process.js';

/** pg_control's DBState (src/include/catalog/pg_control.h): 1 shut down, 6 in production. */
const DB_SHUTDOWNED = 1;

function startNpm(env: Record<string, string>) {
  // Its own process group, so that afterwards we can ask whether any member is left.
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

let fake: FakeLark;
beforeAll(async () => {
  fake = await startFakeLark({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret });
});
afterAll(async () => fake?.close());

/** Starts `npm start`, acks a 帮助, sends SIGTERM to npm at once; returns what happened. */
async function startAckAndTerminate(env: Record<string, string>) {
  const port = await freePort();
  const npm = startNpm({
    PORT: String(port),
    HOST: '127.0.0.1',
    LARK_APP_ID: TEST_APP.appId,
    LARK_APP_SECRET: TEST_APP.appSecret,
    LARK_VERIFICATION_TOKEN: TEST_APP.verificationToken,
    LARK_ENCRYPT_KEY: TEST_APP.encryptKey,
    LARK_BASE_URL: fake.url,
    ORG_CONFIG: 'docs/org.example.json',
    // No dispatcher loop: the reply can only go out through the flush on the way down.
    BACKGROUND_LOOPS: 'off',
    ...env,
  });
  const pgid = npm.child.pid!;
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, performance.now(), { timeoutMs: 180_000, intervalMs: 100 });
    const help = await helpRequest(0);
    fake.addUserMessage(help.messageId, 'oc_p2pjzEduZhou');
    expect(await post(`http://127.0.0.1:${port}`, help.req)).toBe(200);
    npm.child.kill('SIGTERM');
    const exit = await npm.exited;
    const gone = await waitGroupGone(pgid, 15_000);
    return { exit, gone, output: npm.output(), messageId: help.messageId };
  } finally {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  }
}

describe('npm start, then SIGTERM to npm', () => {
  it('on PGlite: answers what it acked, closes the database cleanly, exits 0, leaves no process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zwbot-sigterm-'));
    try {
      const r = await startAckAndTerminate({ DATA_DIR: dataDir });
      expect(r.gone, r.output).toBe(true);
      expect(r.exit.code, r.output).toBe(0);
      expect(r.output).toMatch(/shutdown: done/);
      expect(fake.messages.filter((m) => m.reply_to === r.messageId)).toHaveLength(1);
      expect(readFileSync(join(dataDir, 'pglite/global/pg_control')).readUInt32LE(16)).toBe(DB_SHUTDOWNED);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL: answers what it acked, closes its connections, exits 0, leaves no process', async () => {
    const db: FreshDatabase = await freshDatabase('t_sigterm');
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const r = await startAckAndTerminate({ DATABASE_URL: db.url });
      expect(r.gone, r.output).toBe(true);
      expect(r.exit.code, r.output).toBe(0);
      expect(r.output).toMatch(/shutdown: done/);
      expect(fake.messages.filter((m) => m.reply_to === r.messageId)).toHaveLength(1);
      const [row] =
        await admin`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
      expect(row!.n).toBe(0);
    } finally {
      await admin.end({ timeout: 2 });
      await db.drop();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** Runs scripts/start.mjs as `npm start` does (dist/ when built and fresh, else tsx), with only the given environment. */
function startServer(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForHealth(port: number, timeoutMs = 150_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return res.json();
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no /healthz on ${port}`);
}

const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zwbot-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with nothing configured on embedded PGlite, says no Feishu app is configured, and keeps data across a restart', async () => {
    const port = freePort();
    // A directory file of one's own makes it real data: the sandbox over it has to be asked for.
    const first = startServer({
      PORT: String(port),
      DATA_DIR: dataDir,
      ORG_CONFIG: join(ROOT, 'docs/org.example.json'),
      SANDBOX: 'on',
    });
    try {
      expect(await waitForHealth(port)).toEqual({ ok: true, db: 'pglite' });
      expect(first.output()).toMatch(/未配置飞书应用/);
      expect(
        first
          .output()
          .split('\n')
          .filter((l) => l.includes('未配置飞书应用')),
      ).toHaveLength(1);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    // Restart on the same data directory: the directory imported the first time is still there.
    const second = startServer({ PORT: String(port), DATA_DIR: dataDir });
    try {
      await waitForHealth(port);
      const { openDatabase } = await import('../db/client.js');
      second.child.kill('SIGTERM');
      await second.exited;
      const database = await openDatabase({ dataDir });
      const { regions } = await import('../db/schema/index.js');
      const rows = await database.db.select().from(regions);
      await database.close();
      expect(rows.map((r) => r.id).sort()).toEqual(['gaoping', 'huaian', 'jinzhai', 'mudan']);
    } finally {
      second.child.kill('SIGKILL');
    }
  }, 400_000);

  it('a deployment that lost its Feishu app does not open the sandbox over its data: it stops naming the variables', async () => {
    const lost: Record<string, string>[] = [
      { ORG_CONFIG: join(ROOT, 'docs/org.example.json') },
      { DATABASE_URL: 'postgres://zw:hunter2-secret@127.0.0.1:1/zw' },
    ];
    for (const env of lost) {
      const port = freePort();
      const run = startServer({ ...env, PORT: String(port), DATA_DIR: join(dataDir, 'lost') });
      expect(await run.exited).toBe(1);
      expect(run.output().trim()).toMatch(
        /^配置错误: LARK_APP_ID, LARK_APP_SECRET, LARK_VERIFICATION_TOKEN and LARK_ENCRYPT_KEY are not set/,
      );
      expect(run.output()).not.toContain('hunter2-secret');
    }
  }, 300_000);

  it('the sandbox listens on 127.0.0.1 only, unless HOST says otherwise', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const port = freePort();
    const run = startServer({ PORT: String(port), DATA_DIR: join(dataDir, 'loopback') });
    try {
      await waitForHealth(port);
      if (outside) await expect(fetch(`http://${outside}:${port}/healthz`)).rejects.toThrow();
      else console.warn('no non-loopback IPv4 interface: only the loopback side is checked');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }, 300_000);

  it('a Feishu app without LARK_ENCRYPT_KEY is refused, naming it; LARK_ALLOW_UNENCRYPTED=on starts with a warning', async () => {
    const app = {
      LARK_APP_ID: 'cli_x',
      LARK_APP_SECRET: 'app-secret-x',
      LARK_VERIFICATION_TOKEN: 'vtoken-x',
      LARK_BASE_URL: 'http://127.0.0.1:1',
    };
    const refused = startServer({ ...app, DATA_DIR: join(dataDir, 'plain') });
    expect(await refused.exited).toBe(1);
    expect(refused.output().trim()).toMatch(/^配置错误: LARK_ENCRYPT_KEY is missing/);
    const port = freePort();
    const run = startServer({
      ...app,
      LARK_ALLOW_UNENCRYPTED: 'on',
      BACKGROUND_LOOPS: 'off',
      PORT: String(port),
      DATA_DIR: join(dataDir, 'plain'),
    });
    try {
      await waitForHealth(port);
      expect(run.output()).toMatch(/警告: LARK_ENCRYPT_KEY is not set and LARK_ALLOW_UNENCRYPTED=on/);
      expect(run.output()).not.toContain('app-secret-x');
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  }, 300_000);

  it('a wrong variable stops start-up with one line naming it', async () => {
    const run = startServer({ PORT: 'eighty', DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^配置错误: PORT /);
  }, 120_000);

  it('half a Feishu configuration is refused', async () => {
    const run = startServer({ LARK_APP_ID: 'cli_x', DATA_DIR: dataDir });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(/^配置错误: LARK_APP_SECRET is missing/);
  }, 120_000);

  it('a malformed directory file stops start-up naming the bad entry', async () => {
    const bad = join(dataDir, 'org.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      bad,
      JSON.stringify({
        regions: [
          {
            id: 'jinzhai',
            policy: 'jinzhai-2022',
            name: '金寨县',
            offices: [{ name: '县智慧办', role: 'boss', members: ['ou_a1'] }],
          },
        ],
      }),
    );
    const run = startServer({
      ORG_CONFIG: bad,
      SANDBOX: 'on',
      DATA_DIR: join(dataDir, 'other'),
      PORT: String(freePort()),
    });
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toMatch(/regions\[0\]\(金寨县\)\.offices\[0\]\(县智慧办\)\.role: 角色无效/);
  }, 120_000);
});

/**
 * Start-up benchmark: from spawning the server as `npm start` runs it (scripts/start.mjs: the
 * compiled dist/ when built, else tsx) to the first 200 from /healthz, on embedded PGlite (a fresh
 * data directory: creating the database and migrating it; then the same directory again) and on
 * PostgreSQL (a fresh database: migrations; then again). Then memory: RSS of the server idle after
 * start-up, and its peak under a short webhook load (signed, encrypted card callbacks and messages
 * from a second process).
 *
 *   node --import tsx bench/startup.ts [--quick] [--starts-only] [--compare <other checkout>]
 *
 * --compare also starts another checkout (an older revision: `git worktree add /tmp/old <rev>`, with
 * node_modules), alternating with this one run by run, so that both meet the same machine load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLark } from '../src/sandbox/fake-lark/index.js';
import { freshDatabase } from './lib/pg.js';
import { freePort, ROOT, rssMiB, sampleRss, spawnServer, waitForOk } from './lib/proc.js';
import { BENCH_APP, runLoad } from './webhook.js';

export interface StartupFigures {
  case: string;
  runsMs: number[];
  medianMs: number;
}

export interface MemoryFigures {
  db: 'pglite' | 'postgres';
  idleMiB: number;
  loadMiB: number;
  loadRps: number;
}

export interface StartupBench {
  starts: StartupFigures[];
  memory: MemoryFigures[];
  markdown: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startOnce(env: Record<string, string>, o: { keep?: boolean; fakeUrl: string; cwd?: string }) {
  const port = await freePort();
  const t0 = performance.now();
  const server = spawnServer(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LARK_APP_ID: BENCH_APP.appId,
      LARK_APP_SECRET: BENCH_APP.appSecret,
      LARK_VERIFICATION_TOKEN: BENCH_APP.verificationToken,
      LARK_ENCRYPT_KEY: BENCH_APP.encryptKey,
      LARK_BASE_URL: o.fakeUrl,
      ORG_CONFIG: 'docs/org.example.json',
      ...env,
    },
    { cwd: o.cwd },
  );
  try {
    const ms = await waitForOk(`http://127.0.0.1:${port}/healthz`, t0, {
      child: server,
      timeoutMs: 300_000,
      intervalMs: 5,
    });
    if (!o.keep) await server.stop();
    return { ms, server, port };
  } catch (e) {
    await server.stop('SIGKILL');
    throw e;
  }
}

async function memoryUnderLoad(
  db: 'pglite' | 'postgres',
  env: Record<string, string>,
  fakeUrl: string,
  quick: boolean,
): Promise<MemoryFigures> {
  const { server, port } = await startOnce(env, { keep: true, fakeUrl });
  try {
    await new Promise((r) => setTimeout(r, 3_000));
    const idleMiB = rssMiB(server.pid);
    const sampler = sampleRss(server.pid, 50);
    let rps = 0;
    for (const kind of ['card', 'message'] as const) {
      const r = await runLoad({
        url: `http://127.0.0.1:${port}/lark/events`,
        kind,
        connections: 32,
        durationS: quick ? 3 : 8,
        pool: 20_000,
      });
      rps = Math.max(rps, r.rps);
    }
    return { db, idleMiB, loadMiB: sampler.stop(), loadRps: rps };
  } finally {
    await server.stop();
  }
}

export async function benchStartup(
  o: { quick?: boolean; startsOnly?: boolean; compare?: string; log?: (s: string) => void } = {},
): Promise<StartupBench> {
  const log = o.log ?? ((s: string) => console.log(s));
  const reps = o.quick ? 1 : 3;
  const fake = await startFakeLark({ appId: BENCH_APP.appId, appSecret: BENCH_APP.appSecret, rateLimits: true });
  const dirs: string[] = [];
  const dbs: { drop(): Promise<void> }[] = [];
  const starts: StartupFigures[] = [];
  const checkouts = [{ label: '', cwd: ROOT }, ...(o.compare ? [{ label: `${o.compare}: `, cwd: o.compare }] : [])];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'zwbot-bench-'));
    dirs.push(dir);
    return dir;
  };
  try {
    // tsx's transform cache: the first start after a change compiles; measure warm caches.
    for (const c of checkouts) await startOnce({ DATA_DIR: tempDir() }, { fakeUrl: fake.url, cwd: c.cwd });

    const runs = new Map<string, number[]>();
    const record = (name: string, ms: number) => {
      runs.set(name, [...(runs.get(name) ?? []), ms]);
      log(`  ${name}: ${ms.toFixed(0)} ms`);
    };
    for (let i = 0; i < reps; i++) {
      for (const c of checkouts) {
        const dir = tempDir();
        record(
          `${c.label}PGlite, first run (new data directory: create + migrate)`,
          (await startOnce({ DATA_DIR: dir }, { fakeUrl: fake.url, cwd: c.cwd })).ms,
        );
        record(
          `${c.label}PGlite, warm data directory`,
          (await startOnce({ DATA_DIR: dir }, { fakeUrl: fake.url, cwd: c.cwd })).ms,
        );
        const db = await freshDatabase('bench_start');
        dbs.push(db);
        record(
          `${c.label}PostgreSQL, new database (migrate)`,
          (await startOnce({ DATABASE_URL: db.url }, { fakeUrl: fake.url, cwd: c.cwd })).ms,
        );
        record(
          `${c.label}PostgreSQL, migrated database`,
          (await startOnce({ DATABASE_URL: db.url }, { fakeUrl: fake.url, cwd: c.cwd })).ms,
        );
      }
    }
    for (const [name, ms] of [...runs].sort(([a], [b]) => a.localeCompare(b)))
      starts.push({ case: name, runsMs: ms, medianMs: median(ms) });

    const memory: MemoryFigures[] = [];
    if (!o.startsOnly) {
      memory.push(await memoryUnderLoad('pglite', { DATA_DIR: tempDir() }, fake.url, Boolean(o.quick)));
      log(`  memory: ${JSON.stringify(memory.at(-1))}`);
      const memDb = await freshDatabase('bench_mem');
      dbs.push(memDb);
      memory.push(await memoryUnderLoad('postgres', { DATABASE_URL: memDb.url }, fake.url, Boolean(o.quick)));
      log(`  memory: ${JSON.stringify(memory.at(-1))}`);
    }
    return { starts, memory, markdown: render(starts, memory) };
  } finally {
    await fake.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    for (const db of dbs) await db.drop();
  }
}

function render(starts: StartupFigures[], memory: MemoryFigures[]): string {
  const lines = ['| start-up to first 200 from /healthz | median | runs |', '|---|--:|---|'];
  for (const s of starts)
    lines.push(`| ${s.case} | ${s.medianMs.toFixed(0)} ms | ${s.runsMs.map((x) => x.toFixed(0)).join(', ')} ms |`);
  if (memory.length === 0) return lines.join('\n');
  lines.push(
    '',
    '| memory (RSS of the server process) | idle after start-up | peak under load | load |',
    '|---|--:|--:|---|',
  );
  for (const m of memory)
    lines.push(
      `| ${m.db === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'} | ${m.idleMiB.toFixed(0)} MiB | ${m.loadMiB.toFixed(0)} MiB | card callbacks then messages, 32 connections, up to ${m.loadRps.toFixed(0)} req/s |`,
    );
  return lines.join('\n');
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const compare = process.argv.indexOf('--compare');
  const r = await benchStartup({
    quick: process.argv.includes('--quick'),
    startsOnly: process.argv.includes('--starts-only'),
    compare: compare > 0 ? process.argv[compare + 1] : undefined,
  });
  console.log(r.markdown);
}

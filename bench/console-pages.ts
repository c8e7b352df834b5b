/**
 * Console page response times with 10 000 projects (the target: each page answers in < 100 ms).
 *
 *   npm run bench:console                         # embedded PGlite in memory
 *   DATABASE_URL=postgres://… npm run bench:console   # PostgreSQL (a scratch database: it is written to)
 *   BENCH_PROJECTS=20000 npm run bench:console
 *
 * Seeds the demo directory and N projects (with deadlines, pending approvals, 整改 and feedback),
 * signs in as an admin (who sees everything: the heaviest case) and as a reviewer, then requests each
 * page through the app (in process, no network) and prints median and p95 per page. Exits 1 when a
 * median is over the target.
 */
import { readFileSync } from 'node:fs';
import { migrate, openDatabase } from '../db/client.js';
import { createApp } from '../src/app.js';
import { todayInShanghai } from '../src/calendar.js';
import { loadConfig } from '../src/config.js';
import { seedDemoProjects } from '../src/console/demo-data.js';
import { createRuntime } from '../src/runtime.js';
import { DEMO_ORG_PATH, SANDBOX_APP } from '../src/sandbox/start.js';

const N = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const TARGET_MS = 100;

const base = loadConfig({ BACKGROUND_LOOPS: 'off', DATABASE_URL: process.env.DATABASE_URL });
const config = { ...base, lark: { ...SANDBOX_APP, baseUrl: 'http://127.0.0.1:9' }, sandbox: true };
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://' });
await migrate(database);
const now = new Date();
const runtime = await createRuntime({
  config,
  database,
  orgSource: { text: readFileSync(DEMO_ORG_PATH, 'utf8'), name: 'org.example.json' },
  log: () => {},
  clock: () => now,
});
const app = createApp(runtime.ctx);

const t0 = performance.now();
const seeded = await seedDemoProjects(database.db, runtime.ctx.packs, { count: N, today: todayInShanghai(now), now });
console.log(
  `seeded ${seeded.projects} projects, ${seeded.deadlines} deadlines, ${seeded.pendingTasks} pending approvals, ${seeded.rectifications} rectifications in ${Math.round(performance.now() - t0)} ms (${database.kind})`,
);
await database.db.execute((await import('drizzle-orm')).sql`analyze`);

async function signIn(openId: string): Promise<string> {
  const res = await app.request(`/console/sandbox-login?as=${openId}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error(`no session for ${openId}`);
  return cookie.split(';')[0]!;
}

const [sample] = (await database.db
  .execute(
    (
      await import('drizzle-orm')
    ).sql`select number from projects where status = 'approved' and region_id = 'jinzhai' order by id desc limit 1`,
  )
  .then(
    (r) => ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])) as { number: string }[],
  )) as [{ number: string }];

const pages = [
  '/console',
  '/console/projects',
  '/console/projects?region=jinzhai&page=3',
  `/console/projects/${sample.number}`,
  '/console/deadlines',
  '/console/approvals',
  '/console/rectifications',
  '/console/feedback',
];

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
let failed = false;
for (const [who, openId] of [
  ['admin', 'ou_adminZhang'],
  ['金寨 reviewer', 'ou_jzZhbLi'],
] as const) {
  const cookie = await signIn(openId);
  console.log(`\n${who} (${openId})`);
  console.log('page'.padEnd(48), 'median ms'.padStart(10), 'p95 ms'.padStart(8), 'bytes'.padStart(9));
  for (const path of pages) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS + 2; i++) {
      const t = performance.now();
      const res = await app.request(path, { headers: { cookie } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 200)}`);
      if (i >= 2) times.push(performance.now() - t);
      bytes = body.length;
    }
    const median = quantile(times, 0.5);
    if (median > TARGET_MS) failed = true;
    console.log(
      path.padEnd(48),
      median.toFixed(1).padStart(10),
      quantile(times, 0.95).toFixed(1).padStart(8),
      String(bytes).padStart(9),
      median > TARGET_MS ? '  OVER TARGET' : '',
    );
  }
}

const cookie = await signIn('ou_adminZhang');
const t = performance.now();
const res = await app.request('/console/export/jinzhai.xlsx', { headers: { cookie } });
const size = (await res.arrayBuffer()).byteLength;
console.log(
  `\n金寨 项目库 .xlsx export: ${Math.round(performance.now() - t)} ms, ${size} bytes (not a page; no target)`,
);

await runtime.close();
await database.close();
console.log(
  failed ? `\nFAIL: a page's median is over ${TARGET_MS} ms` : `\nPASS: every page's median is under ${TARGET_MS} ms`,
);
process.exit(failed ? 1 : 0);

/**
 * A/B of the webhook between commits: the real server of each revision, side by side on fresh
 * PostgreSQL databases, the same load steps alternated between them round after round (this
 * machine is noisy: only figures taken in one run, interleaved, compare; the order is reversed every
 * round). Prints each step and the means per revision.
 *
 *   npm run bench:ab -- HEAD~3 HEAD                       # any two (or more) git revisions
 *   npm run bench:ab -- HEAD --kinds card --steps r200,c32,c128 --rounds 3
 *
 * Steps: `rN` is N requests/s over 16 connections (10 s), `cN` is N connections as fast as the
 * server answers (5 s). After each step the server's backlog of acked messages is waited for:
 * `handled` is what was acked divided by the step and that wait. Each revision is checked out
 * into a temporary worktree that uses this checkout's node_modules; the worktrees are removed
 * afterwards. Each revision sends to a fake Lark of its own, with Lark's rate limits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLark, type FakeLark } from '../src/sandbox/fake-lark/index.js';
import { freshDatabase, waitForNoPendingEvents, type FreshDatabase } from './lib/pg.js';
import { freePort, ROOT, spawnTs, waitForOk, type Child } from './lib/proc.js';
import { BENCH_APP, benchServerEnv, runLoad, type LoadResult } from './webhook.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv.splice(i, 2)[1]! : fallback;
};
const kinds = option('kinds', 'card,message').split(',') as ('card' | 'message')[];
const steps = option('steps', 'r200,c32,c128').split(',');
const rounds = Number(option('rounds', '2'));
const revs = argv.length ? argv : ['HEAD'];
if (!steps.every((s) => /^[rc]\d+$/.test(s)))
  throw new Error(`--steps: rN (requests/s) or cN (connections), got ${steps.join(',')}`);

interface Target {
  rev: string;
  dir: string;
  db: FreshDatabase;
  port: number;
  child: Child;
  fake: FakeLark;
}

const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
const scratch = mkdtempSync(join(tmpdir(), 'bench-ab-'));
const targets: Target[] = [];

const results = new Map<string, (LoadResult & { handledPerS: number })[]>();
try {
  for (const [i, rev] of revs.entries()) {
    const dir = join(scratch, `r${i}`);
    git('worktree', 'add', '--detach', dir, rev);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const db = await freshDatabase('bench_ab');
    const port = await freePort();
    // A Lark of its own for each revision: sharing one would share its rate limits, and one
    // server's sends would turn into the other's 429s and retries.
    const fake = await startFakeLark({ appId: BENCH_APP.appId, appSecret: BENCH_APP.appSecret, rateLimits: true });
    targets.push({
      rev: `${rev} (${git('rev-parse', '--short', rev)})`,
      dir,
      db,
      port,
      fake,
      child: spawnTs('src/server.ts', benchServerEnv({ port, databaseUrl: db.url, larkBaseUrl: fake.url }), [], {
        cwd: dir,
      }),
    });
  }
  for (const t of targets) await waitForOk(`http://127.0.0.1:${t.port}/healthz`, performance.now(), { child: t.child });
  const url = (t: Target) => `http://127.0.0.1:${t.port}/lark/events`;
  // Warm-up (JIT, pools), not reported.
  for (const t of targets)
    for (const kind of kinds) await runLoad({ url: url(t), kind, connections: 8, durationS: 2, pool: 4_000 });
  for (const t of targets) await waitForNoPendingEvents(t.db.url, t.rev);

  for (let round = 1; round <= rounds; round++) {
    // Each round reverses the order: the revision measured second shares the machine with the
    // first one's outbox, still draining after its step, so no revision may always come second.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const kind of kinds) {
      for (const step of steps) {
        for (const t of order) {
          const n = Number(step.slice(1));
          const durationS = step.startsWith('r') ? 10 : 5;
          const load = step.startsWith('r')
            ? await runLoad({ url: url(t), kind, connections: 16, durationS, rate: n, pool: n * durationS + 500 })
            : await runLoad({ url: url(t), kind, connections: n, durationS, pool: 60_000 });
          // Acked over the step and the wait for its backlog: what the server sustains, handling included.
          const r = { ...load, handledPerS: load.ok / (durationS + (await waitForNoPendingEvents(t.db.url, t.rev))) };
          const key = `${kind} ${step} ${t.rev}`;
          results.set(key, [...(results.get(key) ?? []), r]);
          console.log(
            `round ${round}  ${key.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  handled ${r.handledPerS.toFixed(0)}/s  non-2xx ${r.non2xx}  repeated ${r.reusedBodies}`,
          );
        }
      }
    }
  }
  console.log(`\nmeans over ${rounds} round(s)`);
  for (const [key, rs] of results) {
    const mean = (f: (r: (typeof rs)[number]) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    console.log(
      `${key.padEnd(44)} ${mean((r) => r.rps)
        .toFixed(0)
        .padStart(
          6,
        )} req/s  p50 ${mean((r) => r.p50).toFixed(1)} ms  p99 ${mean((r) => r.p99).toFixed(1)} ms  handled ${mean((r) => r.handledPerS).toFixed(0)}/s`,
    );
  }
} finally {
  for (const t of targets) {
    await t.child.stop();
    await t.db.drop();
  }
  for (const t of targets) await t.fake.close();
  for (const t of targets) git('worktree', 'remove', '--force', t.dir);
  rmSync(scratch, { recursive: true, force: true });
}

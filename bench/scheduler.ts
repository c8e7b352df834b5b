/**
 * Scheduler benchmark, two parts:
 *   1. the reminder sweep over 100 000 projects with their deadlines: bench/scheduler-sweep.ts
 *      (written with the reminders; run here as a child process on a fresh PostgreSQL database and
 *      its figures read back), target: finding the due reminders < 500 ms;
 *   2. the outbox drain against the fake Lark enforcing Lark's rate limits (50 calls/s per API per
 *      app → HTTP 429 / 99991400; 5/s per chat or person → 230020): messages queued the way a
 *      reminder sweep queues them (one person each), drained by the real Dispatcher; target ≥ 95 %
 *      of the allowed 50/s and not one rate-limit error. A second shape mixes in busy chats (20
 *      messages each) to show what per-chat ordering costs.
 *
 *   node --import tsx bench/scheduler.ts [--quick]
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/client.js';
import { createLarkMessenger } from '../src/lark/messenger.js';
import { Dispatcher } from '../src/outbox/dispatcher.js';
import { enqueue, type OutgoingCall } from '../src/outbox/outbox.js';
import { startFakeLark } from '../src/sandbox/fake-lark/index.js';
import { freshDatabase } from './lib/pg.js';
import { spawnTs } from './lib/proc.js';

export interface SweepFigures {
  seeded?: string;
  firstPageMs?: number;
  allDueMs?: number;
  dueRows?: number;
  lifecycleRunMs?: number;
  lifecycleReport?: string;
  secondRunMs?: number;
  raw: string;
}

export interface DrainFigures {
  shape: string;
  messages: number;
  seconds: number;
  perSecond: number;
  allowed: number;
  rateLimitErrors: number;
  otherErrors: number;
  duplicates: number;
}

export interface SchedulerBench {
  sweep: SweepFigures;
  drains: DrainFigures[];
  markdown: string;
}

/** Runs bench/scheduler-sweep.ts against a fresh database and reads its figures from its output. */
export async function benchSweep(o: { projects?: number } = {}): Promise<SweepFigures> {
  const db = await freshDatabase('bench_sweep_parent');
  try {
    // The sweep script makes (and drops) its own scratch database on the server DATABASE_URL names.
    const child = spawnTs(
      'bench/scheduler-sweep.ts',
      { DATABASE_URL: db.url },
      o.projects ? ['--projects', String(o.projects)] : [],
    );
    const code = await child.exited;
    const raw = child.output();
    if (code !== 0) throw new Error(`bench/scheduler-sweep.ts exited ${code}:\n${raw}`);
    const num = (re: RegExp) => {
      const m = re.exec(raw);
      return m ? Number(m[1]) : undefined;
    };
    return {
      raw,
      seeded: /seeded ([^\n]*)/.exec(raw)?.[1],
      firstPageMs: num(/find due \(first page[^)]*\): ([\d.]+) ms/),
      allDueMs: num(/find due \(all \d+ rows[^)]*\): ([\d.]+) ms/),
      dueRows: num(/find due \(all (\d+) rows/),
      lifecycleRunMs: num(/lifecycle run [^:]*: ([\d.]+) ms/),
      lifecycleReport: /lifecycle run [^→]*→ ([^\n]*)/.exec(raw)?.[1],
      secondRunMs: num(/second run[^:]*: ([\d.]+) ms/),
    };
  } finally {
    await db.drop();
  }
}

const APP = { appId: 'cli_benchdrain', appSecret: 'drain-secret' };
const ALLOWED = 50;

/** Queues `calls`, drains them with the real Dispatcher against a rate-limiting fake Lark. */
async function drain(shape: string, calls: OutgoingCall[]): Promise<DrainFigures> {
  const fresh = await freshDatabase('bench_drain');
  const database = await openDatabase({ databaseUrl: fresh.url });
  const fake = await startFakeLark({ ...APP, rateLimits: true });
  try {
    await migrate(database);
    for (let i = 0; i < calls.length; i += 500) await enqueue(database.db, ...calls.slice(i, i + 500));
    await database.db.execute(sql`analyze outbox`);
    const messenger = createLarkMessenger({ ...APP, baseUrl: fake.url });
    // Fetch the token first: the sweep's figure is about sends, not the token call.
    await messenger.patchCard('om_warmup', { schema: '2.0', body: { elements: [] } }).catch(() => undefined);
    const since = fake.requests.length;
    const dispatcher = new Dispatcher({ db: database.db, messenger, log: () => {} });
    const t0 = performance.now();
    let report = await dispatcher.drain(100_000);
    // Retries (there should be none) come due later: keep going until the outbox is empty.
    for (let i = 0; i < 30 && report.sent < calls.length; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const more = await dispatcher.drain(100_000);
      report = {
        claimed: report.claimed + more.claimed,
        sent: report.sent + more.sent,
        retried: report.retried + more.retried,
        failed: report.failed + more.failed,
      };
    }
    const sends = fake.requests.slice(since).filter((r) => r.path === '/open-apis/im/v1/messages');
    const delivered = sends.filter((r) => r.code === 0);
    const first = Math.min(...delivered.map((r) => r.time));
    const last = Math.max(...delivered.map((r) => r.time));
    void t0;
    const uuids = fake.messages.map((m) => m.uuid);
    const seconds = (last - first) / 1000;
    return {
      shape,
      messages: calls.length,
      seconds,
      // Lark's limit is a sliding one-second window: the first 50 may leave at once, every later
      // one is paced. The steady rate is what came after that first window's burst.
      perSecond: (delivered.length - ALLOWED) / seconds,
      allowed: ALLOWED,
      rateLimitErrors: sends.filter((r) => r.code === 99991400 || r.code === 230020 || r.status === 429).length,
      otherErrors:
        sends.filter((r) => r.code !== 0 && r.code !== 99991400 && r.code !== 230020 && r.status !== 429).length +
        report.failed,
      duplicates: uuids.length - new Set(uuids).size,
    };
  } finally {
    await fake.close();
    await database.close();
    await fresh.drop();
  }
}

const person = (i: number) => `ou_drain${String(i).padStart(6, '0')}`;
const text = (to: { type: 'open_id' | 'chat_id'; id: string }, n: number): OutgoingCall => ({
  kind: 'send',
  to,
  msgType: 'text',
  content: { text: `提醒 #${n}` },
});

export async function benchScheduler(o: { quick?: boolean; log?: (s: string) => void } = {}): Promise<SchedulerBench> {
  const log = o.log ?? ((s: string) => console.log(s));
  log('  sweep: bench/scheduler-sweep.ts (100 000 projects) …');
  const sweep = await benchSweep(o.quick ? { projects: 20_000 } : {});
  log(`  sweep: find all due ${sweep.allDueMs} ms (${sweep.dueRows} rows), lifecycle run ${sweep.lifecycleRunMs} ms`);
  const drains: DrainFigures[] = [];
  const n = o.quick ? 500 : 2_000;
  drains.push(
    await drain(
      `${n} reminders, one person each`,
      Array.from({ length: n }, (_, i) => text({ type: 'open_id', id: person(i) }, i)),
    ),
  );
  log(`  drain: ${JSON.stringify(drains.at(-1))}`);
  const mixed: OutgoingCall[] = [];
  const hot = o.quick ? 4 : 10;
  for (let i = 0; i < (o.quick ? 200 : 500); i++) {
    if (i % 2 === 0 && i / 2 < hot * 20) mixed.push(text({ type: 'chat_id', id: `oc_drainhot${(i / 2) % hot}` }, i));
    else mixed.push(text({ type: 'open_id', id: person(100_000 + i) }, i));
  }
  drains.push(await drain(`${mixed.length} messages, ${hot} busy chats × 20 among single sends`, mixed));
  log(`  drain: ${JSON.stringify(drains.at(-1))}`);
  return { sweep, drains, markdown: render(sweep, drains) };
}

const ok = (b: boolean) => (b ? '✅' : '❌ missed');

function render(sweep: SweepFigures, drains: DrainFigures[]): string {
  const lines: string[] = [];
  lines.push(`Reminder sweep (bench/scheduler-sweep.ts on PostgreSQL): ${sweep.seeded ?? '?'}.`, '');
  lines.push('| figure | value | target |', '|---|--:|---|');
  lines.push(`| find the due reminders: first page of 500 | ${sweep.firstPageMs ?? '?'} ms | |`);
  lines.push(
    `| find the due reminders: all ${sweep.dueRows ?? '?'} due rows, keyset pages | ${sweep.allDueMs ?? '?'} ms | < 500 ms ${sweep.allDueMs !== undefined ? ok(sweep.allDueMs < 500) : '❌ not measured'} |`,
  );
  lines.push(
    `| whole lifecycle run (record + queue every due reminder, digests, notices) | ${sweep.lifecycleRunMs ?? '?'} ms | |`,
  );
  lines.push(`| second run the same day (nothing left to send) | ${sweep.secondRunMs ?? '?'} ms | |`);
  if (sweep.lifecycleReport) lines.push('', `Lifecycle run report: \`${sweep.lifecycleReport}\``);
  lines.push(
    '',
    "| outbox drain (fake Lark, rate limits on) | messages | seconds, first to last send | steady sends/s (after the first second's burst of 50) | ÷ allowed 50/s (target ≥ 95 %) | rate-limit errors (target 0) | other errors | shown twice |",
    '|---|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const d of drains) {
    const share = d.perSecond / d.allowed;
    const target = d === drains[0];
    lines.push(
      `| ${d.shape} | ${d.messages} | ${d.seconds.toFixed(1)} | ${d.perSecond.toFixed(1)} | ${(share * 100).toFixed(1)} % ${target ? ok(share >= 0.95) : ''} | ${d.rateLimitErrors} ${ok(d.rateLimitErrors === 0)} | ${d.otherErrors} | ${d.duplicates} |`,
    );
  }
  return lines.join('\n');
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await benchScheduler({ quick: process.argv.includes('--quick') });
  console.log(r.markdown);
}

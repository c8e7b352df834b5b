/**
 * Webhook benchmark: signed, encrypted `im.message.receive_v1` and `card.action.trigger` requests
 * from a second process (autocannon, bench/lib/load-client.ts) against
 *   - the real server (`src/server.ts`, its own process) on a fresh PostgreSQL database, with the
 *     outbox dispatcher and scheduler running and a fake Lark (rate limits on) taking its sends;
 *   - (a) a bare Hono hello-world on @hono/node-server: the ceiling;
 *   - (b) the official SDK's EventDispatcher on node:http via `adaptDefault`, decrypting and
 *     verifying the same requests and doing nothing else: the default a team would write.
 * The three run side by side in one run, step by step (same step → the three targets in turn).
 *
 * What each request is:
 *   - message: "帮助" from one of 200 people in their chat with the bot, each with a new event_id
 *     and message_id (a repeated one would be deduplicated, which is cheaper): the server decrypts,
 *     verifies, stores the event, acks, then handles it (help card into the outbox) after the ack.
 *   - card: a tap on the help card's 帮助 button (`help.show`), a new event_id each: decrypted,
 *     verified, stored for replay protection, handled inside the request (the help card is the
 *     callback's answer), as every card action is.
 *
 *   npm run bench -- webhook      (or: node --import tsx bench/webhook.ts)
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { startFakeLark } from '../src/sandbox/fake-lark/index.js';
import { freshDatabase, waitForNoPendingEvents } from './lib/pg.js';
import { freePort, sampleRss, spawnTs, waitForOk, type Child } from './lib/proc.js';
import type { LoadSpec } from './lib/load-client.js';

export const BENCH_APP = {
  appId: 'cli_benchapp',
  appSecret: 'bench-secret',
  verificationToken: 'bench-v-token',
  encryptKey: 'bench-e-key',
};

export interface LoadResult {
  rps: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  sent: number;
  reusedBodies: number;
}

export interface WebhookRow {
  target: 'ceiling' | 'sdk' | 'sdkpg' | 'server';
  kind: 'message' | 'card';
  connections: number;
  rate?: number;
  durationS: number;
  result: LoadResult;
  /** Server, message steps: seconds after the step until every acked event was handled. */
  drainS?: number;
}

export interface WebhookBench {
  rows: WebhookRow[];
  serverRss: { idleMiB: number; peakUnderLoadMiB: number };
  stored: { messagesAcked: number; messagesStored: number; cardsAcked: number; cardsStored: number };
  markdown: string;
}

const TARGET_NAMES = {
  ceiling: 'Hono hello-world (ceiling)',
  sdk: 'SDK EventDispatcher + node:http',
  sdkpg: 'SDK EventDispatcher + node:http, storing each event in Postgres',
  server: 'this server (Postgres)',
} as const;

/** The real server's environment in the benchmarks: the bench app, the demo organisation, a fake Lark. */
export function benchServerEnv(o: { port: number; databaseUrl: string; larkBaseUrl: string }): Record<string, string> {
  return {
    PORT: String(o.port),
    HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl,
    LARK_APP_ID: BENCH_APP.appId,
    LARK_APP_SECRET: BENCH_APP.appSecret,
    LARK_VERIFICATION_TOKEN: BENCH_APP.verificationToken,
    LARK_ENCRYPT_KEY: BENCH_APP.encryptKey,
    LARK_BASE_URL: o.larkBaseUrl,
    ORG_CONFIG: 'docs/org.example.json',
  };
}

export async function runLoad(spec: Omit<LoadSpec, 'app'>): Promise<LoadResult> {
  const child = spawnTs('bench/lib/load-client.ts', { LOAD_SPEC: JSON.stringify({ ...spec, app: BENCH_APP }) });
  const code = await child.exited;
  const line = child
    .output()
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (code !== 0 || !line) throw new Error(`load client failed (${code}):\n${child.output()}`);
  return JSON.parse(line) as LoadResult;
}

export async function benchWebhook(o: { quick?: boolean; log?: (s: string) => void } = {}): Promise<WebhookBench> {
  const log = o.log ?? ((s: string) => console.log(s));
  const ladder = o.quick ? [1, 32] : [1, 8, 32, 128];
  const stepS = o.quick ? 3 : 5;
  const rateS = o.quick ? 5 : 10;

  const fake = await startFakeLark({ appId: BENCH_APP.appId, appSecret: BENCH_APP.appSecret, rateLimits: true });
  const db = await freshDatabase('bench_webhook');
  const children: Child[] = [];
  const drops: { drop(): Promise<void> }[] = [];
  try {
    const ports = {
      ceiling: await freePort(),
      sdk: await freePort(),
      sdkpg: await freePort(),
      server: await freePort(),
    };
    const sdkDb = await freshDatabase('bench_sdk');
    drops.push(sdkDb);
    const server = spawnTs(
      'src/server.ts',
      benchServerEnv({ port: ports.server, databaseUrl: db.url, larkBaseUrl: fake.url }),
    );
    const ceiling = spawnTs('bench/targets/hello.ts', { PORT: String(ports.ceiling) });
    const sdk = spawnTs('bench/targets/sdk-dispatcher.ts', {
      PORT: String(ports.sdk),
      LARK_ENCRYPT_KEY: BENCH_APP.encryptKey,
      LARK_VERIFICATION_TOKEN: BENCH_APP.verificationToken,
    });
    const sdkpg = spawnTs('bench/targets/sdk-dispatcher.ts', {
      PORT: String(ports.sdkpg),
      LARK_ENCRYPT_KEY: BENCH_APP.encryptKey,
      LARK_VERIFICATION_TOKEN: BENCH_APP.verificationToken,
      SDK_DATABASE_URL: sdkDb.url,
    });
    children.push(server, ceiling, sdk, sdkpg);
    const t0 = performance.now();
    await Promise.all([
      waitForOk(`http://127.0.0.1:${ports.server}/healthz`, t0, { child: server }),
      waitForOk(`http://127.0.0.1:${ports.ceiling}/healthz`, t0, { child: ceiling }),
      waitForOk(`http://127.0.0.1:${ports.sdk}/healthz`, t0, { child: sdk }),
      waitForOk(`http://127.0.0.1:${ports.sdkpg}/healthz`, t0, { child: sdkpg }),
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    const { rssMiB } = await import('./lib/proc.js');
    const idleMiB = rssMiB(server.pid);
    const url = (t: keyof typeof ports) => `http://127.0.0.1:${ports[t]}/lark/events`;
    const targets = ['ceiling', 'sdk', 'sdkpg', 'server'] as const;

    // Warm-up (JIT, connection pools, tsx's transform cache), not reported.
    for (const t of targets)
      for (const kind of ['card', 'message'] as const)
        await runLoad({ url: url(t), kind, connections: 8, durationS: 2, pool: 4_000 });

    // Messages are handled after their ack: a step can end with a backlog that the next step would
    // share the server with. Each server step waits for its backlog, and the wait is reported.
    const drainBacklog = () => waitForNoPendingEvents(db.url, 'this server');
    await drainBacklog();
    const rows: WebhookRow[] = [];
    const rss = sampleRss(server.pid, 100);
    // Cards first: every message leaves a reply in the outbox that the dispatcher drains at Lark's
    // 50/s afterwards, background work the card steps would otherwise share the server with.
    for (const kind of ['card', 'message'] as const) {
      for (const t of targets) {
        const result = await runLoad({
          url: url(t),
          kind,
          connections: 16,
          durationS: rateS,
          rate: 200,
          pool: 200 * rateS + 500,
        });
        rows.push({
          target: t,
          kind,
          connections: 16,
          rate: 200,
          durationS: rateS,
          result,
          ...(t === 'server' ? { drainS: await drainBacklog() } : {}),
        });
        log(
          `  ${kind.padEnd(7)} ${t.padEnd(7)} 200/s  c=16  p50 ${result.p50} ms  p99 ${result.p99} ms  non2xx ${result.non2xx}`,
        );
      }
      for (const c of ladder) {
        for (const t of targets) {
          // Targets that store events dedupe a repeated event_id (cheaper): their pool must outlast the step.
          const pool = t === 'server' || t === 'sdkpg' ? 12_000 * stepS : 2_000;
          const result = await runLoad({ url: url(t), kind, connections: c, durationS: stepS, pool });
          rows.push({
            target: t,
            kind,
            connections: c,
            durationS: stepS,
            result,
            ...(t === 'server' ? { drainS: await drainBacklog() } : {}),
          });
          log(
            `  ${kind.padEnd(7)} ${t.padEnd(7)} c=${String(c).padEnd(4)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  non2xx ${result.non2xx}`,
          );
        }
      }
    }
    const peakUnderLoadMiB = rss.stop();

    // Every acknowledged event is in the database (the ack comes after the insert).
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const counts = await sql<
      { event_type: string; n: number }[]
    >`select event_type, count(*)::int as n from inbound_events group by event_type`;
    await sql.end();
    const count = (type: string) => counts.find((c) => c.event_type === type)?.n ?? 0;
    const acked = (kind: 'message' | 'card') =>
      rows.filter((r) => r.target === 'server' && r.kind === kind).reduce((s, r) => s + r.result.ok, 0);
    // Warm-up requests were stored too.
    const stored = {
      messagesAcked: acked('message'),
      messagesStored: count('im.message.receive_v1'),
      cardsAcked: acked('card'),
      cardsStored: count('card.action.trigger'),
    };

    return {
      rows,
      serverRss: { idleMiB, peakUnderLoadMiB },
      stored,
      markdown: render(rows, { idleMiB, peakUnderLoadMiB }, stored),
    };
  } finally {
    for (const c of children) await c.stop();
    await fake.close();
    await db.drop();
    for (const d of drops) await d.drop();
  }
}

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)}`;
const pct = (n: number) => `${(n * 100).toFixed(0)} %`;
const ok = (b: boolean) => (b ? '✅' : '❌ missed');

function render(
  rows: WebhookRow[],
  rss: { idleMiB: number; peakUnderLoadMiB: number },
  stored: WebhookBench['stored'],
): string {
  const lines: string[] = [];
  lines.push('| event | target | load | req/s | p50 ms | p99 ms | non-2xx / errors |', '|---|---|---|--:|--:|--:|--:|');
  for (const r of rows) {
    const load = r.rate ? `${r.rate}/s, ${r.connections} conn.` : `${r.connections} conn.`;
    // A stored target answering a repeated event_id does less: such a step would flatter it.
    const reused =
      (r.target === 'server' || r.target === 'sdkpg') && r.result.reusedBodies > 0
        ? ` (⚠ ${r.result.reusedBodies} repeated events)`
        : '';
    lines.push(
      `| ${r.kind} | ${TARGET_NAMES[r.target]} | ${load} | ${r.result.rps.toFixed(0)}${reused} | ${ms(r.result.p50)} | ${ms(r.result.p99)} | ${r.result.non2xx} / ${r.result.errors + r.result.timeouts} |`,
    );
  }
  lines.push(
    '',
    '| event | server p99 at 200/s (target < 50 ms) | best server req/s | ÷ ceiling (target ≥ 40 %) | ÷ SDK dispatcher (target > 100 %) | ÷ SDK dispatcher storing in Postgres |',
    '|---|--:|--:|--:|--:|--:|',
  );
  for (const kind of ['card', 'message'] as const) {
    const best = (t: WebhookRow['target']) =>
      Math.max(...rows.filter((r) => r.kind === kind && r.target === t && !r.rate).map((r) => r.result.rps));
    const p99 = rows.find((r) => r.kind === kind && r.target === 'server' && r.rate)!.result.p99;
    const s = best('server');
    lines.push(
      `| ${kind} | ${ms(p99)} ${ok(p99 < 50)} | ${s.toFixed(0)} | ${pct(s / best('ceiling'))} ${ok(s / best('ceiling') >= 0.4)} | ${pct(s / best('sdk'))} ${ok(s > best('sdk'))} | ${pct(s / best('sdkpg'))} |`,
    );
  }
  lines.push(
    '',
    'Messages are acknowledged once stored and handled after the ack (the help card queued in the outbox, the event marked done), so a step can end with a backlog. ' +
      'Before the next step the bench waits until every acked message of this server was handled:',
    '',
    '| message step (this server) | acked req/s | backlog handled within | handled/s over step + backlog |',
    '|---|--:|--:|--:|',
  );
  for (const r of rows.filter((x) => x.target === 'server' && x.kind === 'message')) {
    const load = r.rate ? `${r.rate}/s, ${r.connections} conn.` : `${r.connections} conn.`;
    lines.push(
      `| ${load} | ${r.result.rps.toFixed(0)} | ${(r.drainS ?? 0).toFixed(1)} s | ${(r.result.ok / (r.durationS + (r.drainS ?? 0))).toFixed(0)} |`,
    );
  }
  lines.push(
    '',
    `Server RSS: ${rss.idleMiB.toFixed(0)} MiB idle after start-up, ${rss.peakUnderLoadMiB.toFixed(0)} MiB peak under this load. ` +
      `Every acknowledged request was stored before its ack: ${stored.messagesStored} message events stored for ${stored.messagesAcked} acked in the measured steps ` +
      `(the rest are the warm-up's), ${stored.cardsStored} card callbacks for ${stored.cardsAcked}.`,
  );
  return lines.join('\n');
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await benchWebhook({ quick: process.argv.includes('--quick') });
  console.log(r.markdown);
  void readFileSync;
}

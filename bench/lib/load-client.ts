/**
 * The load generator, run as its own process (so it does not share a core's event loop with the
 * server it measures): pre-builds a pool of signed, encrypted Lark requests, each with a fresh
 * event_id (and message_id), then drives them with autocannon and prints autocannon's result as
 * one JSON line.
 *
 *   LOAD_SPEC='{"url":"http://127.0.0.1:3000/lark/events","kind":"message","connections":10,"durationS":5,"pool":20000}' \
 *     node --import tsx bench/lib/load-client.ts
 */
import autocannon from 'autocannon';
import { cardActionEvent, messageReceiveEvent, newMessageId, signedRequest } from '../../src/sandbox/lark-events.js';

export interface LoadSpec {
  url: string;
  kind: 'message' | 'card';
  connections: number;
  durationS: number;
  /** Requests per second over all connections; absent: as fast as the server answers. */
  rate?: number;
  /** How many distinct requests to build (each is sent once unless the run outlasts the pool). */
  pool: number;
  app: { appId: string; verificationToken: string; encryptKey: string };
}

const spec = JSON.parse(process.env.LOAD_SPEC ?? '{}') as LoadSpec;

async function buildPool(): Promise<{ headers: Record<string, string>; body: string }[]> {
  const out: { headers: Record<string, string>; body: string }[] = [];
  const common = { token: spec.app.verificationToken, appId: spec.app.appId };
  for (let i = 0; i < spec.pool; i++) {
    const openId = `ou_bench${String(i % 200).padStart(6, '0')}`;
    const chatId = `oc_bench${String(i % 200).padStart(6, '0')}`;
    const event =
      spec.kind === 'message'
        ? messageReceiveEvent({ ...common, openId, chatId, chatType: 'p2p', messageId: newMessageId(), text: '帮助' })
        : cardActionEvent({ ...common, openId, chatId, messageId: newMessageId(), value: { action: 'help.show' } });
    out.push(await signedRequest(event, { encryptKey: spec.app.encryptKey }));
  }
  return out;
}

const pool = await buildPool();
let next = 0;
const target = new URL(spec.url);
const result = await autocannon({
  url: target.origin,
  connections: spec.connections,
  duration: spec.durationS,
  ...(spec.rate ? { overallRate: spec.rate } : {}),
  timeout: 10,
  requests: [
    {
      method: 'POST',
      path: target.pathname,
      setupRequest: (req: Record<string, unknown>) => {
        const r = pool[next++ % pool.length]!;
        return { ...req, method: 'POST', path: target.pathname, headers: r.headers, body: r.body };
      },
    },
  ],
});
const r = result as unknown as {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
};
process.stdout.write(
  `${JSON.stringify({
    rps: r.requests.average,
    total: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    mean: r.latency.average,
    durationS: r.duration,
    sent: next,
    reusedBodies: Math.max(0, next - pool.length),
  })}\n`,
);

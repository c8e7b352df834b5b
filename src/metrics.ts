/**
 * GET /metrics for the Node entry: Prometheus text from prom-client, behind METRICS_TOKEN. Counters
 * are fed through the AppMetrics hooks (transports, inbound handling, the Lark messenger, the
 * scheduler loop); the outbox backlog and the long connection's state are read at scrape time.
 * The Workers entry has no /metrics (an isolate's counters would be partial and short-lived).
 */
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { rowsOf, type Db } from '../db/client.js';
import type { AppMetrics } from './context.js';
import type { LongConnectionStatus } from './lark/ws-transport.js';

export interface ServerMetrics extends AppMetrics {
  /** Answers a scrape: 404 when METRICS_TOKEN is unset, 401 without the right bearer token. */
  scrape(authorization: string | undefined): Promise<{ status: 200 | 401 | 404; body: string; contentType: string }>;
}

export interface ServerMetricsOptions {
  /** The expected bearer token; undefined switches /metrics off. */
  token: string | undefined;
  db: () => Db;
  /** The long connection's state, in ws mode. */
  longConnection?: () => LongConnectionStatus;
}

const TEXT = 'text/plain; charset=utf-8';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createServerMetrics(o: ServerMetricsOptions): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const received = new Counter({
    name: 'zwbot_lark_events_received_total',
    help: 'Lark events and card callbacks received, by event type; duplicate="true" for redeliveries (not handled again)',
    labelNames: ['type', 'duplicate'],
    registers: [registry],
  });
  const handled = new Counter({
    name: 'zwbot_events_handled_total',
    help: 'Handler runs by outcome: done, failed (for good) or retry',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const larkErrors = new Counter({
    name: 'zwbot_lark_api_errors_total',
    help: 'Failed Lark Open API calls by Lark code (http_<status> or network without one)',
    labelNames: ['code'],
    registers: [registry],
  });
  const schedulerRuns = new Counter({
    name: 'zwbot_scheduler_runs_total',
    help: 'Scheduler sweeps by result',
    labelNames: ['result'],
    registers: [registry],
  });
  // prom-client collects all metrics at once: each gauge reads its own figure.
  const backlog = async () =>
    rowsOf(
      await o.db().execute(sql`
        select count(*)::int as n, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as age
        from outbox where status = 'pending'`),
    )[0];
  new Gauge({
    name: 'zwbot_outbox_pending',
    help: 'Outbox rows not yet sent',
    registers: [registry],
    async collect() {
      this.set(Number((await backlog())?.n ?? 0));
    },
  });
  new Gauge({
    name: 'zwbot_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox row not yet sent (0 when none)',
    registers: [registry],
    async collect() {
      this.set(Number((await backlog())?.age ?? 0));
    },
  });
  if (o.longConnection) {
    const status = o.longConnection;
    new Gauge({
      name: 'zwbot_lark_ws_connected',
      help: 'LARK_MODE=ws: 1 while the long connection to Lark is up',
      registers: [registry],
      collect() {
        this.set(status().connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'zwbot_lark_ws_disconnects',
      help: 'LARK_MODE=ws: connections to Lark lost since start-up',
      registers: [registry],
      collect() {
        this.set(status().disconnects);
      },
    });
  }

  return {
    eventReceived: (type, fresh) => received.inc({ type, duplicate: String(!fresh) }),
    eventHandled: (outcome) => handled.inc({ outcome }),
    larkApiError: (code) => larkErrors.inc({ code }),
    schedulerRun: (ok) => schedulerRuns.inc({ result: ok ? 'ok' : 'error' }),
    async scrape(authorization) {
      if (!o.token) return { status: 404, body: 'metrics are off: set METRICS_TOKEN\n', contentType: TEXT };
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, o.token)) return { status: 401, body: 'bearer token required\n', contentType: TEXT };
      return { status: 200, body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

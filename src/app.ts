import { Hono } from 'hono';
import type { AppContext } from './context.js';
import { handleLarkWebhook } from './lark/webhook.js';
import type { LongConnection } from './lark/ws-transport.js';
import type { ServerMetrics } from './metrics.js';
// --- console and sandbox (issue 8) ---
import { consoleApp } from './console/app.js';
import type { SandboxChat } from './sandbox/chat.js';
import { sandboxApp } from './sandbox/web.js';

export interface AppOptions {
  /** The sandbox's chat (src/sandbox/start.ts): serves /sandbox and is attached to this app's webhook. */
  sandbox?: SandboxChat;
  // --- end console and sandbox ---
  /** LARK_MODE=ws: /healthz reports the long connection, and answers 503 while it is down. */
  longConnection?: Pick<LongConnection, 'status'>;
  /** GET /metrics (the Node entry only). */
  metrics?: Pick<ServerMetrics, 'scrape'>;
}

/**
 * The HTTP app over web-standard Request/Response: the Node server, the Workers entry and tests
 * (`app.request()`) all serve this one. It assumes migrations have run.
 */
export function createApp(ctx: AppContext, o: AppOptions = {}): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => {
    const ws = o.longConnection?.status();
    if (!ws) return c.json({ ok: true, db: ctx.dbKind });
    return c.json({ ok: ws.connected, db: ctx.dbKind, lark: { mode: 'ws', ...ws } }, ws.connected ? 200 : 503);
  });
  const metrics = o.metrics;
  if (metrics) {
    app.get('/metrics', async (c) => {
      const r = await metrics.scrape(c.req.header('authorization'));
      return c.body(r.body, r.status, { 'content-type': r.contentType });
    });
  }

  app.post('/lark/events', (c) => handleLarkWebhook(c, ctx));

  // --- console and sandbox (issue 8) ---
  app.route('/console', consoleApp(ctx));
  if (o.sandbox) {
    // The sandbox drives the bot only through the webhook above, in-process.
    o.sandbox.attach((req) => Promise.resolve(app.fetch(req)));
    app.route('/sandbox', sandboxApp(ctx, o.sandbox));
  }
  app.get('/', (c) => c.redirect(o.sandbox ? '/sandbox' : '/console'));
  // --- end console and sandbox ---

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    ctx.log(`http: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

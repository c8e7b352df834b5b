/**
 * The HTTP app (Hono): the Lark webhook, health and metrics, the console and the sandbox, behind
 * one body limit and one set of page headers. Every entry (Node, Workers, tests) serves it.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from './context.js';
import { handleLarkWebhook } from './lark/webhook.js';
import type { LongConnection } from './lark/ws-transport.js';
import type { ServerMetrics } from './metrics.js';
import { REGISTRY } from './registry.js';
import { consoleApp } from './console/app.js';
import type { SandboxChat } from './sandbox/chat.js';
import { sandboxApp } from './sandbox/web.js';

export interface AppOptions {
  /** The sandbox's chat (src/sandbox/start.ts): serves /sandbox and is attached to this app's webhook. */
  sandbox?: SandboxChat;
  /** LARK_MODE=ws: /healthz reports the long connection, and answers 503 while it is down. */
  longConnection?: Pick<LongConnection, 'status'>;
  /** GET /metrics (the Node entry only). */
  metrics?: Pick<ServerMetrics, 'scrape'>;
}

/** The largest request body taken (Lark's events and callbacks are a few kB). */
const MAX_BODY_BYTES = 1024 * 1024;

/** The console: server-rendered, one inline style sheet, forms to itself, no script. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** The sandbox page: its own inline script, which talks to this host only. */
const SANDBOX_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The HTTP app over web-standard Request/Response: the Node server, the Workers entry and tests
 * (`app.request()`) all serve this one. It assumes migrations have run. The registry of handlers is
 * handed to the webhook here, as bolt's `receiver.init(app)` does: transports never import it.
 */
export function createApp(ctx: AppContext, o: AppOptions = {}): Hono {
  const app = new Hono();

  // Bytes are counted as they arrive (a chunked body has no Content-Length to refuse it by): past
  // the limit the request is refused before any handler, signature check included, reads it.
  // The unread rest of the body is still on the socket: close it so that no client reuses it.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: 'body over 1 MiB' }, 413, { connection: 'close' }),
    }),
  );

  // No page may be framed (clickjacking of the console's links) or load anything from elsewhere.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.get('content-type')?.startsWith('text/html')) return;
    c.res.headers.set('content-security-policy', c.req.path.startsWith('/sandbox') ? SANDBOX_CSP : PAGE_CSP);
    c.res.headers.set('x-frame-options', 'DENY');
    c.res.headers.set('x-content-type-options', 'nosniff');
  });

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

  app.post('/lark/events', (c) => handleLarkWebhook(c, ctx, REGISTRY));

  app.route('/console', consoleApp(ctx));
  if (o.sandbox) {
    // The sandbox drives the bot only through the webhook above, in-process.
    o.sandbox.attach((req) => Promise.resolve(app.fetch(req)));
    app.route('/sandbox', sandboxApp(ctx, o.sandbox));
  }
  app.get('/', (c) => c.redirect(o.sandbox ? '/sandbox' : '/console'));
  // A small icon instead of a 404 in every browser's log.
  app.get('/favicon.ico', (c) =>
    c.body(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3370ff"/></svg>',
      200,
      { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' },
    ),
  );

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    ctx.log(`http: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

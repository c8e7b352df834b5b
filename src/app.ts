import { Hono } from 'hono';
import type { AppContext } from './context.js';
import { handleLarkWebhook } from './lark/webhook.js';
// --- console and sandbox (issue 8) ---
import { consoleApp } from './console/app.js';
import type { SandboxChat } from './sandbox/chat.js';
import { sandboxApp } from './sandbox/web.js';

export interface AppOptions {
  /** The sandbox's chat (src/sandbox/start.ts): serves /sandbox and is attached to this app's webhook. */
  sandbox?: SandboxChat;
}
// --- end console and sandbox ---

/**
 * The HTTP app over web-standard Request/Response: the Node server, the Workers entry and tests
 * (`app.request()`) all serve this one. It assumes migrations have run.
 */
export function createApp(ctx: AppContext, o: AppOptions = {}): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true, db: ctx.dbKind }));

  app.post('/lark/events', (c) => handleLarkWebhook(c, ctx));

  // --- console and sandbox (issue 8) ---
  app.route('/console', consoleApp(ctx));
  if (o.sandbox) {
    // The sandbox drives the bot only through the webhook above, in-process.
    o.sandbox.attach((req) => Promise.resolve(app.fetch(req)));
    app.route('/sandbox', sandboxApp(ctx, o.sandbox));
  }
  app.get('/', (c) => c.redirect(o.sandbox ? '/sandbox' : '/console'));
  // A small icon instead of a 404 in every browser's log.
  app.get('/favicon.ico', (c) => c.body('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3370ff"/></svg>', 200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }))
  // --- end console and sandbox ---

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    ctx.log(`http: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

import { Hono } from 'hono';
import type { AppContext } from './context.js';
import { handleLarkWebhook } from './lark/webhook.js';

/**
 * The HTTP app over web-standard Request/Response: the Node server, the Workers entry and tests
 * (`app.request()`) all serve this one. It assumes migrations have run.
 */
export function createApp(ctx: AppContext): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true, db: ctx.dbKind }));

  app.post('/lark/events', (c) => handleLarkWebhook(c, ctx));

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    ctx.log(`http: ${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

/**
 * The ceiling: a bare Hono hello-world on @hono/node-server. It neither reads the body nor checks
 * anything; what the real server costs is measured against this.   PORT=… node --import tsx bench/targets/hello.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.all('*', (c) => c.text('Hello, World!'));
app.get('/healthz', (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' });
server.once('listening', () => console.log('hello listening'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));

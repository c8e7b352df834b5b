/**
 * The baseline a team would write by default: the official SDK's EventDispatcher on Node's http
 * server through the SDK's own `adaptDefault`, with the same Encrypt Key and Verification Token.
 * It decrypts the body and checks the signature (x-lark-signature over timestamp + nonce + key +
 * body) and hands the event to a handler.
 *
 * Without SDK_DATABASE_URL the handlers do nothing: no storage, no deduplication, strictly less
 * than the real server does. With it, each handler first stores the event in PostgreSQL
 * (postgres.js, insert … on conflict do nothing on event_id) and only then returns, so the ack
 * means the same thing as the real server's: the like-for-like baseline.
 *
 *   PORT=… [SDK_DATABASE_URL=postgres://…] node --import tsx bench/targets/sdk-dispatcher.ts
 */
import { createServer } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import postgres from 'postgres';

const url = process.env.SDK_DATABASE_URL;
const sql = url ? postgres(url, { max: 10, onnotice: () => {} }) : null;
if (sql)
  await sql`create table if not exists sdk_events (event_id text primary key, event_type text not null, payload jsonb not null, received_at timestamptz not null default now())`;

type Data = { event_id?: string; event_type?: string } & Record<string, unknown>;
const store = async (data: Data) => {
  if (!sql) return;
  await sql`insert into sdk_events (event_id, event_type, payload) values (${String(data.event_id)}, ${String(data.event_type)}, ${sql.json(JSON.parse(JSON.stringify(data)))}) on conflict do nothing`;
};

const dispatcher = new lark.EventDispatcher({
  encryptKey: process.env.LARK_ENCRYPT_KEY!,
  verificationToken: process.env.LARK_VERIFICATION_TOKEN!,
  loggerLevel: lark.LoggerLevel.error,
}).register({
  'im.message.receive_v1': async (data: Data) => {
    await store(data);
    return undefined;
  },
  'card.action.trigger': async (data: Data) => {
    await store(data);
    return { toast: { type: 'info', content: 'ok' } };
  },
} as Record<string, (data: Data) => Promise<unknown>>);

const handle = lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true });
const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('{"ok":true}');
    return;
  }
  void handle(req, res);
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log('sdk dispatcher listening'));
process.once('SIGTERM', () =>
  server.close(() => void (sql ? sql.end() : Promise.resolve()).then(() => process.exit(0))),
);

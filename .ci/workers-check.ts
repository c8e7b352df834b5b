/**
 * The part of .ci/workers-check.sh that talks to the Worker (run with tsx; the shell script prepares the
 * database and the bundle). Starts a fake Lark Open API and `wrangler dev` (local mode, Hyperdrive →
 * the fresh database), then checks what Lark and an operator would see:
 *
 *   1. GET /healthz                                   → 200 {"ok":true,"db":"postgres"}
 *   2. url_verification, encrypted as Lark does        → 200 {"challenge": …}
 *   3. the same with a wrong verification token        → 401
 *   4. a signed, encrypted im.message.receive_v1      → 200 {}, then (waitUntil + outbox) a reply card
 *      reaches the fake Lark: the Lark SDK runs under workerd and a second request reuses nothing of the first
 *   5. GET /__scheduled (the cron trigger) after an event was stored but never handled → it is handled and
 *      answered
 *   6. a material queued for download (attachment + outbox `fetch` row) → the cron's outbox sweep fetches it
 *      from the fake Lark and stores it in the R2 binding: the attachment ends `stored` with the right sha256
 *
 * Env in: WORKERS_CHECK_DB_URL (postgres://… of the fresh database), WORKERS_CHECK_TMP (scratch dir).
 * Exit status 0 when every check passed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import postgres from 'postgres';
import { startFakeLark, type FakeLark } from '../test/support/fake-lark.js';

const DB_URL = must('WORKERS_CHECK_DB_URL');
const TMP = must('WORKERS_CHECK_TMP');
const READY_TIMEOUT_MS = 90_000;

const APP_ID = 'cli_workerscheck0001';
const APP_SECRET = 'made-up-secret-for-the-workers-check';
const VERIFICATION_TOKEN = 'vt-workers-check';
const ENCRYPT_KEY = 'ek-workers-check-0123456789';

function must(name: string): string {
  const v = process.env[name];
  if (!v) {
    console.error(`workers-check: ${name} is not set (run .ci/workers-check.sh)`);
    process.exit(2);
  }
  return v;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

// --- Lark's crypto, written here from the spec rather than imported from src/, so the two check each other.
const enc = new TextEncoder();
async function larkEncrypt(key: string, plaintext: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', enc.encode(key));
  const aes = await crypto.subtle.importKey('raw', digest, { name: 'AES-CBC' }, false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, aes, enc.encode(plaintext)));
  return Buffer.concat([iv, ct]).toString('base64');
}
async function larkSign(timestamp: string, nonce: string, key: string, body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', enc.encode(timestamp + nonce + key + body));
  return Buffer.from(digest).toString('hex');
}

// --- reporting
const results: { name: string; ok: boolean; detail: string }[] = [];
function record(name: string, ok: boolean, detail: string) {
  results.push({ name, ok, detail });
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${oneLine ? ` — ${oneLine}` : ''}`);
}

async function waitUntil(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await predicate()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.log(`  (timed out after ${timeoutMs} ms waiting for ${what})`);
  return false;
}

function messageEvent(eventId: string, messageId: string, chatId: string, text: string) {
  return {
    schema: '2.0',
    header: { event_id: eventId, event_type: 'im.message.receive_v1', create_time: String(Date.now()), token: VERIFICATION_TOKEN, app_id: APP_ID, tenant_key: 't_check' },
    event: {
      sender: { sender_id: { open_id: 'ou_workerscheck' }, sender_type: 'user', tenant_key: 't_check' },
      message: { message_id: messageId, chat_id: chatId, chat_type: 'p2p', message_type: 'text', content: JSON.stringify({ text }), create_time: String(Date.now()) },
    },
  };
}

let wrangler: ChildProcess | null = null;
let fake: FakeLark | null = null;

async function stopWrangler() {
  const child = wrangler;
  wrangler = null;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM'); // its own process group: npx, wrangler, workerd
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

async function main(): Promise<boolean> {
  fake = await startFakeLark({ appId: APP_ID, appSecret: APP_SECRET });
  const port = await freePort();
  const inspectorPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logPath = `${TMP}/wrangler-dev.log`;
  const log = openSync(logPath, 'w');

  const vars = {
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_BASE_URL: fake.url,
  };
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--test-scheduled', '--persist-to', `${TMP}/state`, '--show-interactive-dev-session=false'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  console.log(`workers-check: npx wrangler dev on ${base} (fake Lark ${fake.url}, log ${logPath})`);
  wrangler = spawn('npx', args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: DB_URL,
      // Offline-friendly: no Request.cf download, no metrics, logs in the scratch dir.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_LOG_PATH: TMP,
      CI: '1',
    },
  });
  writeFileSync(`${TMP}/wrangler.pid`, String(wrangler.pid));

  // 0. ready: /healthz answers anything at all
  const t0 = Date.now();
  let first: Response | null = null;
  const ready = await waitUntil(
    'wrangler dev to answer',
    async () => {
      if (wrangler?.exitCode !== null) return true;
      try {
        first = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
        return true;
      } catch {
        return false;
      }
    },
    READY_TIMEOUT_MS,
  );
  if (!ready || !first) {
    record('wrangler dev starts', false, wrangler?.exitCode !== null ? `exited with ${wrangler?.exitCode}` : 'no answer');
    return false;
  }
  record('wrangler dev starts', true, `${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // 1. health
  {
    const res = first as Response;
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {}
    const ok = res.status === 200 && JSON.stringify(body) === JSON.stringify({ ok: true, db: 'postgres' });
    record('GET /healthz → 200 {"ok":true,"db":"postgres"}', ok, `${res.status} ${text.slice(0, 300)}`);
    if (!ok) return false;
  }

  const post = async (payload: object, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({ encrypt: await larkEncrypt(ENCRYPT_KEY, JSON.stringify(payload)) });
    const res = await fetch(`${base}/lark/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, text: await res.text(), body };
  };

  // 2. encrypted challenge
  {
    const challenge = `challenge-${Date.now()}`;
    const r = await post({ type: 'url_verification', challenge, token: VERIFICATION_TOKEN });
    record('encrypted url_verification → 200 {"challenge":…}', r.status === 200 && r.text === JSON.stringify({ challenge }), `${r.status} ${r.text.slice(0, 200)}`);
  }

  // 3. wrong token
  {
    const r = await post({ type: 'url_verification', challenge: 'x', token: 'not-the-token' });
    record('url_verification with a wrong token → 401', r.status === 401, `${r.status} ${r.text.slice(0, 200)}`);
  }

  // 4. a real event: stored, acked, handled after the response, reply delivered by the outbox
  {
    const messageId = 'om_workerscheck_live';
    const chatId = 'oc_workerscheck';
    fake.addUserMessage(messageId, chatId);
    const plain = messageEvent(`ev_workerscheck_live_${Date.now()}`, messageId, chatId, '你好');
    const body = JSON.stringify({ encrypt: await larkEncrypt(ENCRYPT_KEY, JSON.stringify(plain)) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = `n${Math.random().toString(36).slice(2)}`;
    const signature = await larkSign(timestamp, nonce, ENCRYPT_KEY, body);
    const res = await fetch(`${base}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature },
      body,
    });
    const text = await res.text();
    record('signed, encrypted im.message.receive_v1 → 200 {}', res.status === 200 && text === '{}', `${res.status} ${text.slice(0, 200)}`);
    const delivered = await waitUntil('the reply at the fake Lark', () => fake!.messages.some((m) => m.reply_to === messageId), 20_000);
    const token = fake.requests.some((r) => r.path.includes('tenant_access_token'));
    record(
      'reply sent after the ack (waitUntil → outbox → Lark SDK under workerd)',
      delivered,
      delivered ? `msg_type ${fake.messages.find((m) => m.reply_to === messageId)!.msg_type}, token fetched: ${token}` : `fake Lark saw ${fake.requests.length} request(s): ${fake.requests.map((r) => `${r.method} ${r.path} ${r.status ?? ''}/${r.code ?? ''}`).join(', ')}`,
    );
  }

  // 5. cron: an event stored 2 minutes ago and never handled (the isolate died after the ack)
  {
    const messageId = 'om_workerscheck_cron';
    const chatId = 'oc_workerscheck';
    fake.addUserMessage(messageId, chatId);
    const eventId = `ev_workerscheck_cron_${Date.now()}`;
    const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
    try {
      await sql`insert into inbound_events (event_id, event_type, message_id, payload, received_at)
                values (${eventId}, 'im.message.receive_v1', ${messageId}, ${sql.json(messageEvent(eventId, messageId, chatId, '你好'))}, now() - interval '2 minutes')`;
      const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      const text = await res.text();
      const [row] = await sql<{ status: string }[]>`select status from inbound_events where event_id = ${eventId}`;
      const replied = await waitUntil('the recovered event’s reply', () => fake!.messages.some((m) => m.reply_to === messageId), 10_000);
      record(
        'scheduled() (cron) recovers a stored event and delivers its reply',
        res.status === 200 && row?.status === 'done' && replied,
        `${res.status} ${text.replace(/\s+/g, ' ').trim().slice(0, 160)}; event ${row?.status ?? 'missing'}; reply ${replied ? 'delivered' : 'missing'}`,
      );
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  // 6. a filed material (as filing leaves it: the attachment `fetching`, a `fetch` row in the outbox) is
  //    downloaded with fetch under workerd and kept in the R2 binding (wrangler dev simulates it)
  {
    const messageId = 'om_workerscheck_file';
    const data = new TextEncoder().encode(`%PDF-1.7\nworkers check ${Date.now()}\n`);
    fake.addUserFile(messageId, 'oc_workerscheck', { key: 'file_v3_workerscheck', type: 'file', data });
    const sha256 = createHash('sha256').update(data).digest('hex');
    const sql = postgres(DB_URL, { max: 1, onnotice: () => {} });
    try {
      const [file] = await sql<{ id: number }[]>`insert into attachments (file_key, file_name, sender_open_id, chat_id, message_id, received_at, storage)
                values ('file_v3_workerscheck', '方案.pdf', 'ou_workerscheck', 'oc_workerscheck', ${messageId}, now(), 'fetching') returning id`;
      await sql`insert into outbox (uuid, queue_key, kind, target, target_type, msg_type, content)
                values (${crypto.randomUUID()}, ${`fetch:${messageId}`}, 'fetch', ${messageId}, 'message_id', 'file', ${JSON.stringify({ fileKey: 'file_v3_workerscheck', attachmentId: file!.id })})`;
      const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
      await res.text();
      const [row] = await sql<{ storage: string; sha256: string | null; storage_note: string | null }[]>`select storage, sha256, storage_note from attachments where id = ${file!.id}`;
      record(
        'a filed material is downloaded under workerd and kept in R2 (MATERIALS_BUCKET)',
        row?.storage === 'stored' && row.sha256 === sha256 && fake.resources.served.some((r) => r.messageId === messageId),
        `attachment ${row?.storage ?? 'missing'}${row?.storage_note ? ` (${row.storage_note})` : ''}, sha256 ${row?.sha256 === sha256 ? 'matches' : (row?.sha256 ?? 'none')}`,
      );
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  return results.every((r) => r.ok);
}

let ok = false;
const onSignal = () => void stopWrangler().finally(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  ok = await main();
} catch (e) {
  record('workers check', false, (e as Error).stack ?? String(e));
} finally {
  await stopWrangler();
  await (fake as FakeLark | null)?.close().catch(() => {});
}
if (!ok) {
  try {
    const tail = readFileSync(`${TMP}/wrangler-dev.log`, 'utf8').split('\n').slice(-60).join('\n');
    console.log(`--- last lines of wrangler dev's output ---\n${tail}\n---`);
  } catch {}
}
const passed = results.filter((r) => r.ok).length;
console.log(`workers-check: ${passed}/${results.length} checks passed`);
process.exit(ok ? 0 : 1);

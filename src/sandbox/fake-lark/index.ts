/**
 * A fake Lark/Feishu Open API on a loopback port. It checks what Lark checks on the endpoints the bot
 * uses and records everything it receives, so tests can assert on what actually went over the wire.
 *
 * Endpoints
 *   POST  /open-apis/auth/v3/tenant_access_token/internal        app_id/app_secret → tenant_access_token (10014 on mismatch)
 *   POST  /open-apis/im/v1/messages?receive_id_type=…             send
 *   POST  /open-apis/im/v1/messages/:message_id/reply             reply
 *   PATCH /open-apis/im/v1/messages/:message_id                   update a card
 *   PATCH /open-apis/im/v1/messages/:message_id/urgent_app?user_id_type=…   buzz (quota → 230024)
 *   POST  /open-apis/im/v1/files                                  multipart upload (file_type, file_name, file)
 *   GET   /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file|image   a file a person sent
 *                                                                 (resources.ts: recalled → 230110 …)
 *   GET   /open-apis/authen/v1/authorize                           web OAuth: the signed-in person (`loginAs`) → 302 to
 *                                                                 redirect_uri?code=…&state=… (accounts.feishu.cn in Feishu)
 *   POST  /open-apis/authen/v2/oauth/token                         grant_type=authorization_code → user_access_token
 *   GET   /open-apis/authen/v1/user_info                           Bearer user_access_token → the person (open_id, name …)
 *
 * Lark behaviour reproduced (Lark docs: 发送消息 / 回复消息 / 更新应用发送的消息卡片 / 发送应用内加急 /
 * 上传文件 / 频控策略 / 通用错误码):
 *   - every IM call needs `Authorization: Bearer <tenant_access_token>`: missing → 99991661, unknown or
 *     expired → 99991663;
 *   - receive_id_type ∈ open_id|user_id|union_id|email|chat_id; receive_id non-empty and shaped like its type
 *     (ou_/oc_/on_/…@…) → otherwise 99992402 / 230001 "invalid receive_id";
 *   - msg_type enum; `content` must be a *string* holding JSON that parses and suits the msg_type;
 *   - interactive content ≤ 30 KB (230025) and a valid Card JSON 2.0 (230099, see cards/card-schema.ts);
 *     text ≤ 150 KB (230025);
 *   - `uuid` (≤ 50 chars): the same uuid within 1 hour returns the first message_id and is not delivered again;
 *   - rate limits when `rateLimits` is on: 50 requests/s per API per app → HTTP 429, code 99991400 and
 *     `x-ogw-ratelimit-reset` (seconds); 5 sends/s per receive id (per chat for replies, per message for
 *     card updates) → HTTP 400, code 230020.
 *
 * Web OAuth (获取授权码 / 获取 user_access_token / 获取用户信息): a code lives 5 minutes and is used once,
 * it is bound to the client_id and redirect_uri it was issued for, and the token request must repeat
 * both with the right client_secret. Error codes there follow the OAuth error names (invalid_request,
 * invalid_client, invalid_grant, unsupported_grant_type) with Lark-style numeric codes ≠ 0; clients
 * should only rely on `code !== 0`.
 *
 * The parts: types.ts (the handle and what it records), auth.ts (tenant and user tokens), im.ts (the IM
 * endpoints), content.ts (message content checks), messages.ts (the message store), resources.ts
 * (files people sent), traffic.ts (rate limits, faults), wire.ts (replies and Lark's errors); this
 * file is the HTTP server that records each request and routes it.
 *
 * Where the fake is stricter than Lark, it says so: interactive content must be Card JSON 2.0 (Lark also
 * renders 1.0 cards and templates; this project only sends 2.0).
 *
 * Injected faults (`faults`, seeded so runs repeat): per IM request, with probability `ratio`, one of
 *   '500'     → HTTP 500, nothing delivered;
 *   '429'     → HTTP 429 + 99991400 + x-ogw-ratelimit-reset: 2, nothing delivered;
 *   'timeout' → the request IS processed (message delivered) but no response is ever sent — the
 *               "did it go out?" case a retry with the same uuid must survive;
 *   'close'   → the socket is destroyed before processing, nothing delivered.
 * The token endpoint is never faulted.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TenantTokens, WebOAuth } from './auth.js';
import { ImApi } from './im.js';
import { MessageStore } from './messages.js';
import { FakeResources } from './resources.js';
import { APP_LIMIT_PER_S, Faults, RateLimits } from './traffic.js';
import type { FakeLark, FakeLarkOptions, FaultKind, RecordedRequest } from './types.js';
import { LarkError, type Reply, errorReply, logId } from './wire.js';

export type { SentResource } from './resources.js';
export type * from './types.js';

type MountHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => void;

export async function startFakeLark(o: FakeLarkOptions): Promise<FakeLark> {
  const faults = new Faults(o.faults ?? null);
  const limits = new RateLimits(o.rateLimits ?? false);
  const resources = new FakeResources();
  const mounts = new Map<string, MountHandler>();
  const record = {
    requests: [] as FakeLark['requests'],
    messages: [] as FakeLark['messages'],
    patches: [] as FakeLark['patches'],
    files: [] as FakeLark['files'],
    urgents: [] as FakeLark['urgents'],
    tokensIssued: [] as FakeLark['tokensIssued'],
    logins: [] as FakeLark['logins'],
  };
  const tokens = new TenantTokens(o, record.tokensIssued);
  const oauth = new WebOAuth(o, record.logins);
  const messages = new MessageStore(o.appId, limits, record.messages);
  const im = new ImApi(tokens, limits, messages, resources, record, o.urgentQuota ?? Number.POSITIVE_INFINITY);

  const fake: FakeLark = {
    url: '',
    server: undefined as unknown as Server,
    mount(path, handler) {
      mounts.set(path, handler);
    },
    close: async () => {},
    ...record,
    loginAs(openId, name) {
      oauth.loginAs(openId, name);
    },
    setFaults(f) {
      faults.set(f);
    },
    setRateLimits(on) {
      limits.on = on;
    },
    setUrgentQuota(n) {
      im.urgentQuota = n;
    },
    expireTokens() {
      tokens.expireAll();
    },
    addUserMessage(messageId, chatId) {
      messages.addUserMessage(messageId, chatId);
    },
    addUserFile(messageId, chatId, resource) {
      messages.addUserMessage(messageId, chatId);
      resources.add(messageId, resource);
    },
    recallMessage(messageId) {
      resources.recall(messageId);
    },
    resources,
    async waitFor(predicate, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(fake)) {
        if (Date.now() > deadline) throw new Error(`fake-lark: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };

  async function handle(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: IncomingMessage['headers'],
    body: unknown,
    raw: Buffer,
  ): Promise<Reply> {
    const now = Date.now();
    const notFound: Reply = { status: 404, body: { code: 404, msg: 'not found' } };
    if (path === '/open-apis/auth/v3/tenant_access_token/internal')
      return method === 'POST' ? tokens.issue(body, now) : notFound;
    if (path === '/open-apis/authen/v2/oauth/token') return method === 'POST' ? oauth.token(body, now) : notFound;
    if (path === '/open-apis/authen/v1/user_info') return method === 'GET' ? oauth.userInfo(headers, now) : notFound;
    const reply = await im.handle({ method, path, query, headers, body, raw, now });
    return reply ?? { status: 404, body: { code: 404, msg: '404 page not found' } };
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void serve(req, res);
  });
  fake.server = server;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const query = Object.fromEntries(url.searchParams.entries());
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const ct = headers['content-type'] ?? '';

    let body: unknown;
    let badJson = false;
    if (raw.length > 0) {
      if (ct.startsWith('multipart/form-data')) {
        body = await summariseMultipart(ct, raw);
      } else {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          badJson = true;
          body = raw.toString('utf8');
        }
      }
    }
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers,
      body,
      time: Date.now(),
    };
    fake.requests.push(rec);
    const mounted = mounts.get(url.pathname);
    if (mounted) return mounted(req, res, body);

    if (url.pathname === '/open-apis/authen/v1/authorize' && req.method === 'GET')
      return oauth.authorizePage(res, rec, query);

    const isIm = url.pathname.startsWith('/open-apis/im/');
    const fault: FaultKind | undefined = isIm ? faults.pick() : undefined;
    if (fault) rec.fault = fault;
    if (fault === 'close') {
      req.socket.destroy();
      return;
    }
    if (fault === '500')
      return send(res, rec, { status: 500, body: { code: -1, msg: 'Internal Server Error (injected fault)' } });
    if (fault === '429')
      return send(res, rec, {
        status: 429,
        body: { code: 99991400, msg: 'request trigger frequency limit' },
        headers: { 'x-ogw-ratelimit-limit': String(APP_LIMIT_PER_S), 'x-ogw-ratelimit-reset': '2' },
      });

    let reply: Reply;
    try {
      if (badJson) throw new LarkError(400, 9499, 'Bad Request');
      reply = await handle(rec.method, url.pathname, query, req.headers, body, raw);
    } catch (e) {
      reply =
        e instanceof LarkError
          ? errorReply(e)
          : { status: 500, body: { code: -1, msg: `fake-lark bug: ${(e as Error).message}` } };
    }
    if (fault === 'timeout') return; // processed, but the answer never comes
    send(res, rec, reply);
  }

  function send(res: ServerResponse, rec: RecordedRequest, reply: Reply): void {
    rec.status = reply.status;
    if (reply.raw) {
      res.writeHead(reply.status, {
        'content-type': reply.raw.contentType,
        'content-length': String(reply.raw.data.byteLength),
        'x-tt-logid': logId(),
      });
      res.end(reply.raw.data);
      return;
    }
    const code = (reply.body as { code?: unknown }).code;
    if (typeof code === 'number') rec.code = code;
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-tt-logid': logId(),
      ...reply.headers,
    });
    res.end(JSON.stringify(reply.body));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}

async function summariseMultipart(ct: string, raw: Buffer): Promise<unknown> {
  try {
    const form = await new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': ct },
      body: new Uint8Array(raw),
    }).formData();
    const out: Record<string, unknown> = {};
    for (const [k, v] of form.entries())
      out[k] = typeof v === 'string' ? v : { name: v.name, size: v.size, type: v.type };
    return out;
  } catch {
    return { malformed: true };
  }
}

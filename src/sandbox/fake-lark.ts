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
 *                                                                 (fake-lark-resources.ts: recalled → 230110 …)
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
 *   - interactive content ≤ 30 KB (230025) and a valid Card JSON 2.0 (230099, see card-schema.ts);
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
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CARD_MAX_BYTES, validateCardV2 } from '../../cards/card-schema.js';
import { FakeResources, type SentResource } from './fake-lark-resources.js';

export type FaultKind = '500' | '429' | 'timeout' | 'close';
export interface FaultConfig {
  ratio: number;
  kinds: FaultKind[];
  seed?: number;
}

export interface FakeLarkOptions {
  appId: string;
  appSecret: string;
  rateLimits?: boolean;
  faults?: FaultConfig;
  /** How many people may still be buzzed with urgent_app (each id in user_id_list uses one). Default: unlimited. */
  urgentQuota?: number;
  /** `expire` in the token response, seconds. Default 7200. */
  tokenTtlSeconds?: number;
  /** Display names returned by user_info, by open_id (default: the open_id). */
  userNames?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body; for multipart, the fields with the file summarised as {name, size, type}. */
  body: unknown;
  time: number;
  /** Filled in when the fake answers (absent for 'timeout'/'close' faults). */
  status?: number;
  code?: number;
  fault?: FaultKind;
}

export interface DeliveredMessage {
  id: string;
  receive_id: string;
  receive_id_type: string;
  /** The chat the message landed in when known (chat_id sends, replies to known messages). */
  chat_id?: string;
  msg_type: string;
  /** `content` parsed from its JSON string. */
  content: unknown;
  uuid?: string;
  reply_to?: string;
  reply_in_thread?: boolean;
  time: number;
}

export interface RecordedPatch {
  message_id: string;
  content: unknown;
  time: number;
}

export interface RecordedFile {
  file_key: string;
  file_type: string;
  file_name: string;
  size: number;
  data: Uint8Array;
  time: number;
}

export interface RecordedUrgent {
  message_id: string;
  user_id_type: string;
  user_id_list: string[];
  invalid_user_id_list: string[];
  time: number;
}

export interface RecordedLogin {
  open_id: string;
  client_id: string;
  redirect_uri: string;
  time: number;
}

export interface FakeLark {
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  messages: DeliveredMessage[];
  patches: RecordedPatch[];
  files: RecordedFile[];
  urgents: RecordedUrgent[];
  tokensIssued: string[];
  setFaults(f: FaultConfig | null): void;
  setRateLimits(on: boolean): void;
  setUrgentQuota(n: number): void;
  /** Invalidates every token issued so far: the next call with one gets 99991663. */
  expireTokens(): void;
  /** Makes `messageId` a message in `chatId` (e.g. one a user sent), so replies to it land in that chat. */
  addUserMessage(messageId: string, chatId: string): void;
  /** A person's file or image message in `chatId`: its bytes are served as the message's resource. */
  addUserFile(messageId: string, chatId: string, resource: SentResource): void;
  /** The sender recalls the message: its resource is no longer served (230110). */
  recallMessage(messageId: string): void;
  /** Resources served so far. */
  resources: FakeResources;
  /** Resolves when predicate(fake) is true; rejects after timeoutMs. */
  waitFor(predicate: (f: FakeLark) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Who is signed in to Feishu in "the browser": the authorize page approves the app for this person
   * at once (as Feishu does for a signed-in user who already consented). Null: authorize answers 401.
   */
  loginAs(openId: string | null, name?: string): void;
  /** Every user_access_token issued by the OAuth token endpoint. */
  logins: RecordedLogin[];
  /**
   * Serves another endpoint on the fake's port, before the Open API routes (the long connection's
   * endpoint, test/support/fake-long-connection.ts); `body` is the parsed JSON. Its HTTP server, for upgrades:
   */
  mount(path: string, handler: (req: IncomingMessage, res: ServerResponse, body: unknown) => void): void;
  server: Server;
}

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const MSG_TYPES = new Set([
  'text',
  'post',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'interactive',
  'share_chat',
  'share_user',
  'system',
]);
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
const USER_ID_TYPES = new Set(['open_id', 'user_id', 'union_id']);
const UUID_TTL_MS = 60 * 60 * 1000;
const TEXT_MAX_BYTES = 150 * 1024;
const FILE_MAX_BYTES = 30 * 1024 * 1024;
const APP_LIMIT_PER_S = 50;
const TARGET_LIMIT_PER_S = 5;

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Bytes sent as they are (a resource download) instead of `body` as JSON. */
  raw?: { data: Uint8Array; contentType: string };
}

class LarkError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly msg: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const invalidParam = (ext: string) =>
  new LarkError(400, 230001, `Your request contains an invalid request parameter, ext=${ext}.`);
const fieldValidation = (field: string, description: string) =>
  Object.assign(new LarkError(400, 99992402, 'field validation failed'), { violation: { field, description } });

/** mulberry32: small, seeded, good enough for fault injection. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number) => randomBytes(n).toString('hex');
const logId = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14) + hex(8).toUpperCase();

function receiveIdShapeOk(type: string, id: string): boolean {
  switch (type) {
    case 'open_id':
      return /^ou_[0-9A-Za-z]+$/.test(id);
    case 'chat_id':
      return /^oc_[0-9A-Za-z]+$/.test(id);
    case 'union_id':
      return /^on_[0-9A-Za-z]+$/.test(id);
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(id);
    default:
      return id.trim().length > 0;
  }
}

export async function startFakeLark(o: FakeLarkOptions): Promise<FakeLark> {
  const tokenTtl = o.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, number>(); // token → expires at (ms)
  let faults: FaultConfig | null = o.faults ?? null;
  let rand = prng(o.faults?.seed ?? 1);
  let rateLimits = o.rateLimits ?? false;
  let urgentQuota = o.urgentQuota ?? Number.POSITIVE_INFINITY;

  interface Stored {
    id: string;
    chatId?: string;
    targetKey: string;
    msgType: string;
    content: string;
    fromBot: boolean;
    time: number;
    parentId?: string;
    rootId?: string;
  }
  const store = new Map<string, Stored>();
  const uuids = new Map<string, { id: string; time: number }>();
  const windows = new Map<string, number[]>();
  const uploaded = new Set<string>();
  const resources = new FakeResources();
  // Web OAuth: who is signed in, codes handed out, user tokens issued.
  let signedIn: string | null = null;
  const names = new Map<string, string>(Object.entries(o.userNames ?? {}));
  const oauthCodes = new Map<string, { openId: string; clientId: string; redirectUri: string; expiresAt: number }>();
  const userTokens = new Map<string, { openId: string; expiresAt: number }>();

  const mounts = new Map<string, (req: IncomingMessage, res: ServerResponse, body: unknown) => void>();
  const fake: FakeLark = {
    url: '',
    server: undefined as unknown as Server,
    mount(path, handler) {
      mounts.set(path, handler);
    },
    close: async () => {},
    requests: [],
    messages: [],
    patches: [],
    files: [],
    urgents: [],
    tokensIssued: [],
    logins: [],
    loginAs(openId, name) {
      signedIn = openId;
      if (openId && name) names.set(openId, name);
    },
    setFaults(f) {
      faults = f;
      rand = prng(f?.seed ?? 1);
    },
    setRateLimits(on) {
      rateLimits = on;
    },
    setUrgentQuota(n) {
      urgentQuota = n;
    },
    expireTokens() {
      tokens.clear();
    },
    addUserMessage(messageId, chatId) {
      store.set(messageId, {
        id: messageId,
        chatId,
        targetKey: `chat_id:${chatId}`,
        msgType: 'text',
        content: '{}',
        fromBot: false,
        time: Date.now(),
      });
    },
    addUserFile(messageId, chatId, resource) {
      fake.addUserMessage(messageId, chatId);
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

  /** Sliding one-second window. Returns seconds until a slot frees, or 0 if admitted (and counts it). */
  function admit(key: string, limit: number, now: number): number {
    const list = (windows.get(key) ?? []).filter((t) => now - t < 1000);
    if (list.length >= limit) {
      windows.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + 1000 - now) / 1000));
    }
    list.push(now);
    windows.set(key, list);
    return 0;
  }

  function appLimit(api: string, now: number): void {
    if (!rateLimits) return;
    const wait = admit(`app:${api}`, APP_LIMIT_PER_S, now);
    if (wait > 0)
      throw new LarkError(429, 99991400, 'request trigger frequency limit', {
        'x-ogw-ratelimit-limit': String(APP_LIMIT_PER_S),
        'x-ogw-ratelimit-reset': String(wait),
      });
  }

  function targetLimit(key: string, now: number): void {
    if (!rateLimits) return;
    if (admit(`target:${key}`, TARGET_LIMIT_PER_S, now) > 0)
      throw new LarkError(400, 230020, 'This operation triggers the frequency limit.');
  }

  function authorize(headers: IncomingMessage['headers'], now: number): void {
    const auth = headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/.exec(auth.trim()) : null;
    if (!m)
      throw new LarkError(
        400,
        99991661,
        'Missing access token for authorization. Please make a request with token attached.',
      );
    const exp = tokens.get(m[1]!);
    if (exp === undefined || exp <= now)
      throw new LarkError(
        400,
        99991663,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
  }

  /** Checks `content` for `msgType` the way im.message.create does; returns the parsed value. */
  function checkContent(msgType: string, content: unknown): unknown {
    if (!MSG_TYPES.has(msgType)) throw invalidParam('invalid msg_type');
    if (typeof content !== 'string') throw invalidParam('content must be a string holding JSON, not a JSON object');
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw invalidParam('content is not a valid JSON string');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw invalidParam('content must be a JSON object');
    const p = parsed as Record<string, unknown>;
    const bytes = Buffer.byteLength(content, 'utf8');
    switch (msgType) {
      case 'text':
        if (typeof p.text !== 'string' || p.text.length === 0)
          throw invalidParam('text content must be {"text":"…"} with non-empty text');
        if (bytes > TEXT_MAX_BYTES)
          throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
        break;
      case 'post': {
        const body = (p.post ?? p) as Record<string, unknown>;
        const locales = Object.values(body).filter((v) => typeof v === 'object' && v !== null) as Record<
          string,
          unknown
        >[];
        if (locales.length === 0 || !locales.every((l) => Array.isArray(l.content)))
          throw invalidParam('post content must be {"zh_cn":{"title":…,"content":[[…]]}}');
        if (bytes > CARD_MAX_BYTES)
          throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
        break;
      }
      case 'interactive': {
        if (bytes > CARD_MAX_BYTES)
          throw new LarkError(400, 230025, 'The length of the message content reaches its limit.');
        const errors = validateCardV2(p);
        if (errors.length > 0)
          throw new LarkError(
            400,
            230099,
            `Failed to create card content, ext=ErrCode: 11310; ErrMsg: ${errors.join('; ')}; `,
          );
        break;
      }
      case 'file':
        if (typeof p.file_key !== 'string' || !uploaded.has(p.file_key)) throw invalidParam('invalid file_key');
        break;
      case 'image':
        if (typeof p.image_key !== 'string' || p.image_key === '') throw invalidParam('invalid image_key');
        break;
      default:
        break;
    }
    return parsed;
  }

  function messageData(s: Stored) {
    return {
      message_id: s.id,
      root_id: s.rootId,
      parent_id: s.parentId,
      msg_type: s.msgType,
      create_time: String(s.time),
      update_time: String(s.time),
      deleted: false,
      updated: false,
      chat_id: s.chatId ?? '',
      sender: { id: o.appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'fake_tenant' },
      body: { content: s.content },
    };
  }

  function deliver(args: {
    receiveIdType: string;
    receiveId: string;
    chatId?: string;
    targetKey: string;
    msgType: string;
    content: string;
    parsed: unknown;
    uuid?: string;
    replyTo?: string;
    replyInThread?: boolean;
    now: number;
  }): Reply {
    if (args.uuid !== undefined) {
      const prev = uuids.get(args.uuid);
      if (prev && args.now - prev.time < UUID_TTL_MS) {
        const s = store.get(prev.id)!;
        return { status: 200, body: { code: 0, msg: 'success', data: messageData(s) } };
      }
    }
    targetLimit(args.targetKey, args.now);
    const parent = args.replyTo ? store.get(args.replyTo) : undefined;
    const s: Stored = {
      id: `om_${hex(16)}`,
      chatId: args.chatId,
      targetKey: args.targetKey,
      msgType: args.msgType,
      content: args.content,
      fromBot: true,
      time: args.now,
      parentId: args.replyTo,
      rootId: args.replyTo ? (parent?.rootId ?? args.replyTo) : undefined,
    };
    store.set(s.id, s);
    if (args.uuid !== undefined) uuids.set(args.uuid, { id: s.id, time: args.now });
    fake.messages.push({
      id: s.id,
      receive_id: args.receiveId,
      receive_id_type: args.receiveIdType,
      chat_id: args.chatId,
      msg_type: args.msgType,
      content: args.parsed,
      uuid: args.uuid,
      reply_to: args.replyTo,
      reply_in_thread: args.replyInThread,
      time: args.now,
    });
    return { status: 200, body: { code: 0, msg: 'success', data: messageData(s) } };
  }

  function checkUuid(uuid: unknown): string | undefined {
    if (uuid === undefined || uuid === null || uuid === '') return undefined;
    if (typeof uuid !== 'string' || uuid.length > 50)
      throw fieldValidation('uuid', 'uuid must be a string of at most 50 characters');
    return uuid;
  }

  const asObj = (b: unknown): Record<string, unknown> => {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new LarkError(400, 9499, 'Bad Request');
    return b as Record<string, unknown>;
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

    if (path === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (method !== 'POST') return { status: 404, body: { code: 404, msg: 'not found' } };
      const b = asObj(body);
      if (b.app_id !== o.appId || b.app_secret !== o.appSecret) throw new LarkError(400, 10014, 'app secret invalid');
      const token = `t-${hex(20)}`;
      tokens.set(token, now + tokenTtl * 1000);
      fake.tokensIssued.push(token);
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: tokenTtl } };
    }

    if (path === '/open-apis/authen/v2/oauth/token') {
      if (method !== 'POST') return { status: 404, body: { code: 404, msg: 'not found' } };
      const b = asObj(body);
      const oauthError = (code: number, error: string, description: string): Reply => ({
        status: 400,
        body: { code, error, error_description: description },
      });
      if (b.grant_type !== 'authorization_code')
        return oauthError(20024, 'unsupported_grant_type', 'grant_type must be authorization_code');
      for (const k of ['client_id', 'client_secret', 'code'] as const)
        if (typeof b[k] !== 'string' || b[k] === '') return oauthError(20001, 'invalid_request', `${k} is required`);
      if (b.client_id !== o.appId || b.client_secret !== o.appSecret)
        return oauthError(20002, 'invalid_client', 'client_id or client_secret is invalid');
      const grant = oauthCodes.get(b.code as string);
      if (!grant) return oauthError(20003, 'invalid_grant', 'the authorization code is not found or already used');
      oauthCodes.delete(b.code as string);
      if (grant.expiresAt <= now) return oauthError(20004, 'invalid_grant', 'the authorization code has expired');
      if (grant.clientId !== b.client_id)
        return oauthError(20003, 'invalid_grant', 'the code was issued to another client');
      if (grant.redirectUri !== b.redirect_uri)
        return oauthError(20071, 'invalid_grant', 'redirect_uri does not match the one of the authorization request');
      const token = `eyJ${hex(24)}`;
      userTokens.set(token, { openId: grant.openId, expiresAt: now + 7200 * 1000 });
      fake.logins.push({
        open_id: grant.openId,
        client_id: grant.clientId,
        redirect_uri: grant.redirectUri,
        time: now,
      });
      return { status: 200, body: { code: 0, access_token: token, expires_in: 7200, token_type: 'Bearer', scope: '' } };
    }

    if (path === '/open-apis/authen/v1/user_info') {
      if (method !== 'GET') return { status: 404, body: { code: 404, msg: 'not found' } };
      const m = /^Bearer\s+(\S+)$/.exec(String(headers.authorization ?? '').trim());
      if (!m)
        throw new LarkError(
          400,
          99991661,
          'Missing access token for authorization. Please make a request with token attached.',
        );
      const t = userTokens.get(m[1]!);
      if (!t)
        throw new LarkError(
          400,
          99991668,
          'Invalid access token for authorization. Please make a request with token attached.',
        );
      if (t.expiresAt <= now) throw new LarkError(400, 99991677, 'user access token expired');
      return {
        status: 200,
        body: {
          code: 0,
          msg: 'success',
          data: {
            open_id: t.openId,
            union_id: `on_${t.openId.slice(3)}`,
            user_id: `u_${t.openId.slice(3, 11)}`,
            name: names.get(t.openId) ?? t.openId,
            en_name: '',
            tenant_key: 'fake_tenant',
          },
        },
      };
    }

    const routes: [string, RegExp, 'create' | 'reply' | 'urgent' | 'patch' | 'upload' | 'resource'][] = [
      ['GET', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/, 'resource'],
      ['POST', /^\/open-apis\/im\/v1\/messages$/, 'create'],
      ['POST', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/, 'reply'],
      ['PATCH', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app$/, 'urgent'],
      ['PATCH', /^\/open-apis\/im\/v1\/messages\/([^/]+)$/, 'patch'],
      ['POST', /^\/open-apis\/im\/v1\/files$/, 'upload'],
    ];
    let route: (typeof routes)[number][2] | null = null;
    let pathId = '';
    let pathKey = '';
    for (const [verb, re, name] of routes) {
      const hit = method === verb ? re.exec(path) : null;
      if (hit) {
        route = name;
        pathId = hit[1] ? decodeURIComponent(hit[1]) : '';
        pathKey = hit[2] ? decodeURIComponent(hit[2]) : '';
        break;
      }
    }
    if (!route) return { status: 404, body: { code: 404, msg: '404 page not found' } };

    authorize(headers, now);
    appLimit(route, now);

    switch (route) {
      case 'resource': {
        const answer = resources.serve(pathId, pathKey, query.type, store.has(pathId));
        if (!answer.ok) throw new LarkError(answer.status, answer.code, answer.msg);
        return { status: 200, body: null, raw: { data: answer.data, contentType: answer.contentType } };
      }
      case 'create': {
        const type = query.receive_id_type;
        if (!type) throw fieldValidation('receive_id_type', 'receive_id_type is required');
        if (!RECEIVE_ID_TYPES.has(type))
          throw fieldValidation(
            'receive_id_type',
            `receive_id_type must be one of ${[...RECEIVE_ID_TYPES].join(', ')}`,
          );
        const b = asObj(body);
        if (typeof b.receive_id !== 'string' || b.receive_id === '')
          throw fieldValidation('receive_id', 'receive_id is required');
        if (typeof b.msg_type !== 'string' || b.msg_type === '')
          throw fieldValidation('msg_type', 'msg_type is required');
        if (b.content === undefined || b.content === '') throw fieldValidation('content', 'content is required');
        const uuid = checkUuid(b.uuid);
        if (!receiveIdShapeOk(type, b.receive_id)) throw invalidParam('invalid receive_id');
        const parsed = checkContent(b.msg_type, b.content);
        return deliver({
          receiveIdType: type,
          receiveId: b.receive_id,
          chatId: type === 'chat_id' ? b.receive_id : undefined,
          targetKey: `${type}:${b.receive_id}`,
          msgType: b.msg_type,
          content: b.content as string,
          parsed,
          uuid,
          now,
        });
      }
      case 'reply': {
        if (!/^om_[0-9A-Za-z_]+$/.test(pathId)) throw invalidParam('invalid message_id');
        const b = asObj(body);
        if (typeof b.msg_type !== 'string' || b.msg_type === '')
          throw fieldValidation('msg_type', 'msg_type is required');
        if (b.content === undefined || b.content === '') throw fieldValidation('content', 'content is required');
        const uuid = checkUuid(b.uuid);
        const parsed = checkContent(b.msg_type, b.content);
        const parent = store.get(pathId);
        return deliver({
          receiveIdType: 'chat_id',
          receiveId: parent?.chatId ?? '',
          chatId: parent?.chatId,
          targetKey: parent ? parent.targetKey : `reply:${pathId}`,
          msgType: b.msg_type,
          content: b.content as string,
          parsed,
          uuid,
          replyTo: pathId,
          replyInThread: b.reply_in_thread === true ? true : undefined,
          now,
        });
      }
      case 'patch': {
        const b = asObj(body);
        if (b.content === undefined || b.content === '') throw fieldValidation('content', 'content is required');
        const target = store.get(pathId);
        if (!target || !target.fromBot) throw invalidParam('invalid message_id');
        if (target.msgType !== 'interactive') throw invalidParam('the message is not a card (msg_type interactive)');
        if (now - target.time > 14 * 24 * 3600 * 1000)
          throw new LarkError(400, 230031, 'The message has been sent for more than 14 days and cannot be updated.');
        const parsed = checkContent('interactive', b.content);
        targetLimit(`message:${pathId}`, now);
        target.content = b.content as string;
        fake.patches.push({ message_id: pathId, content: parsed, time: now });
        return { status: 200, body: { code: 0, msg: 'success', data: {} } };
      }
      case 'urgent': {
        const idType = query.user_id_type;
        if (!idType || !USER_ID_TYPES.has(idType))
          throw fieldValidation('user_id_type', 'user_id_type must be open_id, user_id or union_id');
        const b = asObj(body);
        const list = b.user_id_list;
        if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x !== ''))
          throw fieldValidation('user_id_list', 'user_id_list must be a non-empty array of ids');
        const target = store.get(pathId);
        if (!target || !target.fromBot) throw invalidParam('invalid message_id');
        const ids = list as string[];
        const invalid = idType === 'open_id' ? ids.filter((x) => !/^ou_[0-9A-Za-z]+$/.test(x)) : [];
        const valid = ids.filter((x) => !invalid.includes(x));
        if (valid.length > urgentQuota) throw new LarkError(400, 230024, 'Reach the upper limit of urgent message.');
        urgentQuota -= valid.length;
        fake.urgents.push({
          message_id: pathId,
          user_id_type: idType,
          user_id_list: ids,
          invalid_user_id_list: invalid,
          time: now,
        });
        return { status: 200, body: { code: 0, msg: 'success', data: { invalid_user_id_list: invalid } } };
      }
      case 'upload': {
        const ct = String(headers['content-type'] ?? '');
        if (!ct.startsWith('multipart/form-data'))
          throw new LarkError(400, 234001, 'Invalid request param. ext=content-type must be multipart/form-data');
        let form: FormData;
        try {
          form = await new Request('http://fake.local/upload', {
            method: 'POST',
            headers: { 'content-type': ct },
            body: new Uint8Array(raw),
          }).formData();
        } catch {
          throw new LarkError(400, 234001, 'Invalid request param. ext=malformed multipart body');
        }
        const fileType = form.get('file_type');
        const fileName = form.get('file_name');
        const file = form.get('file');
        if (typeof fileType !== 'string' || !FILE_TYPES.has(fileType))
          throw new LarkError(400, 234001, 'Invalid request param. ext=file_type');
        if (typeof fileName !== 'string' || fileName === '')
          throw new LarkError(400, 234001, 'Invalid request param. ext=file_name');
        if (file === null || typeof file === 'string')
          throw new LarkError(400, 234001, 'Invalid request param. ext=file must be a file part');
        const data = new Uint8Array(await file.arrayBuffer());
        if (data.length === 0) throw new LarkError(400, 234001, 'Invalid request param. ext=file is empty');
        if (data.length > FILE_MAX_BYTES) throw new LarkError(400, 234006, 'The file size exceed the max value.');
        const key = `file_v3_${hex(12)}`;
        uploaded.add(key);
        fake.files.push({
          file_key: key,
          file_type: fileType,
          file_name: fileName,
          size: data.length,
          data,
          time: now,
        });
        return { status: 200, body: { code: 0, msg: 'success', data: { file_key: key } } };
      }
    }
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
      return authorizePage(res, rec, query);

    const isIm = url.pathname.startsWith('/open-apis/im/');
    let fault: FaultKind | undefined;
    if (isIm && faults && faults.kinds.length > 0 && rand() < faults.ratio) {
      fault = faults.kinds[Math.floor(rand() * faults.kinds.length)]!;
      rec.fault = fault;
    }
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
      if (e instanceof LarkError) {
        const violation = (e as LarkError & { violation?: unknown }).violation;
        reply = {
          status: e.status,
          headers: e.headers,
          body: {
            code: e.code,
            msg: e.msg,
            error: { log_id: logId(), ...(violation ? { field_violations: [violation] } : {}) },
          },
        };
      } else {
        reply = { status: 500, body: { code: -1, msg: `fake-lark bug: ${(e as Error).message}` } };
      }
    }
    if (fault === 'timeout') return; // processed, but the answer never comes
    send(res, rec, reply);
  }

  /** The authorization page: approves at once for the signed-in person, as Feishu does after consent. */
  function authorizePage(res: ServerResponse, rec: RecordedRequest, query: Record<string, string>): void {
    const page = (status: number, text: string) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (query.client_id !== o.appId) return page(400, `应用不存在 (client_id ${query.client_id ?? ''})`);
    let redirect: URL;
    try {
      redirect = new URL(query.redirect_uri ?? '');
    } catch {
      return page(400, 'redirect_uri 无效');
    }
    if (!signedIn) return page(401, '未登录飞书 (fake: call loginAs(openId) first)');
    const code = hex(16);
    oauthCodes.set(code, {
      openId: signedIn,
      clientId: o.appId,
      redirectUri: query.redirect_uri!,
      expiresAt: Date.now() + 5 * 60 * 1000,
    });
    redirect.searchParams.set('code', code);
    if (query.state !== undefined) redirect.searchParams.set('state', query.state);
    rec.status = 302;
    res.writeHead(302, { location: redirect.toString() });
    res.end();
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

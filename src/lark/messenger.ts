/**
 * The one small module the app calls to talk to Lark. It wraps the official SDK `Client`
 * (@larksuiteoapi/node-sdk), which fetches and caches the tenant_access_token, and turns every
 * outcome into a {@link LarkResult} instead of throwing.
 *
 * How outcomes are classified (Lark docs: 频控策略, 通用错误码, 发送消息 error codes):
 *   - HTTP 5xx, network errors, timeouts                        → retryable
 *   - code 99991400 (app rate limit, usually HTTP 429)          → retryable, retryAfterMs from `x-ogw-ratelimit-reset` (seconds)
 *   - HTTP 429 without a code                                   → retryable, same header
 *   - code 230020 (per user/chat/message frequency limit)       → retryable after ~1 s
 *   - code 99991663 / 99991661 (invalid / missing tenant token) → drop the cached token, fetch a new one and
 *                                                                 retry once, immediately, inside the call
 *   - any other code (HTTP 4xx or HTTP 200 with code ≠ 0)       → not retryable, Lark's msg as the message
 *
 * The SDK hands back the response body on HTTP 2xx and throws axios errors otherwise; the status,
 * headers and body are on `error.response`. A network failure or timeout has no `response`.
 *
 * No double sends: the retry inside a call (token refresh) reuses the same `uuid`, and callers that
 * retry a retryable result pass the same OutgoingMessage (same uuid) again — Lark delivers a uuid at most
 * once per hour.
 */
import {
  Client,
  LoggerLevel,
  defaultHttpInstance,
  type Cache,
  type HttpInstance,
  type HttpRequestOptions,
} from '@larksuiteoapi/node-sdk';
import type { LarkResult } from './messages.js';
import { downloadMessageResource, type DownloadedResource, type ResourceType } from './resource-download.js';
import { withTokenRefresh } from './token-refresh.js';

export type ReceiveIdType = 'open_id' | 'chat_id' | 'user_id' | 'union_id' | 'email';

export interface OutgoingMessage {
  receiveIdType: ReceiveIdType;
  receiveId: string;
  msgType: 'text' | 'interactive' | 'file' | 'post';
  /** A JSON *string*, e.g. JSON.stringify({ text: 'hi' }). */
  content: string;
  /** Idempotency key (≤ 50 chars): Lark delivers one message per uuid per hour. Reuse it on retries. */
  uuid: string;
  /** When set, the message is sent as a reply to this message (receiveId/receiveIdType are then unused). */
  replyToMessageId?: string;
}

export type { LarkResult } from './messages.js';

export type FileType = 'doc' | 'xls' | 'pdf' | 'stream' | 'opus' | 'mp4' | 'ppt';

export interface Messenger {
  send(m: OutgoingMessage): Promise<LarkResult<{ messageId: string }>>;
  patchCard(messageId: string, card: object): Promise<LarkResult>;
  uploadFile(f: { name: string; data: Uint8Array; fileType: FileType }): Promise<LarkResult<{ fileKey: string }>>;
  urgentApp(messageId: string, openIds: string[]): Promise<LarkResult>;
  /** A file or image of a message the bot can see; `tooLarge` once it passes maxBytes (nothing more is read). */
  downloadResource(r: {
    messageId: string;
    fileKey: string;
    type: ResourceType;
    maxBytes: number;
  }): Promise<LarkResult<DownloadedResource>>;
}

export interface LarkMessengerOptions {
  appId: string;
  appSecret: string;
  /** Open API base URL, e.g. https://open.feishu.cn or https://open.larksuite.com (or a fake's URL). */
  baseUrl: string;
  /** Per-request timeout (token requests included). Default 10 s. */
  timeoutMs?: number;
  /** Timeout of a whole resource download (up to 100 MB). Default 120 s. */
  downloadTimeoutMs?: number;
}

const noop = () => {};
const SILENT_LOGGER = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

const APP_RATE_LIMIT = 99991400;
const TARGET_RATE_LIMIT = 230020;
const TARGET_RETRY_MS = 1_000;
const DEFAULT_RETRY_MS = 1_000;

type Failure = Extract<LarkResult, { ok: false }>;

interface LarkBody {
  code?: number;
  msg?: string;
  data?: unknown;
}

/** A token cache of our own (the SDK's default one is process-global), so a refresh can drop exactly our token. */
class TokenCache implements Cache {
  private values = new Map<string, { value: unknown; expiresAt?: number }>();
  private key(k: string | Symbol, ns?: string) {
    return `${ns ?? ''}/${k.toString()}`;
  }
  async get(key: string | Symbol, options?: { namespace?: string }) {
    const v = this.values.get(this.key(key, options?.namespace));
    if (!v) return undefined;
    if (v.expiresAt !== undefined && v.expiresAt <= Date.now()) return undefined;
    return v.value;
  }
  async set(key: string | Symbol, value: unknown, expiresAt?: number, options?: { namespace?: string }) {
    this.values.set(this.key(key, options?.namespace), { value, expiresAt });
    return true;
  }
  clear() {
    this.values.clear();
  }
}

/** The SDK's axios instance (it unwraps response bodies) with a per-request timeout added. */
function httpWithTimeout(timeoutMs: number): HttpInstance {
  // At runtime the SDK's instance resolves to the body (a response interceptor unwraps it): type it as such.
  const base = defaultHttpInstance as unknown as HttpInstance;
  const t = <O>(opts?: HttpRequestOptions<O>): HttpRequestOptions<O> => ({ timeout: timeoutMs, ...(opts ?? {}) });
  return {
    request: (opts) => base.request(t(opts)),
    get: (url, opts) => base.get(url, t(opts)),
    delete: (url, opts) => base.delete(url, t(opts)),
    head: (url, opts) => base.head(url, t(opts)),
    options: (url, opts) => base.options(url, t(opts)),
    post: (url, data, opts) => base.post(url, data, t(opts)),
    put: (url, data, opts) => base.put(url, data, t(opts)),
    patch: (url, data, opts) => base.patch(url, data, t(opts)),
  };
}

const parseNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseFloat(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

function header(headers: unknown, name: string): unknown {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  if (typeof h.get === 'function') {
    const v = h.get(name);
    if (v !== undefined && v !== null) return v;
  }
  const hit = Object.keys(h).find((k) => k.toLowerCase() === name);
  return hit ? h[hit] : undefined;
}

/** Classifies a Lark business failure (a body with code ≠ 0), given the HTTP status and headers it came with. */
function classifyCode(status: number | undefined, body: LarkBody | undefined, headers: unknown): Failure {
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const msg = typeof body?.msg === 'string' && body.msg !== '' ? body.msg : undefined;
  const base = { code, status };
  const label = [status !== undefined ? `HTTP ${status}` : undefined, code !== undefined ? `code ${code}` : undefined]
    .filter(Boolean)
    .join(', ');

  if (code === APP_RATE_LIMIT || status === 429) {
    const resetS = parseNumber(header(headers, 'x-ogw-ratelimit-reset'));
    return {
      ok: false,
      retryable: true,
      retryAfterMs: resetS !== undefined ? Math.max(0, Math.ceil(resetS * 1000)) : DEFAULT_RETRY_MS,
      rateLimited: true,
      ...base,
      message: `Lark app rate limit (${label})${msg ? `: ${msg}` : ''}`,
    };
  }
  if (code === TARGET_RATE_LIMIT) {
    return {
      ok: false,
      retryable: true,
      retryAfterMs: TARGET_RETRY_MS,
      rateLimited: true,
      ...base,
      message: `Lark per-chat rate limit (${label})${msg ? `: ${msg}` : ''}`,
    };
  }
  if (status !== undefined && status >= 500) {
    return { ok: false, retryable: true, ...base, message: `Lark server error (${label})${msg ? `: ${msg}` : ''}` };
  }
  return { ok: false, retryable: false, ...base, message: msg ?? `Lark request failed (${label || 'no details'})` };
}

const NETWORK_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_NETWORK',
  'ERR_CANCELED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Classifies whatever the SDK threw: an axios error (with or without a response) or anything else. */
function classifyError(e: unknown): Failure {
  const err = e as {
    isAxiosError?: boolean;
    code?: string;
    message?: string;
    response?: { status?: number; headers?: unknown; data?: unknown };
  };
  if (err && typeof err === 'object' && err.response && typeof err.response.status === 'number') {
    const data = err.response.data;
    let body: LarkBody | undefined;
    if (data && typeof data === 'object') body = data as LarkBody;
    else if (typeof data === 'string') {
      try {
        body = JSON.parse(data) as LarkBody;
      } catch {
        body = undefined;
      }
    }
    return classifyCode(err.response.status, body, err.response.headers);
  }
  // Transport failures (no response): retryable. Axios' own usage errors (ERR_NOT_SUPPORT, ERR_BAD_OPTION, …) are not.
  const transport = typeof err?.code === 'string' ? NETWORK_CODES.has(err.code) : err?.isAxiosError === true;
  if (err && typeof err === 'object' && transport) {
    const timeout = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || /timeout/i.test(err.message ?? '');
    return {
      ok: false,
      retryable: true,
      message:
        `${timeout ? 'Lark request timed out' : 'network error talking to Lark'}${err.code ? ` (${err.code})` : ''}: ${err.message ?? ''}`.trim(),
    };
  }
  // The SDK's token manager throws a plain Error when the token endpoint answers HTTP 200 with code ≠ 0.
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, retryable: false, message: `Lark call failed: ${message}` };
}

export function createLarkMessenger(o: LarkMessengerOptions): Messenger {
  const cache = new TokenCache();
  const client = new Client({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.baseUrl.replace(/\/+$/, ''),
    disableTokenCache: false,
    cache,
    httpInstance: httpWithTimeout(o.timeoutMs ?? 10_000),
    // Failures come back as LarkResult; the caller decides what to log. (A silent logger, not
    // loggerLevel: fatal — the SDK reads `loggerLevel || info`, and fatal is 0.)
    logger: SILENT_LOGGER,
    loggerLevel: LoggerLevel.error,
  });

  /** Runs one Lark call; on a bad-token code drops the cached token and runs it once more. */
  function run<T extends object>(
    call: () => Promise<unknown>,
    pick: (body: LarkBody) => T | undefined,
  ): Promise<LarkResult<T>> {
    return withTokenRefresh(
      async (): Promise<LarkResult<T>> => {
        try {
          const body = (await call()) as LarkBody | undefined;
          if (!body) return { ok: false, retryable: false, message: 'empty response from Lark' };
          if (body.code !== 0) return classifyCode(200, body, undefined);
          const picked = pick(body);
          if (picked) return { ok: true, ...picked };
          const message = 'Lark answered code 0 without the expected data';
          return { ok: false, retryable: false, code: 0, status: 200, message };
        } catch (e) {
          return classifyError(e);
        }
      },
      () => cache.clear(),
    );
  }

  const messageId = (b: LarkBody) => {
    const id = (b.data as { message_id?: unknown } | undefined)?.message_id;
    return typeof id === 'string' && id !== '' ? { messageId: id } : undefined;
  };

  return {
    send(m) {
      if (m.replyToMessageId) {
        const replyTo = m.replyToMessageId;
        return run(
          () =>
            client.im.message.reply({
              path: { message_id: replyTo },
              data: { content: m.content, msg_type: m.msgType, uuid: m.uuid },
            }),
          messageId,
        );
      }
      return run(
        () =>
          client.im.message.create({
            params: { receive_id_type: m.receiveIdType },
            data: { receive_id: m.receiveId, msg_type: m.msgType, content: m.content, uuid: m.uuid },
          }),
        messageId,
      );
    },

    patchCard(id, card) {
      const content = JSON.stringify(card);
      return run(
        () => client.im.message.patch({ path: { message_id: id }, data: { content } }),
        () => ({}),
      );
    },

    uploadFile(f) {
      // A real File part (with a filename), sent as spec FormData: the SDK's own im.file.create would send a
      // Buffer without a filename and, on a code ≠ 0 answer, return null instead of the error.
      const file = new File([new Uint8Array(f.data)], f.name);
      return run(
        () =>
          client.request({
            method: 'POST',
            url: '/open-apis/im/v1/files',
            headers: { 'Content-Type': 'multipart/form-data' },
            data: { file_type: f.fileType, file_name: f.name, file },
            // Spec FormData (Node ≥ 18) keeps the File's name; axios' default form-data would drop it.
            env: { FormData: globalThis.FormData },
          }),
        (b) => {
          const key = (b.data as { file_key?: unknown } | undefined)?.file_key;
          return typeof key === 'string' && key !== '' ? { fileKey: key } : undefined;
        },
      );
    },

    downloadResource(r) {
      return downloadMessageResource(
        {
          baseUrl: o.baseUrl.replace(/\/+$/, ''),
          timeoutMs: o.downloadTimeoutMs ?? 120_000,
          // The SDK's token manager (typed `any`): it fetches the token once and keeps it in our cache.
          tenantToken: () =>
            (
              client as unknown as { tokenManager: { getTenantAccessToken(): Promise<string> } }
            ).tokenManager.getTenantAccessToken(),
          dropToken: () => cache.clear(),
          classify: (status, body, headers) => classifyCode(status, body, headers),
          classifyThrown: classifyError,
        },
        r,
      );
    },

    urgentApp(id, openIds) {
      return run(
        () =>
          client.im.message.urgentApp({
            path: { message_id: id },
            params: { user_id_type: 'open_id' },
            data: { user_id_list: openIds },
          }),
        () => ({}),
      );
    },
  };
}

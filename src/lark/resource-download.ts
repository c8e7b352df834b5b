/**
 * Downloads a resource of a message the bot can see (获取消息中的资源文件: GET
 * /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file|image). Lark answers the bytes
 * with HTTP 200, or JSON `{code, msg}` with HTTP 4xx: 230110 the message was deleted or recalled,
 * 234003 the key is not in that message, 234037 over Lark's 100 MB, … (all permanent).
 *
 * Plain fetch rather than the SDK's messageResource.get, which hands back a Node stream through axios:
 * fetch streams on Node and Workers alike, so the size limit is enforced while reading rather than
 * after buffering. The SDK still provides (and caches) the tenant_access_token.
 */
import type { LarkResult } from './messages.js';
import { withTokenRefresh } from './token-refresh.js';

export type ResourceType = 'file' | 'image';

export type DownloadedResource = { tooLarge: false; data: Uint8Array; contentType: string | null } | { tooLarge: true };

type Failure = Extract<LarkResult, { ok: false }>;

export interface ResourceDownloadOptions {
  baseUrl: string;
  timeoutMs: number;
  tenantToken(): Promise<string>;
  /** Drops the cached token after Lark rejected it. */
  dropToken(): void;
  classify(status: number, body: { code?: number; msg?: string } | undefined, headers: Headers): Failure;
  classifyThrown(e: unknown): Failure;
}

export async function downloadMessageResource(
  o: ResourceDownloadOptions,
  r: { messageId: string; fileKey: string; type: ResourceType; maxBytes: number },
): Promise<LarkResult<DownloadedResource>> {
  const url = `${o.baseUrl}/open-apis/im/v1/messages/${encodeURIComponent(r.messageId)}/resources/${encodeURIComponent(r.fileKey)}?type=${r.type}`;
  return withTokenRefresh(async () => {
    let res: Response;
    try {
      const token = await o.tenantToken();
      res = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(o.timeoutMs),
      });
    } catch (e) {
      return transportFailure(o, e);
    }
    const json = (res.headers.get('content-type') ?? '').includes('application/json');
    if (res.ok && !json) return readLimited(res, r.maxBytes);
    const body = (await res.json().catch(() => undefined)) as { code?: number; msg?: string } | undefined;
    return o.classify(res.status, body, res.headers);
  }, o.dropToken);
}

/** The body, unless it is (or turns out, while reading, to be) larger than maxBytes. */
async function readLimited(res: Response, maxBytes: number): Promise<LarkResult<DownloadedResource>> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    return { ok: true, tooLarge: true };
  }
  const contentType = res.headers.get('content-type');
  if (!res.body) return { ok: true, tooLarge: false, data: new Uint8Array(), contentType };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: true, tooLarge: true };
      }
      chunks.push(value);
    }
  } catch (e) {
    return {
      ok: false,
      retryable: true,
      message: `download from Lark broke off after ${size} bytes: ${(e as Error).message}`,
    };
  }
  const data = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, tooLarge: false, data, contentType };
}

function transportFailure(o: ResourceDownloadOptions, e: unknown): Failure {
  const err = e as Error & { cause?: { code?: string } };
  if (err?.name === 'TimeoutError')
    return { ok: false, retryable: true, message: `Lark resource download timed out after ${o.timeoutMs} ms` };
  if (err instanceof TypeError)
    return {
      ok: false,
      retryable: true,
      message: `network error talking to Lark${err.cause?.code ? ` (${err.cause.code})` : ''}: ${err.message}`,
    };
  // The SDK's token fetch failed: classified like any SDK call.
  return o.classifyThrown(e);
}

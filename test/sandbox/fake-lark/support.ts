/** Starting fake Larks and calling them over HTTP, shared by the fake Lark's tests. */
import { expect } from 'vitest';
import { startFakeLark, type FakeLark, type FakeLarkOptions } from '../../../src/sandbox/fake-lark/index.js';

export const APP = { appId: 'cli_test0000000001', appSecret: 'secret-1' };
export const OPEN_ID = 'ou_aaaaaaaaaaaaaaaa';
export const CHAT_ID = 'oc_cccccccccccccccc';

export const card2 = (elements: unknown[] = [{ tag: 'markdown', content: 'hello' }]) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '标题' } },
  body: { elements },
});

export interface CallOpts {
  token?: string | null;
  body?: unknown;
  rawBody?: BodyInit;
  contentType?: string;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call(f: FakeLark, method: string, path: string, o: CallOpts = {}) {
  const url = new URL(path, f.url);
  for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.contentType) headers['content-type'] = o.contentType;
  else if (o.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  const res = await fetch(url, {
    method,
    headers,
    body: o.rawBody ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined),
    signal: o.signal,
  });
  const json = (await res.json()) as {
    code: number;
    msg: string;
    data?: Record<string, unknown>;
    [k: string]: unknown;
  };
  return { status: res.status, json, headers: res.headers };
}

export async function token(f: FakeLark): Promise<string> {
  const r = await call(f, 'POST', '/open-apis/auth/v3/tenant_access_token/internal', {
    body: { app_id: APP.appId, app_secret: APP.appSecret },
  });
  expect(r.json.code).toBe(0);
  return r.json.tenant_access_token as string;
}

export const send = (f: FakeLark, tok: string, body: Record<string, unknown>, type = 'open_id') =>
  call(f, 'POST', '/open-apis/im/v1/messages', { token: tok, query: { receive_id_type: type }, body });

export const text = (s: string) => JSON.stringify({ text: s });

let fakes: FakeLark[] = [];

/** A fake Lark for one test; `closeFakes` (in afterEach) stops it. */
export async function start(extra: Partial<FakeLarkOptions> = {}): Promise<FakeLark> {
  const f = await startFakeLark({ ...APP, ...extra });
  fakes.push(f);
  return f;
}

export async function closeFakes(): Promise<void> {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
}

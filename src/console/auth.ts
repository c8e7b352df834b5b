/**
 * Signing in to the console.
 *
 * With a Feishu app: the Open Platform's web OAuth (网页应用登录, 获取授权码 → 获取 user_access_token →
 * 获取用户信息):
 *   1. GET  https://accounts.feishu.cn/open-apis/authen/v1/authorize?client_id&redirect_uri&state
 *      (accounts.larksuite.com for Lark) → the browser comes back to redirect_uri?code&state;
 *   2. POST {LARK_BASE_URL}/open-apis/authen/v2/oauth/token
 *      {grant_type: authorization_code, client_id, client_secret, code, redirect_uri} → access_token;
 *   3. GET  {LARK_BASE_URL}/open-apis/authen/v1/user_info  (Bearer access_token) → open_id, name.
 * The open_id is then looked up in the directory; what the person sees follows from it (scope.ts).
 * redirect_uri is `<this host>/console/oauth/callback`, which must be listed under 安全设置 → 重定向 URL.
 *
 * In the sandbox there is no Feishu to sign in with: a picker signs in as anyone in the directory.
 *
 * The session is a signed cookie (HMAC with a key derived from the App Secret), so several instances
 * accept each other's sessions. It carries a random session id: a logout records that id until the
 * session would have expired, and a cookie replayed after its logout is refused. Outside the sandbox
 * the cookie is always `Secure` (a proxy that forgets X-Forwarded-Proto must not make it plain).
 */
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { LarkConfig } from '../config.js';

export const SESSION_COOKIE = 'zw_console';
export const STATE_COOKIE = 'zw_oauth_state';
const SESSION_HOURS = 12;

export interface Session {
  /** Random id: what a logout revokes. */
  sid: string;
  openId: string;
  name: string;
  expiresAt: number;
}

const b64 = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const unb64 = (s: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0)));

/** The cookie key: never the App Secret itself. */
export function sessionSecret(lark: LarkConfig): string {
  return `zw-console-session:${lark.appId}:${lark.appSecret}`;
}

/** `Secure` always, except in the sandbox over plain http on this machine. */
function secure(c: Context, sandbox: boolean): boolean {
  if (!sandbox) return true;
  const proto = c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '');
  return proto === 'https';
}

/** The cookie's session, if its signature holds and it has not expired (revocation is the caller's check). */
export async function readSession(c: Context, lark: LarkConfig, now: number): Promise<Session | null> {
  const value = await getSignedCookie(c, sessionSecret(lark), SESSION_COOKIE);
  if (!value) return null;
  try {
    const s = JSON.parse(unb64(value)) as Session;
    // A cookie without a session id could never be signed out: not accepted.
    if (
      typeof s.sid !== 'string' ||
      typeof s.openId !== 'string' ||
      typeof s.expiresAt !== 'number' ||
      s.expiresAt <= now
    )
      return null;
    return {
      sid: s.sid,
      openId: s.openId,
      name: typeof s.name === 'string' ? s.name : s.openId,
      expiresAt: s.expiresAt,
    };
  } catch {
    return null;
  }
}

export async function writeSession(
  c: Context,
  lark: LarkConfig,
  s: { openId: string; name: string },
  now: number,
  sandbox = false,
): Promise<void> {
  const session: Session = { sid: randomHex(16), ...s, expiresAt: now + SESSION_HOURS * 3600 * 1000 };
  await setSignedCookie(c, SESSION_COOKIE, b64(JSON.stringify(session)), sessionSecret(lark), {
    path: '/console',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c, sandbox),
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSession(c: Context, sandbox = false): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/console', secure: secure(c, sandbox) });
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The authorization page: accounts.<domain> for Feishu and Lark, the base URL itself for anything else (a fake). */
export function authorizeEndpoint(baseUrl: string): string {
  const u = new URL(baseUrl);
  const m = /^open\.(feishu\.cn|larksuite\.com)$/.exec(u.hostname);
  const origin = m ? `https://accounts.${m[1]}` : u.origin;
  return `${origin}/open-apis/authen/v1/authorize`;
}

/** This host as the browser sees it (behind a proxy: X-Forwarded-Proto/Host). */
export function publicOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const proto = c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? url.host;
  return `${proto}://${host}`;
}

export function callbackUrl(c: Context): string {
  return `${publicOrigin(c)}/console/oauth/callback`;
}

/** A page under /console to return to after signing in; anything else → the console's home. */
export function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[^\s\\]*)?(\?[^\s\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/console';
}

/** Starts the Feishu sign-in: remembers a random state (and where to go back to) and redirects. */
export async function beginOAuth(c: Context, lark: LarkConfig, next: string, sandbox = false): Promise<Response> {
  const state = randomHex(16);
  await setSignedCookie(c, STATE_COOKIE, b64(JSON.stringify({ state, next: safeNext(next) })), sessionSecret(lark), {
    path: '/console',
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c, sandbox),
    maxAge: 600,
  });
  const u = new URL(authorizeEndpoint(lark.baseUrl));
  u.searchParams.set('client_id', lark.appId);
  u.searchParams.set('redirect_uri', callbackUrl(c));
  u.searchParams.set('state', state);
  return c.redirect(u.toString(), 302);
}

export type OAuthResult = { ok: true; openId: string; name: string; next: string } | { ok: false; message: string };

/** The callback: checks the state, exchanges the code and asks Feishu who it is. */
export async function finishOAuth(c: Context, lark: LarkConfig): Promise<OAuthResult> {
  const raw = await getSignedCookie(c, sessionSecret(lark), STATE_COOKIE);
  deleteCookie(c, STATE_COOKIE, { path: '/console' });
  let remembered: { state: string; next: string } | null = null;
  try {
    remembered = raw ? (JSON.parse(unb64(raw)) as { state: string; next: string }) : null;
  } catch {
    remembered = null;
  }
  const code = c.req.query('code');
  const state = c.req.query('state');
  if (!code) return { ok: false, message: '飞书没有返回授权码（可能取消了授权）。' };
  if (!remembered || remembered.state !== state) return { ok: false, message: '登录请求已失效，请重新登录。' };

  const fail = (what: string, e: unknown): OAuthResult => ({
    ok: false,
    message: `${what}失败：${(e as Error).message ?? e}`,
  });
  let token: string;
  try {
    const res = await fetch(`${lark.baseUrl}/open-apis/authen/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: lark.appId,
        client_secret: lark.appSecret,
        code,
        redirect_uri: callbackUrl(c),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      code?: number;
      access_token?: string;
      error?: string;
      error_description?: string;
      msg?: string;
    };
    if (body.code !== 0 || !body.access_token)
      return {
        ok: false,
        message: `获取 user_access_token 失败：${body.error_description ?? body.msg ?? body.error ?? `HTTP ${res.status}`}`,
      };
    token = body.access_token;
  } catch (e) {
    return fail('获取 user_access_token ', e);
  }
  try {
    const res = await fetch(`${lark.baseUrl}/open-apis/authen/v1/user_info`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      code?: number;
      msg?: string;
      data?: { open_id?: string; name?: string };
    };
    if (body.code !== 0 || !body.data?.open_id)
      return { ok: false, message: `获取用户信息失败：${body.msg ?? `HTTP ${res.status}`}` };
    return { ok: true, openId: body.data.open_id, name: body.data.name || body.data.open_id, next: remembered.next };
  } catch (e) {
    return fail('获取用户信息', e);
  }
}

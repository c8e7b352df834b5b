/**
 * The fake Lark's sign-ins: the app's tenant_access_token (issued for app_id/app_secret, checked on
 * every IM call) and web OAuth for people (获取授权码 / 获取 user_access_token / 获取用户信息): a code
 * lives 5 minutes and is used once, bound to the client_id and redirect_uri it was issued for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeLarkOptions, RecordedLogin, RecordedRequest } from './types.js';
import { LarkError, type Reply, asObj, bearerToken, hex, success } from './wire.js';

export class TenantTokens {
  private readonly expiresAt = new Map<string, number>();

  constructor(
    private readonly o: FakeLarkOptions,
    private readonly issued: string[],
  ) {}

  /** POST /open-apis/auth/v3/tenant_access_token/internal: 10014 unless app_id and app_secret match. */
  issue(body: unknown, now: number): Reply {
    const b = asObj(body);
    if (b.app_id !== this.o.appId || b.app_secret !== this.o.appSecret)
      throw new LarkError(400, 10014, 'app secret invalid');
    const ttl = this.o.tokenTtlSeconds ?? 7200;
    const token = `t-${hex(20)}`;
    this.expiresAt.set(token, now + ttl * 1000);
    this.issued.push(token);
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: ttl } };
  }

  /** Missing token → 99991661; unknown or expired → 99991663. */
  authorize(headers: IncomingMessage['headers'], now: number): void {
    const exp = this.expiresAt.get(bearerToken(headers.authorization));
    if (exp === undefined || exp <= now)
      throw new LarkError(
        400,
        99991663,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
  }

  expireAll(): void {
    this.expiresAt.clear();
  }
}

export class WebOAuth {
  private signedIn: string | null = null;
  private readonly names: Map<string, string>;
  private readonly codes = new Map<
    string,
    { openId: string; clientId: string; redirectUri: string; expiresAt: number }
  >();
  private readonly userTokens = new Map<string, { openId: string; expiresAt: number }>();

  constructor(
    private readonly o: FakeLarkOptions,
    private readonly logins: RecordedLogin[],
  ) {
    this.names = new Map(Object.entries(o.userNames ?? {}));
  }

  loginAs(openId: string | null, name?: string): void {
    this.signedIn = openId;
    if (openId && name) this.names.set(openId, name);
  }

  /** The authorization page: approves at once for the signed-in person, as Feishu does after consent. */
  authorizePage(res: ServerResponse, rec: RecordedRequest, query: Record<string, string>): void {
    const page = (status: number, text: string) => {
      rec.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (query.client_id !== this.o.appId) return page(400, `应用不存在 (client_id ${query.client_id ?? ''})`);
    let redirect: URL;
    try {
      redirect = new URL(query.redirect_uri ?? '');
    } catch {
      return page(400, 'redirect_uri 无效');
    }
    if (!this.signedIn) return page(401, '未登录飞书 (fake: call loginAs(openId) first)');
    const code = hex(16);
    this.codes.set(code, {
      openId: this.signedIn,
      clientId: this.o.appId,
      redirectUri: query.redirect_uri!,
      expiresAt: Date.now() + 5 * 60 * 1000,
    });
    redirect.searchParams.set('code', code);
    if (query.state !== undefined) redirect.searchParams.set('state', query.state);
    rec.status = 302;
    res.writeHead(302, { location: redirect.toString() });
    res.end();
  }

  /** POST /open-apis/authen/v2/oauth/token, grant_type=authorization_code → user_access_token. */
  token(body: unknown, now: number): Reply {
    const b = asObj(body);
    const oauthError = (code: number, error: string, description: string): Reply => ({
      status: 400,
      body: { code, error, error_description: description },
    });
    if (b.grant_type !== 'authorization_code')
      return oauthError(20024, 'unsupported_grant_type', 'grant_type must be authorization_code');
    for (const k of ['client_id', 'client_secret', 'code'] as const)
      if (typeof b[k] !== 'string' || b[k] === '') return oauthError(20001, 'invalid_request', `${k} is required`);
    if (b.client_id !== this.o.appId || b.client_secret !== this.o.appSecret)
      return oauthError(20002, 'invalid_client', 'client_id or client_secret is invalid');
    const grant = this.codes.get(b.code as string);
    if (!grant) return oauthError(20003, 'invalid_grant', 'the authorization code is not found or already used');
    this.codes.delete(b.code as string);
    if (grant.expiresAt <= now) return oauthError(20004, 'invalid_grant', 'the authorization code has expired');
    if (grant.clientId !== b.client_id)
      return oauthError(20003, 'invalid_grant', 'the code was issued to another client');
    if (grant.redirectUri !== b.redirect_uri)
      return oauthError(20071, 'invalid_grant', 'redirect_uri does not match the one of the authorization request');
    const token = `eyJ${hex(24)}`;
    this.userTokens.set(token, { openId: grant.openId, expiresAt: now + 7200 * 1000 });
    this.logins.push({
      open_id: grant.openId,
      client_id: grant.clientId,
      redirect_uri: grant.redirectUri,
      time: now,
    });
    return { status: 200, body: { code: 0, access_token: token, expires_in: 7200, token_type: 'Bearer', scope: '' } };
  }

  /** GET /open-apis/authen/v1/user_info with a user_access_token → the person. */
  userInfo(headers: IncomingMessage['headers'], now: number): Reply {
    const t = this.userTokens.get(bearerToken(headers.authorization));
    if (!t)
      throw new LarkError(
        400,
        99991668,
        'Invalid access token for authorization. Please make a request with token attached.',
      );
    if (t.expiresAt <= now) throw new LarkError(400, 99991677, 'user access token expired');
    return success({
      open_id: t.openId,
      union_id: `on_${t.openId.slice(3)}`,
      user_id: `u_${t.openId.slice(3, 11)}`,
      name: this.names.get(t.openId) ?? t.openId,
      en_name: '',
      tenant_key: 'fake_tenant',
    });
  }
}

/**
 * Signing in to the console with Feishu (a configured app): authorize → code → user_access_token →
 * user_info → the directory, against the fake Lark's OAuth endpoints, which check what Feishu checks
 * (client id and secret, one-time codes bound to their redirect_uri, bearer user tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, TEST_APP, type TestBot } from '../support/harness.js';

/** Cookie jar of one browser: name → value. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
  }
  header() {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  has(name: string) {
    return this.cookies.has(name);
  }
}

describe('console sign-in with Feishu web OAuth', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.close());

  /** One browser visiting a URL, following no redirects. */
  const visit = async (jar: Jar, url: string) => {
    const res = await fetch(url.startsWith('http') ? url : `${bot.url}${url}`, {
      headers: { cookie: jar.header() },
      redirect: 'manual',
    });
    jar.take(res);
    return res;
  };

  /** The whole dance, stopping at the callback's answer. */
  async function signInAs(
    jar: Jar,
    openId: string | null,
    name?: string,
  ): Promise<{ callback: Response; callbackUrl: string }> {
    bot.fake.loginAs(openId, name);
    const start = await visit(jar, '/console/login?go=1&next=%2Fconsole%2Fapprovals');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).toBe(`${bot.fake.url}/open-apis/authen/v1/authorize`);
    expect(authorize.searchParams.get('client_id')).toBe(TEST_APP.appId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${bot.url}/console/oauth/callback`);
    expect(authorize.searchParams.get('state')).toMatch(/^[0-9a-f]{32}$/);
    const back = await visit(jar, authorize.toString());
    expect(back.status).toBe(302);
    const callbackUrl = back.headers.get('location')!;
    expect(new URL(callbackUrl).searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    return { callback: await visit(jar, callbackUrl), callbackUrl };
  }

  it('an unsigned visit goes to the sign-in page, which offers Feishu (no picker: that is the sandbox’s)', async () => {
    const jar = new Jar();
    const res = await visit(jar, '/console');
    expect(res.headers.get('location')).toBe('/console/login?next=%2Fconsole');
    const login = await (await visit(jar, '/console/login')).text();
    expect(login).toContain('使用飞书登录');
    expect(login).not.toContain('data-person=');
    expect((await visit(jar, '/console/sandbox-login?as=ou_adminZhang')).status).toBe(404);
    // With a Feishu app there is no sandbox.
    expect((await visit(jar, '/sandbox')).status).toBe(404);
    expect((await visit(jar, '/')).headers.get('location')).toBe('/console');
  });

  it('a reviewer signs in: code → token → user info → the directory; the session opens the page asked for', async () => {
    const jar = new Jar();
    const { callback } = await signInAs(jar, 'ou_jzZhbLi', '李雷');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/console/approvals');
    expect(jar.has('zw_console')).toBe(true);
    expect(jar.has('zw_oauth_state')).toBe(false);
    const login = bot.fake.logins.at(-1)!;
    expect(login).toMatchObject({
      open_id: 'ou_jzZhbLi',
      client_id: TEST_APP.appId,
      redirect_uri: `${bot.url}/console/oauth/callback`,
    });
    const token = bot.fake.requests.filter((r) => r.path === '/open-apis/authen/v2/oauth/token').at(-1)!;
    expect(token.body).toMatchObject({
      grant_type: 'authorization_code',
      client_id: TEST_APP.appId,
      client_secret: TEST_APP.appSecret,
      redirect_uri: `${bot.url}/console/oauth/callback`,
    });
    const info = bot.fake.requests.filter((r) => r.path === '/open-apis/authen/v1/user_info').at(-1)!;
    expect(info.headers.authorization).toMatch(/^Bearer eyJ/);

    const home = await visit(jar, '/console');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('李雷');
    expect(html).toContain('data-region="jinzhai"');
    expect(html).not.toContain('data-region="mudan"');

    expect((await visit(jar, '/console/logout')).status).toBe(302);
    expect((await visit(jar, '/console')).status).toBe(302);
  });

  it('the session cookie is Secure without a proxy header; a logged-out cookie replayed is refused; pages forbid framing', async () => {
    const jar = new Jar();
    bot.fake.loginAs('ou_jzZhbLi', '李雷');
    const start = await visit(jar, '/console/login?go=1');
    const back = await visit(jar, start.headers.get('location')!);
    // Plain http to the server itself, no X-Forwarded-Proto (a proxy that forgot it): still Secure.
    const res = await fetch(back.headers.get('location')!, { headers: { cookie: jar.header() }, redirect: 'manual' });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('zw_console='))!;
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    jar.take(res);
    const stolen = jar.header();
    const page = await visit(jar, '/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect((await visit(jar, '/console/login')).headers.get('content-security-policy')).toMatch(
      /frame-ancestors 'none'/,
    );
    expect((await visit(jar, '/console/logout')).status).toBe(302);
    // The copied cookie (still signed, not yet expired) no longer opens anything.
    const replay = await fetch(`${bot.url}/console`, { headers: { cookie: stolen }, redirect: 'manual' });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/^\/console\/login/);
  });

  it('a code works once, a state must match, and someone outside the directory is refused', async () => {
    const jar = new Jar();
    const { callback, callbackUrl } = await signInAs(jar, 'ou_jzGovChen');
    expect(callback.status).toBe(302);
    // A new sign-in in another browser, answered with the first (used) code: the state matches, Feishu refuses the code.
    const replayJar = new Jar();
    const start = await visit(replayJar, '/console/login?go=1');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const replay = new URL(callbackUrl);
    replay.searchParams.set('state', state);
    const used = await visit(replayJar, replay.toString());
    expect(used.status).toBe(400);
    expect(await used.text()).toContain('获取 user_access_token 失败');
    expect(replayJar.has('zw_console')).toBe(false);
    // A callback whose state is not the one this browser was given.
    const otherJar = new Jar();
    await visit(otherJar, '/console/login?go=1');
    const forged = await visit(otherJar, callbackUrl);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('登录请求已失效');

    const jar2 = new Jar();
    const { callback: stranger } = await signInAs(jar2, 'ou_notInDirectory01', '路人');
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).toContain('不在组织目录中');
    expect(jar2.has('zw_console')).toBe(false);
  });

  it('the fake Lark checks the token request as Feishu does', async () => {
    const bad = await fetch(`${bot.fake.url}/open-apis/authen/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: TEST_APP.appId,
        client_secret: 'wrong',
        code: 'x',
        redirect_uri: 'http://x',
      }),
    });
    expect(await bad.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await fetch(`${bot.fake.url}/open-apis/authen/v2/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: TEST_APP.appId,
        client_secret: TEST_APP.appSecret,
        code: 'nope',
        redirect_uri: 'http://x',
      }),
    });
    expect(await unknown.json()).toMatchObject({ error: 'invalid_grant' });
    const noToken = await fetch(`${bot.fake.url}/open-apis/authen/v1/user_info`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(((await noToken.json()) as { code: number }).code).toBe(99991668);
    bot.fake.loginAs(null);
    expect(
      (
        await fetch(`${bot.fake.url}/open-apis/authen/v1/authorize?client_id=${TEST_APP.appId}&redirect_uri=http://x`, {
          redirect: 'manual',
        })
      ).status,
    ).toBe(401);
  });
});

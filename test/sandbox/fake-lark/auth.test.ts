import { afterEach, describe, expect, it } from 'vitest';
import { APP, OPEN_ID, call, token, send, text, start, closeFakes } from './support.js';

afterEach(closeFakes);

describe('fake Lark: tenant_access_token', () => {
  it('issues tokens for the right app and refuses the wrong secret or app with 10014', async () => {
    const f = await start();
    const ok = await call(f, 'POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      body: { app_id: APP.appId, app_secret: APP.appSecret },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ code: 0, expire: 7200 });
    expect(ok.json.tenant_access_token).toMatch(/^t-/);
    expect(f.tokensIssued).toEqual([ok.json.tenant_access_token]);

    const bad = await call(f, 'POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      body: { app_id: APP.appId, app_secret: 'nope' },
    });
    expect(bad.json.code).toBe(10014);
    const other = await call(f, 'POST', '/open-apis/auth/v3/tenant_access_token/internal', {
      body: { app_id: 'cli_other', app_secret: APP.appSecret },
    });
    expect(other.json.code).toBe(10014);
    expect(f.tokensIssued).toHaveLength(1);
  });
});

describe('fake Lark: authorization', () => {
  it('needs a bearer token: missing → 99991661, unknown → 99991663, expired → 99991663', async () => {
    const f = await start();
    const body = { receive_id: OPEN_ID, msg_type: 'text', content: text('hi') };
    expect((await send(f, '', body)).json.code).toBe(99991661);
    expect((await send(f, 't-forged', body)).json.code).toBe(99991663);
    const tok = await token(f);
    expect((await send(f, tok, body)).json.code).toBe(0);
    f.expireTokens();
    const r = await send(f, tok, body);
    expect(r.json.code).toBe(99991663);
    expect(r.json.msg).toMatch(/Invalid access token/);
    expect(f.messages).toHaveLength(1);
  });
});

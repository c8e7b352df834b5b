import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLark, type FakeLark, type FakeLarkOptions } from './support/fake-lark.js';

const APP = { appId: 'cli_test0000000001', appSecret: 'secret-1' };
const OPEN_ID = 'ou_aaaaaaaaaaaaaaaa';
const CHAT_ID = 'oc_cccccccccccccccc';

const card2 = (elements: unknown[] = [{ tag: 'markdown', content: 'hello' }]) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '标题' } },
  body: { elements },
});

let fakes: FakeLark[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function start(extra: Partial<FakeLarkOptions> = {}): Promise<FakeLark> {
  const f = await startFakeLark({ ...APP, ...extra });
  fakes.push(f);
  return f;
}

interface CallOpts {
  token?: string | null;
  body?: unknown;
  rawBody?: BodyInit;
  contentType?: string;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

async function call(f: FakeLark, method: string, path: string, o: CallOpts = {}) {
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

async function token(f: FakeLark): Promise<string> {
  const r = await call(f, 'POST', '/open-apis/auth/v3/tenant_access_token/internal', {
    body: { app_id: APP.appId, app_secret: APP.appSecret },
  });
  expect(r.json.code).toBe(0);
  return r.json.tenant_access_token as string;
}

const send = (f: FakeLark, tok: string, body: Record<string, unknown>, type = 'open_id') =>
  call(f, 'POST', '/open-apis/im/v1/messages', { token: tok, query: { receive_id_type: type }, body });

const text = (s: string) => JSON.stringify({ text: s });

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

describe('fake Lark: im.message.create validation', () => {
  it('checks receive_id_type and receive_id', async () => {
    const f = await start();
    const tok = await token(f);
    const body = { receive_id: OPEN_ID, msg_type: 'text', content: text('hi') };
    expect((await call(f, 'POST', '/open-apis/im/v1/messages', { token: tok, body })).json.code).toBe(99992402);
    expect((await send(f, tok, body, 'phone')).json.code).toBe(99992402);
    expect((await send(f, tok, { ...body, receive_id: '' })).json.code).toBe(99992402);
    const wrongShape = await send(f, tok, { ...body, receive_id: CHAT_ID }, 'open_id');
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.json).toMatchObject({ code: 230001, msg: expect.stringMatching(/invalid receive_id/) });
    expect((await send(f, tok, { ...body, receive_id: CHAT_ID }, 'chat_id')).json.code).toBe(0);
    expect((await send(f, tok, { ...body, receive_id: 'a@b.cn' }, 'email')).json.code).toBe(0);
    expect(f.messages.map((m) => m.receive_id_type)).toEqual(['chat_id', 'email']);
    expect(f.messages[0]!.chat_id).toBe(CHAT_ID);
  });

  it('requires content to be a JSON *string* suited to msg_type', async () => {
    const f = await start();
    const tok = await token(f);
    const base = { receive_id: OPEN_ID, msg_type: 'text' };
    const asObject = await send(f, tok, { ...base, content: { text: 'hi' } });
    expect(asObject.json.code).toBe(230001);
    expect(asObject.json.msg).toMatch(/string/);
    expect((await send(f, tok, { ...base, content: '{not json' })).json.code).toBe(230001);
    expect((await send(f, tok, { ...base, content: JSON.stringify({ txt: 'hi' }) })).json.code).toBe(230001);
    expect((await send(f, tok, { ...base, content: JSON.stringify({ text: '' }) })).json.code).toBe(230001);
    expect((await send(f, tok, { ...base, msg_type: 'telegram', content: text('x') })).json.code).toBe(230001);
    expect((await send(f, tok, { ...base, content: '"just a string"' })).json.code).toBe(230001);
    expect((await send(f, tok, { ...base, content: text('x'.repeat(151 * 1024)) })).json.code).toBe(230025);
    expect(f.messages).toHaveLength(0);
    const ok = await send(f, tok, { ...base, content: text('你好') });
    expect(ok.json.code).toBe(0);
    expect(ok.json.data?.message_id).toMatch(/^om_/);
    expect(f.messages[0]).toMatchObject({ receive_id: OPEN_ID, msg_type: 'text', content: { text: '你好' } });
  });

  it('accepts a Card JSON 2.0 card and rejects 1.0, invalid or oversized cards', async () => {
    const f = await start();
    const tok = await token(f);
    const base = { receive_id: OPEN_ID, msg_type: 'interactive' };
    const ok = await send(f, tok, { ...base, content: JSON.stringify(card2()) });
    expect(ok.json.code).toBe(0);
    expect(f.messages[0]!.content).toMatchObject({ schema: '2.0' });

    const v1 = await send(f, tok, {
      ...base,
      content: JSON.stringify({ elements: [{ tag: 'div', text: { tag: 'lark_md', content: 'x' } }] }),
    });
    expect(v1.json.code).toBe(230099);
    expect(v1.json.msg).toMatch(/schema/);
    const noSubmit = card2([{ tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'a' }] }]);
    expect((await send(f, tok, { ...base, content: JSON.stringify(noSubmit) })).json.code).toBe(230099);
    const tooMany = card2(Array.from({ length: 201 }, () => ({ tag: 'markdown', content: 'x' })));
    expect((await send(f, tok, { ...base, content: JSON.stringify(tooMany) })).json.msg).toMatch(/limit is 200/);
    const big = card2([{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }]);
    const r = await send(f, tok, { ...base, content: JSON.stringify(big) });
    expect(r.json.code).toBe(230025);
    expect(f.messages).toHaveLength(1);
  });

  it('delivers a uuid once per hour: the repeat returns the first message_id', async () => {
    const f = await start();
    const tok = await token(f);
    const body = { receive_id: OPEN_ID, msg_type: 'text', content: text('once'), uuid: 'uuid-1' };
    const a = await send(f, tok, body);
    const b = await send(f, tok, body);
    expect(a.json.code).toBe(0);
    expect(b.json.code).toBe(0);
    expect(b.json.data?.message_id).toBe(a.json.data?.message_id);
    expect(f.messages).toHaveLength(1);
    expect(f.messages[0]!.uuid).toBe('uuid-1');
    const c = await send(f, tok, { ...body, uuid: 'uuid-2' });
    expect(c.json.data?.message_id).not.toBe(a.json.data?.message_id);
    expect(f.messages).toHaveLength(2);
    expect((await send(f, tok, { ...body, uuid: 'u'.repeat(51) })).json.code).toBe(99992402);
  });
});

describe('fake Lark: rate limits', () => {
  it('allows 5 sends/s to one receiver, then 230020', async () => {
    const f = await start({ rateLimits: true });
    const tok = await token(f);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await send(f, tok, { receive_id: CHAT_ID, msg_type: 'text', content: text(`m${i}`) }, 'chat_id')).json.code,
      );
    expect(codes).toEqual([0, 0, 0, 0, 0, 230020]);
    // Another chat is not affected.
    expect(
      (await send(f, tok, { receive_id: 'oc_dddddddddddddddd', msg_type: 'text', content: text('x') }, 'chat_id')).json
        .code,
    ).toBe(0);
    expect(f.messages).toHaveLength(6);
  });

  it('allows 50 sends/s per app, then HTTP 429 + 99991400 + x-ogw-ratelimit-reset', async () => {
    const f = await start({ rateLimits: true });
    const tok = await token(f);
    const results = await Promise.all(
      Array.from({ length: 51 }, (_, i) =>
        send(f, tok, { receive_id: `ou_user${String(i).padStart(4, '0')}`, msg_type: 'text', content: text('x') }),
      ),
    );
    const limited = results.filter((r) => r.json.code === 99991400);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.status).toBe(429);
    expect(Number(limited[0]!.headers.get('x-ogw-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(f.messages).toHaveLength(50);
  });

  it('has no limits unless asked', async () => {
    const f = await start();
    const tok = await token(f);
    for (let i = 0; i < 8; i++)
      expect((await send(f, tok, { receive_id: OPEN_ID, msg_type: 'text', content: text('x') })).json.code).toBe(0);
  });
});

describe('fake Lark: reply, patch, upload, urgent', () => {
  it('replies into the chat of a known message and rejects bad ids', async () => {
    const f = await start();
    const tok = await token(f);
    f.addUserMessage('om_user1', CHAT_ID);
    const r = await call(f, 'POST', '/open-apis/im/v1/messages/om_user1/reply', {
      token: tok,
      body: { msg_type: 'text', content: text('收到'), uuid: 'r-1' },
    });
    expect(r.json.code).toBe(0);
    expect(f.messages[0]).toMatchObject({
      reply_to: 'om_user1',
      chat_id: CHAT_ID,
      content: { text: '收到' },
      uuid: 'r-1',
    });
    const bad = await call(f, 'POST', '/open-apis/im/v1/messages/not-an-id/reply', {
      token: tok,
      body: { msg_type: 'text', content: text('x') },
    });
    expect(bad.json.code).toBe(230001);
    const badContent = await call(f, 'POST', '/open-apis/im/v1/messages/om_user1/reply', {
      token: tok,
      body: { msg_type: 'text', content: { text: 'x' } },
    });
    expect(badContent.json.code).toBe(230001);
  });

  it('patches only cards the bot sent, with the same card checks', async () => {
    const f = await start();
    const tok = await token(f);
    const sent = await send(f, tok, { receive_id: OPEN_ID, msg_type: 'interactive', content: JSON.stringify(card2()) });
    const id = sent.json.data?.message_id as string;
    const textMsg = await send(f, tok, { receive_id: OPEN_ID, msg_type: 'text', content: text('x') });
    const patch = (mid: string, content: unknown) =>
      call(f, 'PATCH', `/open-apis/im/v1/messages/${mid}`, { token: tok, body: { content } });

    expect((await patch(id, JSON.stringify(card2([{ tag: 'markdown', content: 'updated' }])))).json.code).toBe(0);
    expect(f.patches).toHaveLength(1);
    expect(f.patches[0]).toMatchObject({ message_id: id, content: { body: { elements: [{ content: 'updated' }] } } });
    expect((await patch('om_unknown', JSON.stringify(card2()))).json.code).toBe(230001);
    expect((await patch(textMsg.json.data?.message_id as string, JSON.stringify(card2()))).json.code).toBe(230001);
    expect((await patch(id, JSON.stringify({ elements: [] }))).json.code).toBe(230099);
    expect((await patch(id, card2())).json.code).toBe(230001);
    expect(
      (await patch(id, JSON.stringify(card2([{ tag: 'markdown', content: 'y'.repeat(31 * 1024) }])))).json.code,
    ).toBe(230025);
    expect(f.patches).toHaveLength(1);
  });

  it('uploads multipart files and only accepts file messages with an uploaded key', async () => {
    const f = await start();
    const tok = await token(f);
    const form = new FormData();
    form.append('file_type', 'pdf');
    form.append('file_name', '周报.pdf');
    form.append('file', new File([new Uint8Array([37, 80, 68, 70])], '周报.pdf'));
    const up = await call(f, 'POST', '/open-apis/im/v1/files', { token: tok, rawBody: form });
    expect(up.json.code).toBe(0);
    const key = up.json.data?.file_key as string;
    expect(f.files[0]).toMatchObject({ file_key: key, file_type: 'pdf', file_name: '周报.pdf', size: 4 });
    expect(Array.from(f.files[0]!.data)).toEqual([37, 80, 68, 70]);
    expect(f.requests.at(-1)!.body).toMatchObject({ file_type: 'pdf', file: { name: '周报.pdf', size: 4 } });

    const noFile = new FormData();
    noFile.append('file_type', 'pdf');
    noFile.append('file_name', 'x.pdf');
    noFile.append('file', 'not a file part');
    expect((await call(f, 'POST', '/open-apis/im/v1/files', { token: tok, rawBody: noFile })).json.code).toBe(234001);
    const badType = new FormData();
    badType.append('file_type', 'exe');
    badType.append('file_name', 'x.exe');
    badType.append('file', new File([new Uint8Array([1])], 'x.exe'));
    expect((await call(f, 'POST', '/open-apis/im/v1/files', { token: tok, rawBody: badType })).json.code).toBe(234001);
    expect(
      (await call(f, 'POST', '/open-apis/im/v1/files', { token: tok, body: { file_type: 'pdf' } })).json.code,
    ).toBe(234001);

    expect(
      (await send(f, tok, { receive_id: OPEN_ID, msg_type: 'file', content: JSON.stringify({ file_key: key }) })).json
        .code,
    ).toBe(0);
    expect(
      (
        await send(f, tok, {
          receive_id: OPEN_ID,
          msg_type: 'file',
          content: JSON.stringify({ file_key: 'file_v3_made_up' }),
        })
      ).json.code,
    ).toBe(230001);
  });

  it('buzzes with urgent_app until the quota runs out (230024)', async () => {
    const f = await start({ urgentQuota: 3 });
    const tok = await token(f);
    const sent = await send(f, tok, { receive_id: CHAT_ID, msg_type: 'text', content: text('urgent') }, 'chat_id');
    const id = sent.json.data?.message_id as string;
    const urgent = (body: unknown, query: Record<string, string> = { user_id_type: 'open_id' }, mid = id) =>
      call(f, 'PATCH', `/open-apis/im/v1/messages/${mid}/urgent_app`, { token: tok, query, body });

    const ok = await urgent({ user_id_list: ['ou_a1', 'ou_a2'] });
    expect(ok.json).toMatchObject({ code: 0, data: { invalid_user_id_list: [] } });
    expect(f.urgents[0]).toMatchObject({ message_id: id, user_id_type: 'open_id', user_id_list: ['ou_a1', 'ou_a2'] });
    const over = await urgent({ user_id_list: ['ou_a3', 'ou_a4'] });
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ code: 230024, msg: 'Reach the upper limit of urgent message.' });
    expect((await urgent({ user_id_list: ['ou_a3'] })).json.code).toBe(0);
    expect((await urgent({ user_id_list: [] })).json.code).toBe(99992402);
    expect((await urgent({ user_id_list: ['ou_a5'] }, {})).json.code).toBe(99992402);
    expect((await urgent({ user_id_list: ['ou_a5'] }, { user_id_type: 'open_id' }, 'om_unknown')).json.code).toBe(
      230001,
    );
    f.setUrgentQuota(10);
    const mixed = await urgent({ user_id_list: ['ou_ok', 'not-an-open-id'] });
    expect(mixed.json.data).toEqual({ invalid_user_id_list: ['not-an-open-id'] });
    expect(f.urgents).toHaveLength(3);
  });
});

describe('fake Lark: plumbing', () => {
  it('answers 404 for unknown routes and 9499 for a body that is not JSON', async () => {
    const f = await start();
    const tok = await token(f);
    expect((await call(f, 'GET', '/open-apis/im/v1/messages', { token: tok })).status).toBe(404);
    const r = await call(f, 'POST', '/open-apis/im/v1/messages', {
      token: tok,
      query: { receive_id_type: 'open_id' },
      rawBody: '{oops',
      contentType: 'application/json',
    });
    expect(r.json.code).toBe(9499);
  });

  it('records every request with method, path, query, headers and body, plus the answer', async () => {
    const f = await start();
    const tok = await token(f);
    await send(f, tok, { receive_id: OPEN_ID, msg_type: 'text', content: text('rec') });
    const r = f.requests.at(-1)!;
    expect(r).toMatchObject({
      method: 'POST',
      path: '/open-apis/im/v1/messages',
      query: { receive_id_type: 'open_id' },
      status: 200,
      code: 0,
    });
    expect(r.headers.authorization).toBe(`Bearer ${tok}`);
    expect(r.body).toMatchObject({ receive_id: OPEN_ID, content: text('rec') });
  });

  it('injects faults: 500 and 429 deliver nothing, close drops the socket, timeout delivers but never answers', async () => {
    const f = await start();
    const tok = await token(f);
    const body = { receive_id: OPEN_ID, msg_type: 'text', content: text('x') };

    f.setFaults({ ratio: 1, kinds: ['500'] });
    expect((await send(f, tok, body)).status).toBe(500);
    f.setFaults({ ratio: 1, kinds: ['429'] });
    const limited = await send(f, tok, body);
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBe(99991400);
    expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('2');
    f.setFaults({ ratio: 1, kinds: ['close'] });
    await expect(send(f, tok, body)).rejects.toThrow();
    expect(f.messages).toHaveLength(0);

    f.setFaults({ ratio: 1, kinds: ['timeout'] });
    await expect(
      call(f, 'POST', '/open-apis/im/v1/messages', {
        token: tok,
        query: { receive_id_type: 'open_id' },
        body: { ...body, uuid: 't-1' },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(f.messages).toHaveLength(1);
    expect(f.requests.at(-1)!.fault).toBe('timeout');

    f.setFaults(null);
    // The token endpoint is never faulted.
    f.setFaults({ ratio: 1, kinds: ['500'] });
    expect(await token(f)).toMatch(/^t-/);
  });

  it('is deterministic for a given seed', async () => {
    const pattern = async () => {
      const f = await start({ faults: { ratio: 0.5, kinds: ['500', '429'], seed: 42 } });
      const tok = await token(f);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await send(f, tok, { receive_id: OPEN_ID, msg_type: 'text', content: text(`${i}`) })).status);
      return statuses;
    };
    const a = await pattern();
    const b = await pattern();
    expect(a).toEqual(b);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(a.some((s) => s !== 200)).toBe(true);
  });

  it('waitFor resolves when the condition holds and rejects on timeout', async () => {
    const f = await start();
    const tok = await token(f);
    setTimeout(() => void send(f, tok, { receive_id: OPEN_ID, msg_type: 'text', content: text('later') }), 50);
    await f.waitFor((x) => x.messages.length === 1, 2000);
    await expect(f.waitFor((x) => x.messages.length === 2, 100)).rejects.toThrow(/within 100 ms/);
  });
});

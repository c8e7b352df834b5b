import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_ID, CHAT_ID, card2, call, token, send, text, start, closeFakes } from './support.js';

afterEach(closeFakes);

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

import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_ID, call, token, send, text, start, closeFakes } from './support.js';

afterEach(closeFakes);

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

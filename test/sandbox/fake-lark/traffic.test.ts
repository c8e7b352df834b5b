import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_ID, CHAT_ID, token, send, text, start, closeFakes } from './support.js';

afterEach(closeFakes);

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

import { describe, expect, it } from 'vitest';
import type { LarkResult, Messenger } from '../../src/lark/messenger.js';
import { countingLarkErrors } from '../../src/runtime.js';

const failure = (code: number): Promise<LarkResult<never>> =>
  Promise.resolve({ ok: false, retryable: false, code, message: `code ${code}` });

// Typed as the whole interface: a method added to Messenger must be added here, and is then
// called below through the counting wrapper.
const failing: Messenger = {
  send: () => failure(1),
  patchCard: () => failure(2),
  uploadFile: () => failure(3),
  urgentApp: () => failure(4),
  downloadResource: () => failure(5),
};

describe('countingLarkErrors', () => {
  it('counts a failure of every messenger method by its code, and passes the result through', async () => {
    const codes: string[] = [];
    const counted = countingLarkErrors(failing, { larkApiError: (code) => codes.push(code) });
    const methods = Object.keys(failing) as (keyof Messenger)[];
    for (const name of methods) {
      const call = counted[name] as (...args: unknown[]) => Promise<LarkResult>;
      const result = await call();
      expect(result.ok).toBe(false);
    }
    expect(codes).toEqual(['1', '2', '3', '4', '5']);
  });

  it('names a failure without a code by its HTTP status, or as a network failure; success is not counted', async () => {
    const codes: string[] = [];
    const counted = countingLarkErrors(
      {
        ...failing,
        send: () => Promise.resolve({ ok: false, retryable: true, status: 502, message: 'bad gateway' }),
        patchCard: () => Promise.resolve({ ok: false, retryable: true, message: 'timed out' }),
        urgentApp: () => Promise.resolve({ ok: true }),
      },
      { larkApiError: (code) => codes.push(code) },
    );
    await counted.send({ receiveIdType: 'open_id', receiveId: 'ou_x', msgType: 'text', content: '{}', uuid: 'u' });
    await counted.patchCard('om_x', {});
    expect(await counted.urgentApp('om_x', ['ou_x'])).toEqual({ ok: true });
    expect(codes).toEqual(['http_502', 'network']);
  });
});

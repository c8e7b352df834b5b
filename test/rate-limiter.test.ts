import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/outbox/rate-limiter.js';

/** A virtual clock: sleeping advances it, so the test measures the schedule, not the machine. */
function virtualTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += 0), advanceTo: (x: number) => (t = x), get t() { return t; } };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  it('never lets more than the app limit through in any one-second window, and drains at that rate', async () => {
    const clock = virtualTime();
    const granted: number[] = [];
    const limiter = new RateLimiter({ appPerSecond: 50, keyPerSecond: 5, now: clock.now, sleep: async (ms) => void granted.push(clock.t + ms), marginMs: 0 });
    // 500 sends to 100 different chats, requested all at once.
    for (let i = 0; i < 500; i++) {
      const before = granted.length;
      await limiter.acquire(`chat:${i % 100}`);
      if (granted.length === before) granted.push(clock.t);
    }
    expect(maxInAnyWindow(granted, 1000)).toBe(50);
    // 500 at 50/s: the last slot is at 9 s, i.e. the full allowed rate.
    expect(Math.max(...granted)).toBe(9000);
  });

  it('holds one chat to 5 per second while other chats go on at once', async () => {
    const waits: number[] = [];
    const limiter = new RateLimiter({ appPerSecond: 50, keyPerSecond: 5, now: () => 0, sleep: async (ms) => void waits.push(ms), marginMs: 0 });
    const acquire = async (key: string) => {
      const n = waits.length;
      await limiter.acquire(key);
      return waits.length === n ? 0 : waits[n]!;
    };
    const hot: number[] = [];
    for (let i = 0; i < 12; i++) hot.push(await acquire('chat:hot'));
    expect(hot).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    expect([await acquire('chat:a'), await acquire('chat:b'), await acquire('chat:c')]).toEqual([0, 0, 0]);
  });

  it('waits the real time it reserves', async () => {
    let now = 1_000;
    const slept: number[] = [];
    const limiter = new RateLimiter({ appPerSecond: 2, keyPerSecond: 2, now: () => now, sleep: async (ms) => void slept.push(ms), marginMs: 10 });
    await limiter.acquire('k');
    await limiter.acquire('k');
    await limiter.acquire('k');
    expect(slept).toEqual([1010]);
    now = 5_000;
    await limiter.acquire('k');
    expect(slept).toEqual([1010]);
  });
});

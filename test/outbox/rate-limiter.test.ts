import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/outbox/rate-limiter.js';

/** Virtual time: sleeping advances the clock, so the test checks the schedule, not the machine. */
function virtualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), set: (x: number) => (t = x) };
}

/** A limiter on virtual time with no safety margin, so the schedule is exact. */
function onVirtualClock(appPerSecond: number, keyPerSecond: number) {
  const clock = virtualClock();
  const limiter = new RateLimiter({ appPerSecond, keyPerSecond, now: clock.now, sleep: clock.sleep, marginMs: 0 });
  return { clock, limiter };
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
  it('sequential calls: never more than 50 in any second for the app, and the full rate is used', async () => {
    const { clock, limiter } = onVirtualClock(50, 5);
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) {
      const done = await limiter.acquire(`chat:${i % 100}`);
      starts.push(clock.now());
      done();
    }
    expect(maxInAnyWindow(starts, 1000)).toBe(50);
    // 500 calls at 50/s need nine full windows after the first.
    expect(Math.max(...starts)).toBe(9000);
  });

  it('holds one chat to 5 per second while other chats go on at once', async () => {
    const { clock, limiter } = onVirtualClock(50, 5);
    const hot: number[] = [];
    for (let i = 0; i < 12; i++) {
      (await limiter.acquire('chat:hot'))();
      hot.push(clock.now());
    }
    expect(hot).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
    const t = clock.now();
    for (const k of ['chat:a', 'chat:b', 'chat:c']) (await limiter.acquire(k))();
    expect(clock.now()).toBe(t);
  });

  it('a call in flight holds its slot until it finishes, and then counts from its end', async () => {
    const { clock, limiter } = onVirtualClock(2, 2);
    const first = await limiter.acquire('k');
    const second = await limiter.acquire('k');
    // Both in flight for 300 ms (slow network): the third may start only a window after they end.
    clock.set(300);
    first();
    second();
    await limiter.acquire('k');
    expect(clock.now()).toBe(1300);
  });

  it('concurrent waiters never overbook a window', async () => {
    const clock = virtualClock();
    let calls = 0;
    const limiter = new RateLimiter({
      appPerSecond: 5,
      keyPerSecond: 5,
      now: clock.now,
      sleep: async (ms) => {
        calls++;
        await Promise.resolve();
        clock.set(Math.max(clock.now(), clock.now() + ms));
      },
      marginMs: 0,
    });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 15 }, async () => {
        const done = await limiter.acquire('k');
        starts.push(clock.now());
        done();
      }),
    );
    expect(starts).toHaveLength(15);
    expect(maxInAnyWindow(starts, 1000)).toBeLessThanOrEqual(5);
    expect(calls).toBeGreaterThan(0);
  });
});

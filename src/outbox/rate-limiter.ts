/**
 * Keeps calls within Lark's limits: at most `appPerSecond` in any one-second window for the app,
 * and `keyPerSecond` for one user or chat.
 *
 * Lark counts a call when it arrives, which we never see: only that it lies between the moment we
 * started the call and the moment its answer came back. So a call in flight counts as occupying
 * the window until it finishes, and a finished one counts from its end. Whatever the network does
 * to the timing, no window Lark can observe holds more than the limit; on loopback or a fast link
 * the cost is a few milliseconds per window, so a large sweep still drains at nearly the full rate.
 */
export class RateLimiter {
  private readonly app = new Window();
  private readonly perKey = new Map<string, Window>();
  private acquisitions = 0;

  constructor(
    private readonly o: {
      appPerSecond: number;
      keyPerSecond: number;
      now: () => number;
      sleep: (ms: number) => Promise<void>;
      /** A little slack for clock granularity. */
      marginMs?: number;
      windowMs?: number;
    },
  ) {}

  /** Waits for a slot; call the returned function when the call has finished. */
  async acquire(key: string): Promise<() => void> {
    const windowMs = (this.o.windowMs ?? 1_000) + (this.o.marginMs ?? 5);
    if (++this.acquisitions % 1_000 === 0) this.forgetIdleKeys(this.o.now(), windowMs);
    const keyWindow = this.perKey.get(key) ?? new Window();
    this.perKey.set(key, keyWindow);
    for (;;) {
      const now = this.o.now();
      const waitApp = this.app.waitFor(this.o.appPerSecond, now, windowMs);
      const waitKey = keyWindow.waitFor(this.o.keyPerSecond, now, windowMs);
      if (waitApp === 0 && waitKey === 0) break;
      await this.o.sleep(Math.max(waitApp, waitKey));
    }
    this.app.inFlight++;
    keyWindow.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const end = this.o.now();
      this.app.finish(end);
      keyWindow.finish(end);
    };
  }

  /** One window per chat ever seen would grow without end; drop the idle ones. */
  private forgetIdleKeys(now: number, windowMs: number): void {
    for (const [key, w] of this.perKey) if (w.idle(now, windowMs)) this.perKey.delete(key);
  }
}

class Window {
  inFlight = 0;
  /** End times of finished calls, ascending. */
  private readonly ended: number[] = [];

  /** 0 when a call may start now, else how long to wait before asking again. */
  waitFor(limit: number, now: number, windowMs: number): number {
    while (this.ended.length > 0 && this.ended[0]! <= now - windowMs) this.ended.shift();
    if (this.inFlight + this.ended.length < limit) return 0;
    // The oldest finished call leaves the window first; with only calls in flight, poll briefly.
    return this.ended.length > 0 ? this.ended[0]! + windowMs - now : 5;
  }

  finish(end: number): void {
    this.inFlight--;
    let i = this.ended.length;
    while (i > 0 && this.ended[i - 1]! > end) i--;
    this.ended.splice(i, 0, end);
  }

  idle(now: number, windowMs: number): boolean {
    return this.inFlight === 0 && (this.ended.length === 0 || this.ended[this.ended.length - 1]! <= now - windowMs);
  }
}

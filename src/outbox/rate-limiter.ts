/**
 * Keeps calls within Lark's limits: at most `appPerSecond` in any one-second window for the app,
 * and `keyPerSecond` for one user or chat. A sliding log of reserved send times: a caller reserves
 * the earliest slot both windows allow and sleeps until it, so concurrent callers never overbook
 * and a large sweep drains at the highest allowed rate.
 */
export class RateLimiter {
  private readonly app: number[] = [];
  private readonly perKey = new Map<string, number[]>();
  private readonly windowMs = 1_000;

  constructor(
    private readonly o: {
      appPerSecond: number;
      keyPerSecond: number;
      now: () => number;
      sleep: (ms: number) => Promise<void>;
      /** A little slack so clock skew between us and Lark never crosses the line. */
      marginMs?: number;
    },
  ) {}

  async acquire(key: string): Promise<void> {
    const now = this.o.now();
    const keyLog = this.perKey.get(key) ?? [];
    this.perKey.set(key, keyLog);
    prune(this.app, now - this.windowMs);
    prune(keyLog, now - this.windowMs);
    const margin = this.o.marginMs ?? 5;
    const window = this.windowMs + margin;
    let at = now;
    // Move forward until both logs allow `at`; each step only ever increases `at`.
    for (;;) {
      const next = Math.max(at, earliestSlot(this.app, this.o.appPerSecond, window, at), earliestSlot(keyLog, this.o.keyPerSecond, window, at));
      if (next === at) break;
      at = next;
    }
    insertSorted(this.app, at);
    insertSorted(keyLog, at);
    if (at > now) await this.o.sleep(at - now);
    if (keyLog.length === 0) this.perKey.delete(key);
  }
}

/**
 * `t` if a new entry at `t` keeps every window of `windowMs` around it under `limit` (counting,
 * conservatively, the entries within one window before and after `t`); else a later candidate:
 * just after the oldest entry in that span leaves the window.
 */
function earliestSlot(log: number[], limit: number, windowMs: number, t: number): number {
  let first = 0;
  while (first < log.length && log[first]! <= t - windowMs) first++;
  let end = first;
  while (end < log.length && log[end]! < t + windowMs) end++;
  if (end - first < limit) return t;
  return log[first]! + windowMs;
}

function prune(log: number[], before: number): void {
  let i = 0;
  while (i < log.length && log[i]! <= before) i++;
  if (i > 0) log.splice(0, i);
}

function insertSorted(log: number[], t: number): void {
  let i = log.length;
  while (i > 0 && log[i - 1]! > t) i--;
  log.splice(i, 0, t);
}

/**
 * The fake Lark's traffic controls: Lark's rate limits (50 requests/s per API per app, 5 sends/s
 * per receiver) when switched on, and injected faults, seeded so a run repeats.
 */
import type { FaultConfig, FaultKind } from './types.js';
import { LarkError } from './wire.js';

export const APP_LIMIT_PER_S = 50;
const TARGET_LIMIT_PER_S = 5;

/** mulberry32: small, seeded, good enough for fault injection. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RateLimits {
  private readonly windows = new Map<string, number[]>();

  constructor(public on: boolean) {}

  /** Sliding one-second window. Returns seconds until a slot frees, or 0 if admitted (and counts it). */
  private admit(key: string, limit: number, now: number): number {
    const list = (this.windows.get(key) ?? []).filter((t) => now - t < 1000);
    if (list.length >= limit) {
      this.windows.set(key, list);
      return Math.max(1, Math.ceil((list[0]! + 1000 - now) / 1000));
    }
    list.push(now);
    this.windows.set(key, list);
    return 0;
  }

  /** Per API per app: HTTP 429, 99991400 and when to retry. */
  app(api: string, now: number): void {
    if (!this.on) return;
    const wait = this.admit(`app:${api}`, APP_LIMIT_PER_S, now);
    if (wait > 0)
      throw new LarkError(429, 99991400, 'request trigger frequency limit', {
        'x-ogw-ratelimit-limit': String(APP_LIMIT_PER_S),
        'x-ogw-ratelimit-reset': String(wait),
      });
  }

  /** Per receiver (a chat, a person, a card being updated): HTTP 400, 230020. */
  target(key: string, now: number): void {
    if (!this.on) return;
    if (this.admit(`target:${key}`, TARGET_LIMIT_PER_S, now) > 0)
      throw new LarkError(400, 230020, 'This operation triggers the frequency limit.');
  }
}

export class Faults {
  private rand: () => number;

  constructor(private config: FaultConfig | null) {
    this.rand = prng(config?.seed ?? 1);
  }

  set(config: FaultConfig | null): void {
    this.config = config;
    this.rand = prng(config?.seed ?? 1);
  }

  /** The fault to inject into one IM request, or none, with probability `ratio`. */
  pick(): FaultKind | undefined {
    const f = this.config;
    if (!f || f.kinds.length === 0 || this.rand() >= f.ratio) return undefined;
    return f.kinds[Math.floor(this.rand() * f.kinds.length)]!;
  }
}

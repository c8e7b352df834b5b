/**
 * Child processes for the benchmarks: the real server (`node --import tsx src/server.ts`, one
 * process, so its pid is the server's and its RSS is the server's), the comparison targets, and
 * the load client. Nothing here measures; it starts, waits and stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Child {
  child: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs a TypeScript entry with tsx's loader in a single Node process (in this checkout unless `cwd` names another). */
export function spawnTs(
  entry: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
  o: { cwd?: string } = {},
): Child {
  return spawnNode(['--import', 'tsx', entry, ...args], env, o);
}

/**
 * The server as `npm start` runs it (scripts/start.mjs: dist/ when built and fresh, else tsx), in one
 * process; in a checkout from before that script, `tsx src/server.ts` as its `npm start` did.
 */
export function spawnServer(env: Record<string, string | undefined>, o: { cwd?: string } = {}): Child {
  return existsSync(join(o.cwd ?? ROOT, 'scripts/start.mjs'))
    ? spawnNode(['scripts/start.mjs'], env, o)
    : spawnTs('src/server.ts', env, [], o);
}

function spawnNode(args: string[], env: Record<string, string | undefined>, o: { cwd?: string } = {}): Child {
  const child = spawn(process.execPath, args, {
    cwd: o.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-200_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-200_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A free loopback port (bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls GET url until it answers 200; returns the milliseconds from `since`. */
export async function waitForOk(
  url: string,
  since: number,
  o: { timeoutMs?: number; intervalMs?: number; child?: Child } = {},
): Promise<number> {
  const deadline = since + (o.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        await res.arrayBuffer();
        return performance.now() - since;
      }
    } catch {
      // not listening yet
    }
    if (o.child && o.child.child.exitCode !== null)
      throw new Error(`process exited before ${url} answered:\n${o.child.output()}`);
    if (performance.now() > deadline)
      throw new Error(`no answer from ${url} within ${o.timeoutMs ?? 60_000} ms:\n${o.child?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 10));
  }
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const tick = () => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      // gone
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}

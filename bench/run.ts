/**
 * `npm run bench`: every benchmark of the project in one run, the results table printed and
 * written to bench/RESULTS.md with the machine it ran on.
 *
 *   npm run bench                      # everything (about 15 minutes)
 *   npm run bench -- webhook startup   # some sections (RESULTS.md then holds only those)
 *   npm run bench -- --quick           # shorter steps, fewer projects: a smoke run, not figures
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (or BENCH_DATABASE_URL): each benchmark creates its own
 * fresh database there and drops it afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { ADMIN_URL, postgresAvailable } from './lib/pg.js';
import { ROOT } from './lib/proc.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const ALL = ['webhook', 'scheduler', 'startup', 'qa', 'console'] as const;
type Section = (typeof ALL)[number];
const chosen = args.filter((a) => !a.startsWith('--')) as Section[];
const sections: Section[] = chosen.length ? chosen.filter((s) => ALL.includes(s)) : [...ALL];
const log = (s: string) => console.log(s);

async function machine(): Promise<string[]> {
  const lines: string[] = [];
  const cpu = cpus();
  let nproc = String(cpu.length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // no coreutils: the Node count stands
  }
  lines.push(`- CPU: ${cpu[0]?.model ?? 'unknown'}, nproc ${nproc}; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  lines.push(`- Node ${process.version} on ${process.platform}/${process.arch}`);
  try {
    const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const [v] = await sql<{ version: string }[]>`select version()`;
    const settings = await sql<
      { name: string; setting: string }[]
    >`select name, setting from pg_settings where name in ('synchronous_commit','fsync','shared_buffers','max_connections')`;
    await sql.end();
    lines.push(
      `- ${v!.version.split(',')[0]} on the same machine (${settings.map((s) => `${s.name}=${s.setting}`).join(', ')})`,
    );
  } catch (e) {
    lines.push(`- PostgreSQL: unavailable (${(e as Error).message})`);
  }
  // Every acknowledged event is a durable commit: the disk's sync rate bounds the webhook.
  const fsyncTool = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .map((v) => `/usr/lib/postgresql/${v}/bin/pg_test_fsync`)
        .find((p) => existsSync(p))
    : undefined;
  if (fsyncTool) {
    const dir = mkdtempSync(join(tmpdir(), 'fsync-'));
    const out =
      spawnSync(fsyncTool, ['-s', '1', '-f', join(dir, 'probe')], { encoding: 'utf8', timeout: 60_000 }).stdout ?? '';
    rmSync(dir, { recursive: true, force: true });
    const fdatasync = /fdatasync\s+([\d.]+) ops\/sec/.exec(out)?.[1];
    if (fdatasync)
      lines.push(
        `- disk: ${Number(fdatasync).toFixed(0)} fdatasync/s for one 8 kB write (pg_test_fsync), the ceiling on separate durable commits per second`,
      );
  }
  return lines;
}

async function main() {
  const started = new Date();
  if (!(await postgresAvailable()) && sections.some((s) => s !== 'qa')) {
    console.error(
      `PostgreSQL is not reachable at ${ADMIN_URL}: the webhook, scheduler and start-up benchmarks need it (set BENCH_DATABASE_URL).`,
    );
    process.exit(1);
  }
  const out: string[] = ['# Benchmark results', ''];
  out.push(
    `Latest \`npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\`, ${started.toISOString()}${quick ? ' (--quick: a smoke run, not the figures)' : ''}.`,
    '',
  );
  out.push('## Machine', '', ...(await machine()), '');
  log(out.join('\n'));

  const missed: string[] = [];
  if (sections.includes('webhook')) {
    log('== webhook');
    const { benchWebhook } = await import('./webhook.js');
    const r = await benchWebhook({ quick, log });
    out.push(
      '## Webhook',
      '',
      'Signed, encrypted requests from a second process (autocannon) against three servers, side by side, step by step: ' +
        "a bare Hono hello-world (the ceiling), the official SDK's `EventDispatcher` on `node:http` via `adaptDefault` (decrypt + verify, then nothing), " +
        'and this server on a fresh PostgreSQL database with its dispatcher and scheduler running. ' +
        '*message*: `im.message.receive_v1` "帮助", a new event_id and message_id each (stored, acked, then answered with the help card through the outbox). ' +
        "*card*: `card.action.trigger` of the help card's button (`help.show`), a new event_id each (stored for replay protection and answered in the callback, " +
        'the path of every card action). Latency is the time to the acknowledgement. ' +
        'At 200/s autocannon paces each of the 16 connections to its share of the second: each second begins with up to 16 requests at once, ' +
        'so the p99 at 200/s is the tail of those bursts, not of evenly spaced requests.',
      '',
      r.markdown,
      '',
    );
    for (const line of r.markdown.split('\n')) if (line.includes('❌')) missed.push(`webhook: ${line}`);
  }
  if (sections.includes('scheduler')) {
    log('== scheduler');
    const { benchScheduler } = await import('./scheduler.js');
    const r = await benchScheduler({ quick, log });
    out.push('## Scheduler', '', r.markdown, '');
    for (const line of r.markdown.split('\n')) if (line.includes('❌')) missed.push(`scheduler: ${line}`);
  }
  if (sections.includes('startup')) {
    log('== startup');
    const { benchStartup } = await import('./startup.js');
    const r = await benchStartup({ quick, log });
    out.push(
      '## Start-up and memory',
      '',
      'From spawning the server the way `npm start` does (scripts/start.mjs: `dist/` when built, else the sources through tsx) to the first 200 from `/healthz`.',
      '',
      r.markdown,
      '',
    );
  }
  if (sections.includes('qa')) {
    log('== qa');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/qa/run.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    const text = `${res.stdout ?? ''}${res.status === 0 ? '' : `\n(exit ${res.status}) ${res.stderr ?? ''}`}`.trim();
    out.push('## Questions (bench/qa, `npm run bench:qa`)', '', '```', text, '```', '');
  }
  if (sections.includes('console') && existsSync(join(ROOT, 'bench/console-pages.ts'))) {
    // The console's own benchmark (bench/console-pages.ts, `npm run bench:console`), as it prints.
    log('== console');
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/console-pages.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    const text =
      `${res.stdout ?? ''}${res.status === 0 ? '' : `\n(exit ${res.status}: a page over its target, or a failure) ${res.stderr ?? ''}`}`.trim();
    if (res.status !== 0) missed.push('console: bench/console-pages.ts exited non-zero (see its section)');
    out.push('## Console pages (bench/console-pages.ts, `npm run bench:console`)', '', '```', text, '```', '');
  }
  if (missed.length)
    out.push(
      '## Targets missed in this run',
      '',
      ...missed.map((m) => `- ${m.replace(/^\s*\|\s*/, '').replace(/\s*\|\s*$/, '')}`),
      '',
    );
  const text = out.join('\n');
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), text);
  log(`\n${text}`);
  log(`\nwritten to bench/RESULTS.md (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min)`);
}

await main();

/**
 * Scheduler sweep benchmark: 100 000 approved projects with three deadline rows each (300 000 rows,
 * 1 % of them due today), then the time the sweep takes to find what is due (the partial index
 * `deadlines_sweep_idx`), its query plan, and a whole lifecycle run that records and queues the due
 * reminders.
 *
 *   npm run bench:scheduler                      # embedded PGlite (in memory)
 *   DATABASE_URL=postgres://… npm run bench:scheduler   # a scratch database on that server, dropped after
 *   npm run bench:scheduler -- --projects 20000  # fewer projects
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { migrate, openDatabase, rowsOf, type Database } from '../db/client.js';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { findDueDeadlines } from '../src/services/reminders/deadline-reminders.js';
import { runLifecycleWork } from '../src/services/reminders/work.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PROJECTS = arg('projects', 100_000);
const DUE_EVERY = 100; // 1 % of the projects have a reminder due today
const NOW = new Date('2026-03-04T09:30:00+08:00'); // a Wednesday, after the digest hour
const TODAY = '2026-03-04';

async function scratchDatabase(): Promise<{ database: Database; drop: () => Promise<void>; where: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close(), where: 'PGlite (in memory)' };
  }
  const name = `bench_sweep_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString() });
  return {
    database,
    where: `PostgreSQL ${u.host}/${name}`,
    drop: async () => {
      await database.close();
      const c = postgres(url, { max: 1, onnotice: () => {} });
      await c.unsafe(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;

async function main() {
  const { database, drop, where } = await scratchDatabase();
  try {
    await migrate(database);
    const org = readFileSync(new URL('../docs/org.example.json', import.meta.url), 'utf8');
    const runtime = await createRuntime({
      config: loadConfig({ BACKGROUND_LOOPS: 'off' }),
      database,
      orgSource: { text: org, name: 'org.example.json' },
      clock: () => NOW,
      log: () => {},
    });
    const db = runtime.ctx.db;
    console.log(`database: ${where}`);

    let t0 = performance.now();
    // Projects of 牡丹区's unit(s) and 金寨's, spread over the units of the directory.
    await db.execute(sql`
      insert into projects (number, region_id, policy, unit_id, kind, name, investment_yuan, fields, facts, status, stage, created_by, submitted_at, approved_at)
      select 'BX-2025-' || lpad(g::text, 6, '0'), u.region_id, r.policy, u.id, 'new_build', '项目' || g, 1000000, '{}'::jsonb,
             '{"investmentWan": 100}'::jsonb, 'approved', 'construction', 'ou_bench', now(), now()
      from generate_series(1, ${PROJECTS}) g
      join lateral (select id, region_id from units order by id offset (g % (select count(*) from units)) limit 1) u on true
      join regions r on r.id = u.region_id`);
    // Three rows each: a deadline far ahead, one long done, and for 1 % one due in 3 working days.
    await db.execute(sql`
      insert into deadlines (project_id, region_id, unit_id, key, limit_id, obligation, type, trigger_kind, "from", due, provisional, article, quote, responsible, state, next_reminder_on, created_at, updated_at)
      select p.id, p.region_id, p.unit_id, 'contract_filing:' || d.from_day, 'contract_filing', '签订合同后备案', 'deadline', 'event',
             d.from_day, d.due_day, false, 22, '', 'unit', 'open', d.next_day, timestamptz '2026-02-20 10:00+08', now()
      from projects p
      cross join lateral (
        select case when p.id % ${DUE_EVERY} = 0 then date '2026-02-20' else date '2026-03-04' + (p.id % 200) end as from_day,
               case when p.id % ${DUE_EVERY} = 0 then date '2026-03-09' else date '2026-03-04' + (p.id % 200) + 30 end as due_day,
               case when p.id % ${DUE_EVERY} = 0 then ${TODAY}::date else date '2026-03-04' + (p.id % 200) + 20 end as next_day
      ) d`);
    await db.execute(sql`
      insert into deadlines (project_id, region_id, unit_id, key, limit_id, obligation, type, trigger_kind, "from", due, provisional, article, quote, responsible, state, next_reminder_on, created_at, updated_at)
      select p.id, p.region_id, p.unit_id, k.key || ':2025-06-01', k.key, '已办结事项', 'deadline', 'event', date '2025-06-01', date '2025-07-01', false, 23, '', 'unit', 'done', null, now(), now()
      from projects p cross join (values ('in_year_spending'), ('final_acceptance')) k(key)`);
    await db.execute(sql`analyze deadlines`);
    await db.execute(sql`analyze projects`);
    const [counts] = rowsOf(
      await db.execute(
        sql`select (select count(*) from projects) as projects, (select count(*) from deadlines) as deadlines`,
      ),
    );
    console.log(`seeded ${counts!.projects} projects, ${counts!.deadlines} deadline rows in ${ms(t0)}`);

    // The sweep's query: the first page, then every page (what is due today).
    t0 = performance.now();
    const first = await findDueDeadlines(runtime.ctx, TODAY, null);
    console.log(`find due (first page of ${first.length}): ${ms(t0)}`);
    t0 = performance.now();
    let due = 0;
    let cursor: { day: string; id: number } | null = null;
    for (;;) {
      const page = await findDueDeadlines(runtime.ctx, TODAY, cursor);
      due += page.length;
      if (page.length < 500) break;
      cursor = { day: page[page.length - 1]!.day!, id: page[page.length - 1]!.id };
    }
    console.log(`find due (all ${due} rows, keyset pages): ${ms(t0)}`);
    const plan = rowsOf(
      await db.execute(sql`explain analyze select id, next_reminder_on from deadlines
        where state = 'open' and next_reminder_on is not null and next_reminder_on <= ${TODAY}::date
        order by next_reminder_on, id limit 500`),
    );
    console.log('plan:');
    for (const row of plan) console.log(`  ${String(Object.values(row)[0])}`);

    t0 = performance.now();
    const report = await runLifecycleWork(runtime.ctx);
    console.log(
      `lifecycle run (reminders recorded and queued, digests, notices): ${ms(t0)} → ${JSON.stringify(report)}`,
    );
    t0 = performance.now();
    const again = await runLifecycleWork(runtime.ctx);
    console.log(`second run the same day (nothing left to send): ${ms(t0)} → ${JSON.stringify(again)}`);
    await runtime.close();
  } finally {
    await drop();
  }
}

await main();

/**
 * A fresh PostgreSQL database per benchmark on the local server (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 */
import postgres from 'postgres';

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function postgresAvailable(): Promise<boolean> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Waits until the server on `url` has handled every event it acked (messages are handled after
 * their ack) and returns the seconds waited; gives up after five minutes.
 */
export async function waitForNoPendingEvents(url: string, label = url): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const t0 = performance.now(); ; await new Promise((r) => setTimeout(r, 50))) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from inbound_events where status = 'pending'`;
      if (row!.n === 0) return (performance.now() - t0) / 1000;
      if (performance.now() - t0 > 300_000)
        throw new Error(`${label}: ${row!.n} events still pending 300 s after the step`);
    }
  } finally {
    await sql.end();
  }
}

export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function freshDatabase(prefix = 'bench'): Promise<FreshDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

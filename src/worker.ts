/**
 * The Cloudflare Workers entry (wrangler.toml, docs/workers.md): the same Hono app as the Node server,
 * Postgres through Hyperdrive, work after the ack in `waitUntil`, the scheduler on a Cron Trigger.
 *
 * What is per isolate and what is per invocation: migrations, the directory import and the Lark client
 * (its token cache) are done once per isolate — createRuntime, cached. The database connection is not:
 * Workers forbid using a socket opened by one request from another ("Cannot perform I/O on behalf of a
 * different request"), so every invocation opens its own postgres.js client on the Hyperdrive string
 * (Hyperdrive pools the real connections, so this is cheap) and closes it when its work is done. The
 * runtime's own `ctx.db` and dispatcher belong to the invocation that created it and are never reused.
 */
import { openDatabase, type Database } from '../db/client.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { AppContext } from './context.js';
import { createLarkMessenger, type Messenger } from './lark/messenger.js';
import { OrgConfigError } from './org/directory.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { openMaterialStorage, R2_BINDING } from './materials/open-storage.js';
import { createRuntime, materialJobsFor, type Runtime } from './runtime.js';
import { runScheduledWork } from './scheduler.js';

/** The bindings this Worker reads; vars and secrets are strings. */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  /** The organisation directory file's text (JSON). */
  ORG_CONFIG_JSON?: string;
  [name: string]: unknown;
}

/** The parts of ExecutionContext / ScheduledController used here (no @cloudflare/workers-types needed). */
export interface WorkerExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}
export interface WorkerScheduledController {
  cron: string;
  scheduledTime: number;
}

/** Postgres.js pool size per invocation: Workers allow 6 simultaneous connections per request. */
const MAX_CONNECTIONS = 5;
/** Rounds of outbox delivery after a request (a chat's next message becomes due once the previous one is sent). */
const DISPATCH_ROUNDS = 20;

const log = (line: string) => console.log(line);

/** The stack, and the cause's (drizzle wraps the driver's error in "Failed query: …"). */
const describe = (e: unknown): string => {
  const err = e as Error & { cause?: unknown };
  const own = err?.stack ?? String(e);
  return err?.cause ? `${own}\n  caused by: ${describe(err.cause)}` : own;
};

interface Settings {
  config: Config;
  orgSource?: { text: string; name: string };
  /** The R2 bucket binding for materials, when there is one. */
  materialsBucket?: unknown;
}

/** Config from vars/secrets; DATABASE_URL is the Hyperdrive binding's connection string. Throws ConfigError/OrgConfigError. */
export function workerSettings(env: WorkerEnv): Settings {
  const strings: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') strings[k] = v;
  const hyperdrive = env.HYPERDRIVE?.connectionString;
  strings.DATABASE_URL = hyperdrive ?? strings.DATABASE_URL;
  if (!strings.DATABASE_URL) {
    throw new ConfigError(
      '配置错误: HYPERDRIVE binding is missing; on Workers the database is Postgres through Hyperdrive ([[hyperdrive]] binding = "HYPERDRIVE" in wrangler.toml)',
    );
  }
  // No file system here: materials go to the R2 binding unless s3 is chosen.
  strings.MATERIALS_STORAGE ??= 'r2';
  const config = loadConfig(strings);
  let orgSource: Settings['orgSource'];
  const org = env.ORG_CONFIG_JSON as unknown;
  if (typeof org === 'string' && org.trim() !== '') orgSource = { text: org, name: 'ORG_CONFIG_JSON' };
  // A [vars] table in wrangler.toml arrives as an object rather than text.
  else if (org && typeof org === 'object') orgSource = { text: JSON.stringify(org), name: 'ORG_CONFIG_JSON' };
  return { config, orgSource, materialsBucket: env[R2_BINDING] };
}

interface Isolate {
  runtime: Runtime;
  messenger: Messenger | null;
}

let isolate: Promise<Isolate> | null = null;

/** createRuntime once per isolate, on the first invocation's database; forgotten if it failed so the next one retries. */
function isolateRuntime(settings: Settings, database: Database): Promise<Isolate> {
  if (!isolate) {
    const { config, orgSource } = settings;
    const attempt = (async () => {
      const messenger = config.lark
        ? createLarkMessenger({
            appId: config.lark.appId,
            appSecret: config.lark.appSecret,
            baseUrl: config.lark.baseUrl,
          })
        : null;
      const materials = openMaterialStorage(config.materials, { runtime: 'workers', r2: settings.materialsBucket });
      const runtime = await createRuntime({
        config,
        orgSource,
        database,
        log,
        materials,
        ...(messenger ? { messenger } : {}),
      });
      return { runtime, messenger };
    })();
    isolate = attempt;
    attempt.catch(() => {
      if (isolate === attempt) isolate = null;
    });
  }
  return isolate;
}

interface Invocation {
  ctx: AppContext;
  dispatcher: Dispatcher | null;
  /** Waits for the work started during the invocation, then closes its database. */
  finish(): Promise<void>;
}

/** An AppContext bound to this invocation: its database, its waitUntil. */
function invocation(
  base: AppContext,
  database: Database,
  messenger: Messenger | null,
  execution: WorkerExecutionContext,
): Invocation {
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const tracked: Promise<unknown> = work
      .catch((e: unknown) => base.log(`worker: background work failed: ${describe(e)}`))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    execution.waitUntil(tracked);
  };
  const jobs = messenger ? materialJobsFor(base.config, base.materials, messenger, base.clock) : undefined;
  const dispatcher = messenger ? new Dispatcher({ db: database.db, messenger, log: base.log, jobs }) : null;

  // notifyOutbox: one delivery loop per invocation; a notify while it runs asks for another round.
  let dispatching = false;
  let again = false;
  const dispatchLoop = async () => {
    try {
      for (let round = 0; round < DISPATCH_ROUNDS; round++) {
        again = false;
        const report = await dispatcher!.dispatchOnce();
        if (report.claimed === 0 && !again) break;
      }
    } finally {
      dispatching = false;
    }
  };

  const ctx: AppContext = {
    ...base,
    db: database.db,
    dbKind: database.kind,
    runAfterResponse: (work) => track(work),
    notifyOutbox: () => {
      if (!dispatcher) return;
      if (dispatching) {
        again = true;
        return;
      }
      dispatching = true;
      track(dispatchLoop());
    },
  };
  return {
    ctx,
    dispatcher,
    async finish() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await database.close().catch((e: unknown) => base.log(`worker: closing the database: ${(e as Error).message}`));
    },
  };
}

const isConfigProblem = (e: unknown): e is Error => e instanceof ConfigError || e instanceof OrgConfigError;

let reportedConfigError = '';
function configErrorResponse(e: Error): Response {
  if (reportedConfigError !== e.message) {
    reportedConfigError = e.message;
    console.error(e.message);
  }
  return Response.json({ ok: false, error: e.message }, { status: 500 });
}

/** Opens this invocation's database and gets the isolate's runtime. */
async function begin(settings: Settings, execution: WorkerExecutionContext): Promise<Invocation> {
  const database = await openDatabase({
    databaseUrl: settings.config.databaseUrl,
    maxConnections: MAX_CONNECTIONS,
    preparedStatements: settings.config.preparedStatements,
  });
  try {
    const { runtime, messenger } = await isolateRuntime(settings, database);
    return invocation(runtime.ctx, database, messenger, execution);
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
}

export default {
  async fetch(request: Request, env: WorkerEnv, execution: WorkerExecutionContext): Promise<Response> {
    let settings: Settings;
    try {
      settings = workerSettings(env);
    } catch (e) {
      if (isConfigProblem(e)) return configErrorResponse(e);
      throw e;
    }
    let inv: Invocation;
    try {
      inv = await begin(settings, execution);
    } catch (e) {
      if (isConfigProblem(e)) return configErrorResponse(e);
      // Database unreachable or migrations failed: 5xx, so Lark delivers the event again later.
      const message = (e as Error).message;
      log(`worker: start-up failed: ${describe(e)}`);
      return Response.json({ ok: false, error: `start-up failed: ${message}` }, { status: 503 });
    }
    try {
      return await createApp(inv.ctx).fetch(request);
    } finally {
      execution.waitUntil(inv.finish());
    }
  },

  async scheduled(
    controller: WorkerScheduledController,
    env: WorkerEnv,
    execution: WorkerExecutionContext,
  ): Promise<void> {
    let settings: Settings;
    try {
      settings = workerSettings(env);
    } catch (e) {
      if (isConfigProblem(e)) console.error(`scheduled ${controller.cron}: ${e.message}`);
      throw e;
    }
    const inv = await begin(settings, execution);
    try {
      const { recovered } = await runScheduledWork(inv.ctx);
      const sent = inv.dispatcher ? await inv.dispatcher.drain() : null;
      if (recovered > 0 || (sent && sent.claimed > 0)) {
        inv.ctx.log(
          `scheduled ${controller.cron}: recovered ${recovered} event(s)${sent ? `, outbox ${JSON.stringify(sent)}` : ''}`,
        );
      }
    } catch (e) {
      // Rethrown so the invocation shows as failed in the Cron Events log.
      inv.ctx.log(`scheduled ${controller.cron}: ${describe(e)}`);
      throw e;
    } finally {
      await inv.finish();
    }
  },
};

/**
 * Start-up shared by the Node and Workers entries: the database and its migrations, the
 * directory, material storage, the messenger (counting its errors) and the outbox dispatcher,
 * assembled into the context that handlers get.
 */
import { migrate, openDatabase, type Database } from '../db/client.js';
import type { Config } from './config.js';
import { redactingLog, secretsOf } from './redact.js';
import type { AppContext, AppMetrics } from './context.js';
import { createLarkMessenger, type LarkResult, type Messenger } from './lark/messenger.js';
import { parseOrgDirectory } from './org/directory.js';
import { importDirectory } from './org/store.js';
import { materialJobs } from './services/material-fetch.js';
import { openMaterialStorage } from './materials/open-storage.js';
import type { MaterialStorage } from './materials/storage.js';
import { Dispatcher } from './outbox/dispatcher.js';
import { PACKS } from './rules/packs/index.js';
import type { RulePack } from './rules/types.js';

/** The outbox's material downloads, for a dispatcher of either entry. */
export function materialJobsFor(config: Config, storage: MaterialStorage, messenger: Messenger, now: () => Date) {
  return materialJobs({ storage, messenger, maxBytes: config.materials.maxBytes, now });
}

export interface Runtime {
  ctx: AppContext;
  database: Database;
  dispatcher: Dispatcher | null;
  /** Resolves when background work started by requests has settled (tests, shutdown). */
  settle(): Promise<void>;
  /**
   * Shutdown: stops the dispatcher's loop, then sends what is due for at most about `withinMs`
   * (a round in flight finishes). Returns how many messages went out.
   */
  flushOutbox(withinMs: number): Promise<number>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  /** The directory file's text and name, when there is one (Node reads ORG_CONFIG; Workers a var). */
  orgSource?: { text: string; name: string };
  clock?: () => Date;
  log?: (line: string) => void;
  packs?: readonly RulePack[];
  /** Override the Lark messenger (the in-process sandbox, or a test double). */
  messenger?: Messenger;
  /** A database opened by the caller (tests share one). */
  database?: Database;
  /** Material storage opened by the caller (the Worker's R2 binding); default from MATERIALS_STORAGE. */
  materials?: MaterialStorage;
  /** Counters for /metrics (the Node entry). */
  metrics?: AppMetrics;
}

/**
 * The messenger, with every failed call counted by Lark's code. Every method is wrapped, whatever
 * the interface holds: a method added to `Messenger` is counted without a change here.
 */
export function countingLarkErrors(messenger: Messenger, metrics: Pick<AppMetrics, 'larkApiError'>): Messenger {
  const count = (r: LarkResult<object>) => {
    if (!r.ok)
      metrics.larkApiError(
        r.code !== undefined ? String(r.code) : r.status !== undefined ? `http_${r.status}` : 'network',
      );
    return r;
  };
  return new Proxy(messenger, {
    get(target, name) {
      const member: unknown = Reflect.get(target, name);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => (member.apply(target, args) as Promise<LarkResult<object>>).then(count);
    },
  });
}

/**
 * Everything a runtime needs, in the order start-up needs it: database and migrations, the
 * directory, the messenger and its dispatcher, the context handlers get. Both entries call this.
 */
export async function createRuntime(o: RuntimeOptions): Promise<Runtime> {
  const log = redactingLog(o.log ?? ((line: string) => console.log(line)), secretsOf(o.config));
  const packs = o.packs ?? PACKS;
  const database =
    o.database ??
    (await openDatabase({
      databaseUrl: o.config.databaseUrl,
      dataDir: o.config.dataDir,
      preparedStatements: o.config.preparedStatements,
    }));
  await migrate(database);
  if (o.orgSource) {
    const dir = parseOrgDirectory(
      o.orgSource.text,
      o.orgSource.name,
      packs.map((p) => p.id),
    );
    await importDirectory(database.db, dir);
  }

  const larkMessenger =
    o.messenger ??
    (o.config.lark
      ? createLarkMessenger({
          appId: o.config.lark.appId,
          appSecret: o.config.lark.appSecret,
          baseUrl: o.config.lark.baseUrl,
        })
      : null);
  const materials = o.materials ?? openMaterialStorage(o.config.materials, { runtime: 'node' });
  const clock = o.clock ?? (() => new Date());
  const messenger = larkMessenger && o.metrics ? countingLarkErrors(larkMessenger, o.metrics) : larkMessenger;
  // The dispatcher keeps real time: its rows are stamped by the database clock, and retries and
  // rate limits are about the wall clock, not the business clock tests inject.
  const dispatcher = messenger
    ? new Dispatcher({ db: database.db, messenger, log, jobs: materialJobsFor(o.config, materials, messenger, clock) })
    : null;

  const pending = new Set<Promise<unknown>>();
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config: o.config,
    packs,
    clock,
    log,
    messenger,
    materials,
    notifyOutbox: () => dispatcher?.kick(),
    runAfterResponse: (work) => {
      const tracked = work.finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    metrics: o.metrics,
  };
  const settle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    ctx,
    database,
    dispatcher,
    settle,
    async flushOutbox(withinMs) {
      if (!dispatcher) return 0;
      await dispatcher.stop();
      const deadline = Date.now() + withinMs;
      let sent = 0;
      while (Date.now() < deadline) {
        const round = await dispatcher.dispatchOnce();
        sent += round.sent;
        if (round.claimed === 0) break;
      }
      return sent;
    },
    async close() {
      await dispatcher?.stop();
      await settle();
      if (!o.database) await database.close();
    },
  };
}

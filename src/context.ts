/**
 * What every service and handler is given (`AppContext`): the database, configuration, rule packs,
 * clock, log, messenger, material storage and the outbox's wake-up; and the optional counters
 * behind /metrics.
 */
import type { Db, DbKind } from '../db/client.js';
import type { Config } from './config.js';
import type { Messenger } from './lark/messenger.js';
import type { MaterialStorage } from './materials/storage.js';
import type { RulePack } from './rules/types.js';

/**
 * Counters behind GET /metrics. The Node entry passes them (src/metrics.ts, prom-client); the
 * Workers entry and most tests do not, so every call site tolerates their absence.
 */
export interface AppMetrics {
  /** An event or card callback was stored (fresh) or recognised as a redelivery. */
  eventReceived(type: string, fresh: boolean): void;
  /** A handler finished: done, failed for good, or left to be retried. */
  eventHandled(outcome: 'done' | 'failed' | 'retry'): void;
  /** A Lark Open API call failed: Lark's code, or `http_<status>` / `network` without one. */
  larkApiError(code: string): void;
  schedulerRun(ok: boolean): void;
}

/** What every handler and service gets: injected, so tests pass fakes and a fixed clock. */
export interface AppContext {
  db: Db;
  dbKind: DbKind;
  config: Config;
  packs: readonly RulePack[];
  /** The current instant; tests inject a fixed or stepping clock. */
  clock: () => Date;
  log: (line: string) => void;
  /**
   * Direct Lark calls that cannot wait for the outbox (uploading a file whose key the message
   * needs). Messages themselves always go through the outbox. Null without a Feishu app.
   */
  messenger: Messenger | null;
  /** Where materials sent to the bot are kept (MATERIALS_STORAGE). */
  materials: MaterialStorage;
  /** Tells the dispatcher that rows were queued, so they go out now rather than at the next poll. */
  notifyOutbox: () => void;
  /**
   * Runs work after the HTTP answer (Workers: ctx.waitUntil; Node: a tracked promise). The work
   * must already be persisted: if the process dies, the recovery sweep redoes it.
   */
  runAfterResponse: (work: Promise<unknown>) => void;
  metrics?: AppMetrics;
}

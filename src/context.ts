import type { Db, DbKind } from '../db/client.js';
import type { Config } from './config.js';
import type { Messenger } from './lark/messenger.js';
import type { MaterialStorage } from './materials/storage.js';
import type { RulePack } from './rules/types.js';

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
}

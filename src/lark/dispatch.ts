/**
 * What a transport dispatches to. The registry (src/registry.ts) maps Lark event types and card
 * actions to handlers; the app factory hands it to each transport (webhook, stored-event worker,
 * long connection), so that no transport imports the handlers.
 */
import type { AppContext } from '../context.js';
import type { CardAction } from './envelope.js';
import type { CardActionResponse } from './messages.js';

export type EventHandler = (ctx: AppContext, event: unknown) => Promise<void>;
export type CardActionHandler = (ctx: AppContext, action: CardAction) => Promise<CardActionResponse>;

export interface Registry {
  /** Lark event type → handler. */
  events: Readonly<Record<string, EventHandler>>;
  /** Card button or form → handler, keyed by `action.value.action` set by the card builders. */
  cardActions: Readonly<Record<string, CardActionHandler>>;
  /** Event types Lark sends that the bot knowingly ignores (logged, acked, not stored as work). */
  ignoredEvents: ReadonlySet<string>;
}

/**
 * One table of card actions from several groups. A key in two groups is a programming error: an
 * object spread would let the later handler win silently, so this refuses it at start-up.
 */
export function defineActions(
  ...groups: readonly Readonly<Record<string, CardActionHandler>>[]
): Readonly<Record<string, CardActionHandler>> {
  const table: Record<string, CardActionHandler> = {};
  for (const group of groups) {
    for (const [key, handler] of Object.entries(group)) {
      if (Object.hasOwn(table, key)) throw new Error(`card action ${key} is registered twice`);
      table[key] = handler;
    }
  }
  return table;
}

/** The handler registered under `key`; own keys only, so that `constructor` or `toString` finds nothing. */
export function handlerFor<H>(table: Readonly<Record<string, H>>, key: unknown): H | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

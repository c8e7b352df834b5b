import type { AppContext } from './context.js';
import type { CardAction, CardActionResponse } from './lark/envelope.js';
import { onMessageReceive } from '../handlers/message-receive.js';
import { onHelpButton } from '../handlers/card-help.js';

export type EventHandler = (ctx: AppContext, event: unknown) => Promise<void>;
export type CardActionHandler = (ctx: AppContext, action: CardAction) => Promise<CardActionResponse>;

/**
 * Lark event type → handler. The same table serves the Node server, the Workers entry and a long
 * connection: transports only decode and verify, then look up here.
 */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  'im.message.receive_v1': onMessageReceive,
};

/** Card button or form → handler, keyed by `action.value.action` set by the card builders. */
export const CARD_ACTIONS: Readonly<Record<string, CardActionHandler>> = {
  'help.show': onHelpButton,
};

/** Event types Lark sends that the bot knowingly ignores (logged, acked, not stored as work). */
export const IGNORED_EVENTS: ReadonlySet<string> = new Set([
  'im.message.message_read_v1',
  'im.chat.access_event.bot_p2p_chat_entered_v1',
]);

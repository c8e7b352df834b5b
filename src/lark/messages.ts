/**
 * The shapes a handler and a service share about a Lark exchange: the text message addressed to
 * the bot, and a card callback's answer. This module imports nothing, so that any layer may use it
 * without closing an import circle.
 */

/** A text message addressed to the bot, after mentions are stripped. */
export interface IncomingText {
  senderOpenId: string;
  chatId: string;
  chatType: string;
  messageId: string;
  text: string;
  /** open_ids @-mentioned in the message (other than the bot, in a chat with it). */
  mentions?: string[];
}

/** A card callback's answer: a toast and/or the card to show instead, or nothing. */
export interface CardActionResponse {
  toast?: { type: 'success' | 'error' | 'warning' | 'info'; content: string };
  card?: { type: 'raw'; data: object };
}

/** A card callback's answer that only shows a toast. */
export const toast = (type: 'success' | 'error' | 'warning' | 'info', content: string): CardActionResponse => ({
  toast: { type, content },
});

/** What a Lark Open API call came to: its data, or why it failed and whether trying again may help. */
export type LarkResult<T = Record<never, never>> =
  | ({ ok: true } & T)
  | {
      ok: false;
      retryable: boolean;
      retryAfterMs?: number;
      /** Lark said "not now" (its app or per-chat rate limit): the call itself was fine. */
      rateLimited?: boolean;
      code?: number;
      status?: number;
      message: string;
    };

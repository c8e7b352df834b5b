/**
 * Builders for what Lark POSTs to the bot's event/callback URL, in the event subscription v2
 * (schema 2.0) envelope:
 *
 *   { "schema": "2.0",
 *     "header": { event_id, event_type, create_time (ms, string), token (Verification Token), app_id, tenant_key },
 *     "event":  { … } }
 *
 * and `signedRequest`, which turns such a body into the HTTP request Lark would send: with an Encrypt Key the
 * body becomes {"encrypt": base64(iv ++ AES-256-CBC(json))} and is signed with
 * X-Lark-Signature = hex sha256(X-Lark-Request-Timestamp + X-Lark-Request-Nonce + encrypt_key + raw body).
 *
 * Shapes follow the Lark docs (接收消息 im.message.receive_v1, 卡片回传交互 card.action.trigger,
 * 机器人进群/被移出群 im.chat.member.bot.added_v1/deleted_v1), the SDK's event typings and the
 * official larksuite/cli test fixtures.
 */
import { randomBytes } from 'node:crypto';
import { encryptLarkPayload, larkSignature } from '../lark/crypto.js';

export const DEFAULT_APP_ID = 'cli_fake0000000000';
export const DEFAULT_TENANT_KEY = 'fake_tenant_key';
export const DEFAULT_BOT_OPEN_ID = 'ou_bot0000000000000000000000000000';
export const DEFAULT_BOT_NAME = '政务信息化项目助手';

const hex = (n: number) => randomBytes(n).toString('hex');
export const newEventId = () => hex(16);
export const newMessageId = () => `om_${hex(16)}`;
export const newChatId = () => `oc_${hex(16)}`;
export const newOpenId = () => `ou_${hex(16)}`;

interface Common {
  /** Verification Token; goes to header.token. */
  token: string;
  eventId?: string;
  /** ms since epoch (string or number); default now. */
  createTime?: string | number;
  appId?: string;
  tenantKey?: string;
}

export interface EnvelopeV2<E = Record<string, unknown>> {
  schema: '2.0';
  header: {
    event_id: string;
    event_type: string;
    create_time: string;
    token: string;
    app_id: string;
    tenant_key: string;
  };
  event: E;
}

function envelope<E>(eventType: string, c: Common, event: E): EnvelopeV2<E> {
  return {
    schema: '2.0',
    header: {
      event_id: c.eventId ?? newEventId(),
      event_type: eventType,
      create_time: String(c.createTime ?? Date.now()),
      token: c.token,
      app_id: c.appId ?? DEFAULT_APP_ID,
      tenant_key: c.tenantKey ?? DEFAULT_TENANT_KEY,
    },
    event,
  };
}

export interface LarkHttpRequest {
  headers: Record<string, string>;
  /** The raw body, exactly as sent (what the signature covers). */
  body: string;
}

/**
 * The url_verification challenge Lark sends when the request URL is saved: no signature headers;
 * plain, or {"encrypt": …} when the app has an Encrypt Key. Expected answer: {"challenge": <challenge>}.
 */
export async function urlVerification(o: {
  token: string;
  challenge: string;
  encryptKey?: string;
}): Promise<LarkHttpRequest & { payload: object }> {
  const payload = { challenge: o.challenge, token: o.token, type: 'url_verification' };
  const wire = o.encryptKey ? { encrypt: await encryptLarkPayload(o.encryptKey, JSON.stringify(payload)) } : payload;
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(wire), payload };
}

interface MessageCommon extends Common {
  openId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  messageId?: string;
  userId?: string;
  unionId?: string;
  rootId?: string;
  parentId?: string;
  threadId?: string;
}

function messageEvent(o: MessageCommon, messageType: string, content: object, mentions?: unknown[]) {
  const createTime = String(o.createTime ?? Date.now());
  return envelope(
    'im.message.receive_v1',
    { ...o, createTime },
    {
      sender: {
        sender_id: {
          open_id: o.openId,
          union_id: o.unionId ?? `on_${o.openId.slice(3)}`,
          user_id: o.userId ?? `u_${o.openId.slice(3, 11)}`,
        },
        sender_type: 'user',
        tenant_key: o.tenantKey ?? DEFAULT_TENANT_KEY,
      },
      message: {
        message_id: o.messageId ?? newMessageId(),
        ...(o.rootId ? { root_id: o.rootId } : {}),
        ...(o.parentId ? { parent_id: o.parentId } : {}),
        ...(o.threadId ? { thread_id: o.threadId } : {}),
        create_time: createTime,
        update_time: createTime,
        chat_id: o.chatId,
        chat_type: o.chatType,
        message_type: messageType,
        // Lark sends message.content as a JSON *string*.
        content: JSON.stringify(content),
        ...(mentions && mentions.length > 0 ? { mentions } : {}),
        user_agent: 'Mozilla/5.0 Lark/7.30.0',
      },
    },
  );
}

/**
 * im.message.receive_v1 for a text message. With `mentionBot` the text starts with the mention
 * placeholder "@_user_1 " and `mentions` has the matching entry for the bot (how group @bot messages arrive).
 * `people` are other persons mentioned: each `@<open_id>` in the text becomes the next placeholder
 * (`@_user_2` …) with its `mentions` entry, as Lark sends a message in which someone was @-mentioned.
 */
export function messageReceiveEvent(
  o: MessageCommon & {
    text: string;
    mentionBot?: boolean;
    botOpenId?: string;
    botName?: string;
    people?: { openId: string; name: string }[];
  },
) {
  const tenant = o.tenantKey ?? DEFAULT_TENANT_KEY;
  const mentions: {
    key: string;
    id: { open_id: string; union_id: string; user_id: string };
    name: string;
    tenant_key: string;
  }[] = [];
  if (o.mentionBot)
    mentions.push({
      key: '@_user_1',
      id: { open_id: o.botOpenId ?? DEFAULT_BOT_OPEN_ID, union_id: '', user_id: '' },
      name: o.botName ?? DEFAULT_BOT_NAME,
      tenant_key: tenant,
    });
  let text = o.text;
  for (const p of o.people ?? []) {
    const key = `@_user_${mentions.length + 1}`;
    if (!text.includes(`@${p.openId}`)) continue;
    text = text.split(`@${p.openId}`).join(key);
    mentions.push({
      key,
      id: { open_id: p.openId, union_id: `on_${p.openId.slice(3)}`, user_id: `u_${p.openId.slice(3, 11)}` },
      name: p.name,
      tenant_key: tenant,
    });
  }
  if (o.mentionBot) text = `@_user_1 ${text}`;
  return messageEvent(o, 'text', { text }, mentions.length > 0 ? mentions : undefined);
}

/** im.message.receive_v1 for a file message: content {"file_key","file_name"}. */
export function fileMessageEvent(o: MessageCommon & { fileKey: string; fileName: string }) {
  return messageEvent(o, 'file', { file_key: o.fileKey, file_name: o.fileName });
}

/** im.message.receive_v1 for a picture: content {"image_key"}. */
export function imageMessageEvent(o: MessageCommon & { imageKey: string }) {
  return messageEvent(o, 'image', { image_key: o.imageKey });
}

/**
 * card.action.trigger (new-style card callback, schema 2.0). A form submit arrives as tag "button" with
 * `name` = the submit button's name and `form_value` = { fieldName: value }.
 */
export function cardActionEvent(
  o: Common & {
    openId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
    name?: string;
    tag?: string;
    messageId: string;
    chatId: string;
    userId?: string;
    unionId?: string;
    /** The card's own update token (event.token, valid 30 min); default a fresh "c-…". */
    cardToken?: string;
  },
) {
  return envelope('card.action.trigger', o, {
    operator: {
      tenant_key: o.tenantKey ?? DEFAULT_TENANT_KEY,
      open_id: o.openId,
      union_id: o.unionId ?? `on_${o.openId.slice(3)}`,
      user_id: o.userId ?? `u_${o.openId.slice(3, 11)}`,
    },
    token: o.cardToken ?? `c-${hex(20)}`,
    action: {
      value: o.value,
      tag: o.tag ?? 'button',
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.formValue !== undefined ? { form_value: o.formValue } : {}),
    },
    host: 'im_message',
    context: { open_message_id: o.messageId, open_chat_id: o.chatId },
  });
}

type BotMembership = Common & { chatId: string; operatorOpenId: string; chatName?: string; external?: boolean };

function botMembershipEvent(eventType: string, o: BotMembership) {
  return envelope(eventType, o, {
    chat_id: o.chatId,
    operator_id: {
      open_id: o.operatorOpenId,
      union_id: `on_${o.operatorOpenId.slice(3)}`,
      user_id: `u_${o.operatorOpenId.slice(3, 11)}`,
    },
    external: o.external ?? false,
    operator_tenant_key: o.tenantKey ?? DEFAULT_TENANT_KEY,
    name: o.chatName ?? '项目群',
    i18n_names: { zh_cn: o.chatName ?? '项目群', en_us: o.chatName ?? 'Project chat' },
  });
}

/** im.chat.member.bot.added_v1: the bot was added to a group. */
export const botAddedEvent = (o: BotMembership) => botMembershipEvent('im.chat.member.bot.added_v1', o);
/** im.chat.member.bot.deleted_v1: the bot was removed from a group. */
export const botRemovedEvent = (o: BotMembership) => botMembershipEvent('im.chat.member.bot.deleted_v1', o);

/**
 * The HTTP request Lark sends for `body`. With an Encrypt Key: the body is encrypted and
 * X-Lark-Signature covers the raw (encrypted) body. Without one Lark neither encrypts nor signs.
 */
export async function signedRequest(
  body: object,
  o: { encryptKey?: string; timestamp?: string; nonce?: string } = {},
): Promise<LarkHttpRequest> {
  const timestamp = o.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? hex(8);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
  };
  if (!o.encryptKey) return { headers, body: JSON.stringify(body) };
  const raw = JSON.stringify({ encrypt: await encryptLarkPayload(o.encryptKey, JSON.stringify(body)) });
  headers['x-lark-signature'] = await larkSignature({ timestamp, nonce, encryptKey: o.encryptKey, rawBody: raw });
  return { headers, body: raw };
}

/**
 * The webhook transport: Lark's HTTP callbacks (events and card actions) decrypted, verified and
 * routed through the registry, and `routeLarkEnvelope`, which the long connection (ws-transport.ts)
 * shares, so that an event is handled the same whichever way it came.
 */
import type { Context } from 'hono';
import type { AppContext } from '../context.js';
import { handleAfterAck, isDataException, persistInbound, recordCardCallback } from '../inbound.js';
import { handlerFor, type Registry } from './dispatch.js';
import { decryptLarkPayload, verifyLarkSignature } from './crypto.js';
import { CardActionSchema, EnvelopeV2Schema, UrlVerificationSchema, type EnvelopeV2 } from './envelope.js';
import type { CardActionResponse } from './messages.js';

/** How far a signed request's X-Lark-Request-Timestamp may be from now: older ones are replays. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type Reply = { status: 200 | 400 | 401 | 404 | 503; body: object };

/** Which way an event came in: named in the log lines. */
export type LarkTransport = 'webhook' | 'ws';

const reject = (status: Reply['status'], message: string): Reply => ({ status, body: { error: message } });

/**
 * POST /lark/events: event subscriptions and card callbacks. Decodes and verifies on the raw
 * bytes (the SDK's EventDispatcher checks the signature against `JSON.stringify` of the parsed
 * body and headers, which need not be the bytes Lark signed, and without an encrypt key takes any
 * event, never comparing the verification token), stores events before acking, and answers card
 * callbacks within Lark's 3 seconds. The handlers come in `registry`.
 */
export async function handleLarkWebhook(c: Context, app: AppContext, registry: Registry): Promise<Response> {
  const lark = app.config.lark;
  if (!lark) return c.json({ error: 'no Feishu app is configured (LARK_APP_ID …)' }, 404);
  // Without a verification token (allowed in ws mode) nothing here could tell Lark from a forger.
  if (app.config.larkMode === 'ws')
    return c.json({ error: 'LARK_MODE=ws: events arrive over the long connection, not this webhook' }, 404);

  // The app's body limit (app.ts) has refused a body over 1 MiB before this reads it.
  const rawBody = new TextDecoder().decode(await c.req.arrayBuffer());

  const reply = await decide(c, app, registry, rawBody);
  return c.json(reply.body, reply.status);
}

async function decide(c: Context, app: AppContext, registry: Registry, rawBody: string): Promise<Reply> {
  const lark = app.config.lark!;
  let outer: unknown;
  try {
    outer = JSON.parse(rawBody);
  } catch {
    return reject(400, 'body is not JSON');
  }
  if (!outer || typeof outer !== 'object' || Array.isArray(outer)) return reject(400, 'body is not a JSON object');

  let payload: unknown = outer;
  const encrypted = typeof (outer as { encrypt?: unknown }).encrypt === 'string';
  if (encrypted) {
    if (!lark.encryptKey) return reject(400, 'encrypted body but LARK_ENCRYPT_KEY is not set');
    try {
      payload = JSON.parse(await decryptLarkPayload(lark.encryptKey, (outer as { encrypt: string }).encrypt));
    } catch {
      return reject(400, 'cannot decrypt body with LARK_ENCRYPT_KEY');
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload))
      return reject(400, 'decrypted body is not a JSON object');
  } else if (lark.encryptKey && (outer as { type?: unknown }).type !== 'url_verification') {
    return reject(400, 'body must be encrypted when LARK_ENCRYPT_KEY is set');
  }

  // The challenge arrives without signature headers; its token is what proves it.
  const challenge = UrlVerificationSchema.safeParse(payload);
  if (challenge.success) {
    if (challenge.data.token !== lark.verificationToken) return reject(401, 'verification token mismatch');
    return { status: 200, body: { challenge: challenge.data.challenge } };
  }

  if (lark.encryptKey) {
    const timestamp = c.req.header('x-lark-request-timestamp');
    const nonce = c.req.header('x-lark-request-nonce');
    const signature = c.req.header('x-lark-signature');
    if (!timestamp || !nonce || !signature) return reject(401, 'missing signature headers');
    const ok = await verifyLarkSignature({ timestamp, nonce, encryptKey: lark.encryptKey, rawBody, signature });
    if (!ok) return reject(401, 'bad signature');
    // Wall-clock time, not the business clock: a captured request replayed later is refused.
    const sent = Number(timestamp);
    if (!Number.isFinite(sent) || Math.abs(Date.now() / 1000 - sent) > MAX_CLOCK_SKEW_SECONDS) {
      return reject(401, 'request timestamp is more than 5 minutes from now');
    }
  }

  const parsed = EnvelopeV2Schema.safeParse(payload);
  if (!parsed.success) {
    const token =
      (payload as { token?: unknown; header?: { token?: unknown } }).header?.token ??
      (payload as { token?: unknown }).token;
    if (token !== lark.verificationToken) return reject(401, 'verification token mismatch');
    return reject(
      400,
      `not a schema 2.0 event: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim(),
    );
  }
  const envelope = parsed.data;
  if (envelope.header.token !== lark.verificationToken) return reject(401, 'verification token mismatch');
  if (envelope.header.app_id && envelope.header.app_id !== lark.appId) return reject(401, 'event for another app');
  return routeLarkEnvelope(app, registry, envelope, 'webhook');
}

/**
 * What every transport does with a decoded, verified event (the webhook above, the long connection
 * in ws-transport.ts): a card callback is answered now; any other event with a handler is stored,
 * answered 200 and handled after the ack; 503 when it cannot be stored, so that Lark delivers it again.
 */
export async function routeLarkEnvelope(
  app: AppContext,
  registry: Registry,
  envelope: EnvelopeV2,
  transport: LarkTransport,
): Promise<Reply> {
  const type = envelope.header.event_type;
  if (type === 'card.action.trigger') return handleCardAction(app, registry, envelope, transport);

  if (!handlerFor(registry.events, type)) {
    app.log(
      `${transport}: ignored event ${type} ${envelope.header.event_id}${registry.ignoredEvents.has(type) ? '' : ' (no handler)'}`,
    );
    return { status: 200, body: {} };
  }
  try {
    const fresh = await persistInbound(app, envelope);
    app.metrics?.eventReceived(type, fresh);
    if (fresh) app.runAfterResponse(handleAfterAck(app, registry, envelope.header.event_id));
    else app.log(`${transport}: duplicate ${type} ${envelope.header.event_id} ignored`);
  } catch (e) {
    // An event the database cannot hold (a NUL or a broken surrogate in its text, an id too long to index): refused for good.
    if (isDataException(e)) {
      app.log(
        `${transport}: refused ${type} ${envelope.header.event_id}: ${(e as Error).message.split('\n')[0]?.slice(0, 200)}`,
      );
      return reject(400, 'event cannot be stored');
    }
    // The database is down: answer 5xx so that Lark delivers the event again later.
    app.log(`${transport}: cannot store ${envelope.header.event_id}: ${(e as Error).message}`);
    return { status: 503, body: { error: 'temporarily unavailable' } };
  }
  return { status: 200, body: {} };
}

/**
 * Card callbacks are never redelivered: the action runs now, inside Lark's 3 s, and its answer
 * goes back in the response. Its event_id is stored so a replayed callback is refused.
 */
async function handleCardAction(
  app: AppContext,
  registry: Registry,
  envelope: EnvelopeV2,
  transport: LarkTransport,
): Promise<Reply> {
  const action = CardActionSchema.safeParse(envelope.event);
  if (!action.success) return reject(400, 'malformed card action');
  const name = action.data.action.value.action;
  const handler = handlerFor(registry.cardActions, name);
  const toast = (type: 'error' | 'info', content: string): Reply => ({
    status: 200,
    body: { toast: { type, content } },
  });
  if (!handler) {
    app.log(`${transport}: card action without handler: ${JSON.stringify(name)}`);
    return toast('error', '这个按钮已失效，请重新发送指令。');
  }
  try {
    const fresh = await recordCardCallback(app, envelope);
    app.metrics?.eventReceived('card.action.trigger', fresh);
    if (!fresh) return toast('info', '该操作已处理。');
    const response: CardActionResponse = await handler(app, action.data);
    app.metrics?.eventHandled('done');
    return { status: 200, body: response };
  } catch (e) {
    app.metrics?.eventHandled('failed');
    // Forged or corrupt values (an id out of range, a NUL in a field): the card is at fault, not us.
    if (isDataException(e)) {
      app.log(
        `${transport}: card action ${String(name)} refused: invalid value (${(e as { cause?: { message?: string } }).cause?.message ?? ''})`,
      );
      return toast('error', '卡片数据无效，请重新发送指令。');
    }
    app.log(`${transport}: card action ${String(name)} failed: ${(e as Error).stack ?? e}`);
    return toast('error', '处理失败，请稍后再试。');
  }
}

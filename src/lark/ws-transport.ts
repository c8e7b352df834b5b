/**
 * The long connection (长连接): the bot dials out to Lark over a WebSocket with the SDK's `WSClient`
 * and receives events and card callbacks through it, for servers Lark cannot reach over HTTPS. It is
 * the webhook's twin: it is handed the same routing function (`route`, which stores before the ack,
 * deduplicates and answers card callbacks) and only decodes frames and acknowledges them.
 *
 * What the SDK (1.74) does and where this module steps in:
 *   - it fetches the endpoint (POST {domain}/callback/ws/endpoint with the app secret), pings, joins
 *     fragmented events (`sum`/`seq`), and acks each data frame once its dispatcher's `invoke` has
 *     resolved: `{"code": 200}`, with what `invoke` returned base64-encoded in `data` (a card
 *     callback's toast or card), or `{"code": 500}` when it threw. So an event is stored before its
 *     ack, and a 503 from `route` (database down) becomes a 500 ack, which Lark redelivers.
 *   - it handles `card.action.trigger` only when it comes in a frame of type `event` (how Lark sends
 *     Card JSON 2.0 callbacks); frames of type `card` are dropped without an ack, so the person would
 *     see "出错了" after 3 s. They are routed here like events (see `routeCardFrames`).
 *   - its `EventDispatcher.invoke` flattens the envelope; ours keeps it whole for `route`.
 *   - it retries at the interval Lark's endpoint dictates and gives up after Lark's ReconnectCount
 *     (or at once on a refused app secret): then this module starts it again with exponential backoff.
 */
import { EventDispatcher, LoggerLevel, WSClient, type WSConnectionStatus } from '@larksuiteoapi/node-sdk';
import type { LarkConfig } from '../config.js';
import { EnvelopeV2Schema, type EnvelopeV2 } from './envelope.js';
import type { Reply } from './webhook.js';

export interface LongConnectionOptions {
  lark: Pick<LarkConfig, 'appId' | 'appSecret' | 'baseUrl'>;
  /** Stores, deduplicates and dispatches one event through the handler table (the webhook's routeLarkEnvelope). */
  route: (envelope: EnvelopeV2) => Promise<Reply>;
  log: (line: string) => void;
  /** Backoff after the SDK gives up: first delay and cap (ms). */
  backoff?: { initialMs: number; maxMs: number };
  /** Seconds without any frame after a ping before the socket is presumed dead and replaced. */
  pingTimeoutSeconds?: number;
}

export type LongConnectionState = WSConnectionStatus['state'] | 'backoff' | 'closed';

export interface LongConnectionStatus {
  state: LongConnectionState;
  connected: boolean;
  /** Successful connections since start (1 after the first, +1 per reconnect). */
  connects: number;
  /** Disconnections seen since start. */
  disconnects: number;
  /** When the last connection was made (ISO), if ever. */
  connectedAt?: string;
}

export interface LongConnection {
  status(): LongConnectionStatus;
  /** Stops receiving: no reconnect; an event whose ack has not gone out yet is redelivered by Lark. */
  close(): void;
}

/** The SDK's internals this module touches (private in its types): checked at start. */
interface WsFrame {
  method: number;
  headers: { key: string; value: string }[];
  [field: string]: unknown;
}
interface WsClientInternals {
  handleEventData(frame: WsFrame): Promise<void>;
  sendMessage(frame: WsFrame): void;
}

const header = (frame: WsFrame, key: string) => frame.headers.find((h) => h.key === key)?.value;
const withType = (frame: WsFrame, type: string): WsFrame => ({
  ...frame,
  headers: frame.headers.map((h) => (h.key === 'type' ? { key: 'type', value: type } : h)),
});

/**
 * Frames of type `card` go through the SDK's event path (fragments, invoke, ack) instead of being
 * dropped; their ack keeps type `card`, matched by the frame's message_id.
 */
function routeCardFrames(client: WSClient): void {
  const internals = client as unknown as WsClientInternals;
  if (typeof internals.handleEventData !== 'function' || typeof internals.sendMessage !== 'function') {
    throw new Error(
      '@larksuiteoapi/node-sdk: WSClient internals changed (handleEventData/sendMessage); check ws-transport.ts against this SDK version',
    );
  }
  const handleEventData = internals.handleEventData.bind(client);
  const sendMessage = internals.sendMessage.bind(client);
  const cardFrames = new Set<string>();
  internals.handleEventData = (frame) => {
    const id = header(frame, 'message_id');
    if (header(frame, 'type') !== 'card' || !id) return handleEventData(frame);
    cardFrames.add(id);
    return handleEventData(withType(frame, 'event'));
  };
  internals.sendMessage = (frame) => {
    const id = header(frame, 'message_id');
    sendMessage(id && cardFrames.delete(id) ? withType(frame, 'card') : frame);
  };
}

/** The SDK's log lines, prefixed, into ours. Its debug level would print the connect URL (a ticket): kept off. */
function sdkLogger(log: (line: string) => void) {
  const line =
    (level: string) =>
    (...parts: unknown[]) =>
      log(
        `lark-ws ${level}: ${parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ')}`,
      );
  return { error: line('error'), warn: line('warn'), info: line('info'), debug: line('debug'), trace: line('trace') };
}

/** Hands each joined frame to `route` and turns its reply into what the SDK acks. */
class EnvelopeDispatcher extends EventDispatcher {
  constructor(
    private readonly o: LongConnectionOptions,
    logger: ReturnType<typeof sdkLogger>,
  ) {
    super({ logger, loggerLevel: LoggerLevel.warn });
  }

  override async invoke(data: unknown): Promise<unknown> {
    // The connection is authenticated by the app secret: a missing verification token is no reason to refuse.
    const header = (data as { header?: Record<string, unknown> } | null)?.header;
    if (header && typeof header === 'object' && header.token === undefined) header.token = '';
    const parsed = EnvelopeV2Schema.safeParse(data);
    if (!parsed.success) {
      // Redelivering it would not make it readable: acked, logged for an operator.
      this.o.log(
        `ws: refused a frame that is not a schema 2.0 event: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
      );
      return undefined;
    }
    const envelope = parsed.data;
    if (envelope.header.app_id && envelope.header.app_id !== this.o.lark.appId) {
      this.o.log(`ws: refused ${envelope.header.event_id}: event for another app`);
      return undefined;
    }
    const reply = await this.o.route(envelope);
    // Thrown, the SDK acks with code 500 and Lark delivers the event again later.
    if (reply.status === 503) throw new Error(`cannot store ${envelope.header.event_id} now`);
    return envelope.header.event_type === 'card.action.trigger' ? reply.body : undefined;
  }
}

export function startLongConnection(o: LongConnectionOptions): LongConnection {
  const backoff = o.backoff ?? { initialMs: 1_000, maxMs: 5 * 60_000 };
  const logger = sdkLogger(o.log);
  const dispatcher = new EnvelopeDispatcher(o, logger);
  let connects = 0;
  let disconnects = 0;
  let connectedAt: Date | undefined;
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const connected = () => {
    connects++;
    failures = 0;
    connectedAt = new Date();
    o.log(`ws: connected to Lark (${connects === 1 ? 'first connection' : `reconnect ${connects - 1}`})`);
  };
  const client = new WSClient({
    appId: o.lark.appId,
    appSecret: o.lark.appSecret,
    domain: o.lark.baseUrl,
    logger,
    loggerLevel: LoggerLevel.warn,
    autoReconnect: true,
    handshakeTimeoutMs: 10_000,
    wsConfig: { pingTimeout: o.pingTimeoutSeconds ?? 30 },
    onReady: connected,
    onReconnected: connected,
    onReconnecting: () => {
      disconnects++;
      o.log('ws: connection to Lark lost, reconnecting');
    },
    onError: (e) => {
      if (closed) return;
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** failures++);
      const wait = Math.round(delay / 2 + (Math.random() * delay) / 2);
      o.log(`ws: Lark long connection gave up (${e.message}); starting again in ${wait} ms`);
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        if (!closed) void client.start({ eventDispatcher: dispatcher });
      }, wait);
    },
  });
  routeCardFrames(client);
  void client.start({ eventDispatcher: dispatcher });

  return {
    status() {
      const sdk = client.getConnectionStatus().state;
      const state: LongConnectionState = closed ? 'closed' : retryTimer ? 'backoff' : sdk;
      return {
        state,
        connected: state === 'connected',
        connects,
        disconnects,
        connectedAt: connectedAt?.toISOString(),
      };
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      client.close({ force: true });
    },
  };
}

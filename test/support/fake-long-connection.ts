/**
 * Lark's long connection (长连接), faked on the fake Lark's port: POST /callback/ws/endpoint hands out
 * a ws:// URL and the client config, and the WebSocket there speaks the SDK's frame protocol, encoded
 * with the SDK's own protobuf definitions (pbbp2.Frame, registered in protobufjs's default root when
 * the SDK loads). What it does, as Lark does (docs: 使用长连接接收事件; the SDK's WSClient):
 *   - answers pings with a pong carrying the client config;
 *   - pushes events as data frames of type `event` (or `card`), split into `sum` fragments when asked;
 *   - reads the client's ack (same headers, payload `{"code": 200, "data": base64(JSON)}`), and keeps
 *     every event without an ack of code 200 to push again on the next connection;
 *   - can drop the connection: after the next ack arrives (the ack is then lost), or after the first
 *     fragment of an event.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeLark } from './fake-lark.js';

const require = createRequire(import.meta.url);
require('@larksuiteoapi/node-sdk');
interface FrameMessage {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}
const { Frame } = (require('protobufjs/minimal') as { roots: Record<string, { pbbp2: { Frame: FrameCodec } }> }).roots
  .default!.pbbp2;
interface FrameCodec {
  encode(m: FrameMessage): { finish(): Uint8Array };
  decode(b: Uint8Array): FrameMessage;
}

const SERVICE_ID = 33554678;
const CONTROL = 0;
const DATA = 1;

export interface LongConnectionAck {
  code: number;
  /** The client's answer (`data`, base64 JSON, decoded): a card callback's toast or card. */
  data?: unknown;
  /** Milliseconds from the last fragment pushed to the ack received. */
  ms: number;
  frameType: string;
}

export interface FakeLongConnection {
  /** Connections accepted so far. */
  connections: number;
  /** Endpoint requests (`{AppID, AppSecret}` checked against the fake Lark's app). */
  endpointRequests: number;
  pings: number;
  isConnected(): boolean;
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Pushes an event (its JSON, whole); resolves with the ack of this push. Rejects when the connection drops first. */
  push(event: object, o?: { fragments?: number; frameType?: 'event' | 'card' }): Promise<LongConnectionAck>;
  /** Event ids pushed and not acked with code 200 yet: pushed again on the next connection. */
  unacked(): string[];
  /** Resolves with the ack of code 200 for `eventId` (now, or once a later push is acked). */
  acked(eventId: string, timeoutMs?: number): Promise<LongConnectionAck>;
  /** Every ack received, by event id (a redelivered event has several). */
  acks: Map<string, LongConnectionAck[]>;
  /** The next ack received is lost: the connection drops as it arrives, and the event stays unacked. */
  loseNextAck(): void;
  /** The next push is cut off after its first fragment: the connection drops mid-event. */
  dropMidNextEvent(): void;
  /** Drops the connection now (as a network failure would). */
  drop(): void;
  /** The next `n` endpoint requests are refused (code 514, as for a wrong app secret). */
  refuseEndpoint(n: number): void;
}

interface Pending {
  eventId: string;
  body: Uint8Array;
  fragments: number;
  frameType: 'event' | 'card';
  waiters: { resolve: (a: LongConnectionAck) => void; reject: (e: Error) => void }[];
}

const randomId = () => randomBytes(8).toString('hex');

export function attachFakeLongConnection(
  fake: FakeLark,
  app: { appId: string; appSecret: string },
  o: { reconnectIntervalS?: number } = {},
): FakeLongConnection {
  const wss = new WebSocketServer({ noServer: true });
  let socket: WebSocket | null = null;
  const pending = new Map<string, Pending>();
  /** Frame message_id → the event it carries and when its last fragment went out. */
  const inFlight = new Map<string, { eventId: string; sentAt: number; frameType: string }>();
  let loseAck = false;
  let dropMid = false;
  let redeliverOnFirstFrame = false;
  let refusals = 0;

  const encode = (m: Partial<FrameMessage>) =>
    Frame.encode({ SeqID: 0, LogID: 0, service: SERVICE_ID, method: DATA, headers: [], ...m }).finish();

  const clientConfig = {
    PingInterval: 120,
    ReconnectCount: -1,
    ReconnectInterval: o.reconnectIntervalS ?? 0.05,
    ReconnectNonce: 0,
  };

  fake.mount('/callback/ws/endpoint', (_req, res, body) => {
    flc.endpointRequests++;
    const b = body as { AppID?: string; AppSecret?: string } | undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (b?.AppID !== app.appId || b?.AppSecret !== app.appSecret || refusals-- > 0) {
      res.end(JSON.stringify({ code: 514, msg: 'auth failed', data: {} }));
      return;
    }
    const url = `${fake.url.replace(/^http/, 'ws')}/ws?device_id=${randomId()}&service_id=${SERVICE_ID}`;
    res.end(JSON.stringify({ code: 0, msg: 'ok', data: { URL: url, ClientConfig: clientConfig } }));
  });

  fake.server.on('upgrade', (req: IncomingMessage, sock, head) => {
    if (!req.url?.startsWith('/ws?')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket?.terminate();
      socket = ws;
      flc.connections++;
      ws.on('message', (raw: Buffer) => onFrame(Frame.decode(new Uint8Array(raw))));
      ws.on('close', () => {
        if (socket === ws) socket = null;
        inFlight.clear();
      });
      redeliverOnFirstFrame = true;
    });
  });

  function onFrame(frame: FrameMessage) {
    // Lark pushes again what was never acked, once the client is listening: the SDK attaches its
    // message listener a tick after 'open' (and pings at once), so a frame pushed at once would be lost.
    if (redeliverOnFirstFrame) {
      redeliverOnFirstFrame = false;
      for (const p of pending.values()) send(p);
    }
    const type = frame.headers.find((h) => h.key === 'type')?.value;
    if (frame.method === CONTROL) {
      if (type === 'ping') {
        flc.pings++;
        socket?.send(
          encode({
            method: CONTROL,
            headers: [{ key: 'type', value: 'pong' }],
            payload: new TextEncoder().encode(JSON.stringify(clientConfig)),
          }),
        );
      }
      return;
    }
    const frameId = frame.headers.find((h) => h.key === 'message_id')?.value ?? '';
    const sent = inFlight.get(frameId);
    if (!sent) return;
    inFlight.delete(frameId);
    if (loseAck) {
      loseAck = false;
      flc.drop();
      return;
    }
    const answer = JSON.parse(new TextDecoder().decode(frame.payload)) as { code: number; data?: string };
    const ack: LongConnectionAck = {
      code: answer.code,
      data: answer.data ? JSON.parse(Buffer.from(answer.data, 'base64').toString('utf8')) : undefined,
      ms: performance.now() - sent.sentAt,
      frameType: frame.headers.find((h) => h.key === 'type')?.value ?? '',
    };
    flc.acks.set(sent.eventId, [...(flc.acks.get(sent.eventId) ?? []), ack]);
    const p = pending.get(sent.eventId);
    if (!p) return;
    if (ack.code === 200) pending.delete(sent.eventId);
    for (const w of p.waiters.splice(0)) w.resolve(ack);
  }

  function send(p: Pending) {
    const ws = socket;
    if (!ws) return;
    const frameId = randomId();
    const size = Math.ceil(p.body.length / p.fragments);
    for (let seq = 0; seq < p.fragments; seq++) {
      const headers = [
        { key: 'type', value: p.frameType },
        { key: 'message_id', value: frameId },
        { key: 'sum', value: String(p.fragments) },
        { key: 'seq', value: String(seq) },
        { key: 'trace_id', value: randomId() },
      ];
      ws.send(encode({ headers, payload: p.body.subarray(seq * size, (seq + 1) * size) }));
      if (dropMid && p.fragments > 1) {
        dropMid = false;
        flc.drop();
        return;
      }
    }
    inFlight.set(frameId, { eventId: p.eventId, sentAt: performance.now(), frameType: p.frameType });
  }

  const flc: FakeLongConnection = {
    connections: 0,
    endpointRequests: 0,
    pings: 0,
    acks: new Map(),
    isConnected: () => socket !== null,
    async waitForConnections(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (flc.connections < n || !socket) {
        if (Date.now() > deadline)
          throw new Error(
            `fake long connection: ${flc.connections} connection(s), wanted ${n}, within ${timeoutMs} ms`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    push(event, po = {}) {
      const eventId = (event as { header?: { event_id?: string } }).header?.event_id ?? randomId();
      const p: Pending = {
        eventId,
        body: new TextEncoder().encode(JSON.stringify(event)),
        fragments: po.fragments ?? 1,
        frameType: po.frameType ?? 'event',
        waiters: [],
      };
      pending.set(eventId, p);
      const acked = new Promise<LongConnectionAck>((resolve, reject) => p.waiters.push({ resolve, reject }));
      send(p);
      return acked;
    },
    unacked: () => [...pending.keys()],
    async acked(eventId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ok = flc.acks.get(eventId)?.find((a) => a.code === 200);
        if (ok && !pending.has(eventId)) return ok;
        if (Date.now() > deadline)
          throw new Error(`fake long connection: no ack for ${eventId} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    loseNextAck() {
      loseAck = true;
    },
    refuseEndpoint(n) {
      refusals = n;
    },
    dropMidNextEvent() {
      dropMid = true;
    },
    drop() {
      const ws = socket;
      socket = null;
      inFlight.clear();
      for (const p of pending.values())
        for (const w of p.waiters.splice(0)) w.reject(new Error(`connection dropped before the ack of ${p.eventId}`));
      ws?.terminate();
    },
  };
  return flc;
}

/**
 * What the fake Lark is started with and what it records: the handle tests and the sandbox hold
 * (messages delivered, cards patched, files uploaded, buzzes, logins) and the switches they turn.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FakeResources, SentResource } from './resources.js';

export type FaultKind = '500' | '429' | 'timeout' | 'close';
export interface FaultConfig {
  ratio: number;
  kinds: FaultKind[];
  seed?: number;
}

export interface FakeLarkOptions {
  appId: string;
  appSecret: string;
  rateLimits?: boolean;
  faults?: FaultConfig;
  /** How many people may still be buzzed with urgent_app (each id in user_id_list uses one). Default: unlimited. */
  urgentQuota?: number;
  /** `expire` in the token response, seconds. Default 7200. */
  tokenTtlSeconds?: number;
  /** Display names returned by user_info, by open_id (default: the open_id). */
  userNames?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body; for multipart, the fields with the file summarised as {name, size, type}. */
  body: unknown;
  time: number;
  /** Filled in when the fake answers (absent for 'timeout'/'close' faults). */
  status?: number;
  code?: number;
  fault?: FaultKind;
}

export interface DeliveredMessage {
  id: string;
  receive_id: string;
  receive_id_type: string;
  /** The chat the message landed in when known (chat_id sends, replies to known messages). */
  chat_id?: string;
  msg_type: string;
  /** `content` parsed from its JSON string. */
  content: unknown;
  uuid?: string;
  reply_to?: string;
  reply_in_thread?: boolean;
  time: number;
}

export interface RecordedPatch {
  message_id: string;
  content: unknown;
  time: number;
}

export interface RecordedFile {
  file_key: string;
  file_type: string;
  file_name: string;
  size: number;
  data: Uint8Array;
  time: number;
}

export interface RecordedUrgent {
  message_id: string;
  user_id_type: string;
  user_id_list: string[];
  invalid_user_id_list: string[];
  time: number;
}

export interface RecordedLogin {
  open_id: string;
  client_id: string;
  redirect_uri: string;
  time: number;
}

export interface FakeLark {
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  messages: DeliveredMessage[];
  patches: RecordedPatch[];
  files: RecordedFile[];
  urgents: RecordedUrgent[];
  tokensIssued: string[];
  setFaults(f: FaultConfig | null): void;
  setRateLimits(on: boolean): void;
  setUrgentQuota(n: number): void;
  /** Invalidates every token issued so far: the next call with one gets 99991663. */
  expireTokens(): void;
  /** Makes `messageId` a message in `chatId` (e.g. one a user sent), so replies to it land in that chat. */
  addUserMessage(messageId: string, chatId: string): void;
  /** A person's file or image message in `chatId`: its bytes are served as the message's resource. */
  addUserFile(messageId: string, chatId: string, resource: SentResource): void;
  /** The sender recalls the message: its resource is no longer served (230110). */
  recallMessage(messageId: string): void;
  /** Resources served so far. */
  resources: FakeResources;
  /** Resolves when predicate(fake) is true; rejects after timeoutMs. */
  waitFor(predicate: (f: FakeLark) => boolean, timeoutMs?: number): Promise<void>;
  /**
   * Who is signed in to Feishu in "the browser": the authorize page approves the app for this person
   * at once (as Feishu does for a signed-in user who already consented). Null: authorize answers 401.
   */
  loginAs(openId: string | null, name?: string): void;
  /** Every user_access_token issued by the OAuth token endpoint. */
  logins: RecordedLogin[];
  /**
   * Serves another endpoint on the fake's port, before the Open API routes (the long connection's
   * endpoint, test/support/fake-long-connection.ts); `body` is the parsed JSON. Its HTTP server, for upgrades:
   */
  mount(path: string, handler: (req: IncomingMessage, res: ServerResponse, body: unknown) => void): void;
  server: Server;
}

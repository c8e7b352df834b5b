/**
 * The fake Lark's IM endpoints, each behind a tenant_access_token and the per-API rate limit:
 * send, reply, update a card, buzz (urgent_app, with its quota), upload a file, and download a
 * resource a person sent. Each checks its parameters the way Lark does and answers Lark's codes.
 */
import type { IncomingMessage } from 'node:http';
import type { TenantTokens } from './auth.js';
import { checkContent } from './content.js';
import type { MessageStore } from './messages.js';
import type { FakeResources } from './resources.js';
import type { RateLimits } from './traffic.js';
import type { FakeLark } from './types.js';
import { LarkError, type Reply, asObj, fieldValidation, hex, invalidParam, success } from './wire.js';

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);
const USER_ID_TYPES = new Set(['open_id', 'user_id', 'union_id']);
const FILE_MAX_BYTES = 30 * 1024 * 1024;
const CARD_UPDATE_DAYS = 14;

type Route = 'create' | 'reply' | 'urgent' | 'patch' | 'upload' | 'resource';
const ROUTES: [string, RegExp, Route][] = [
  ['GET', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/, 'resource'],
  ['POST', /^\/open-apis\/im\/v1\/messages$/, 'create'],
  ['POST', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/, 'reply'],
  ['PATCH', /^\/open-apis\/im\/v1\/messages\/([^/]+)\/urgent_app$/, 'urgent'],
  ['PATCH', /^\/open-apis\/im\/v1\/messages\/([^/]+)$/, 'patch'],
  ['POST', /^\/open-apis\/im\/v1\/files$/, 'upload'],
];

export interface ImRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
  raw: Buffer;
  now: number;
}

function receiveIdShapeOk(type: string, id: string): boolean {
  switch (type) {
    case 'open_id':
      return /^ou_[0-9A-Za-z]+$/.test(id);
    case 'chat_id':
      return /^oc_[0-9A-Za-z]+$/.test(id);
    case 'union_id':
      return /^on_[0-9A-Za-z]+$/.test(id);
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(id);
    default:
      return id.trim().length > 0;
  }
}

function checkUuid(uuid: unknown): string | undefined {
  if (uuid === undefined || uuid === null || uuid === '') return undefined;
  if (typeof uuid !== 'string' || uuid.length > 50)
    throw fieldValidation('uuid', 'uuid must be a string of at most 50 characters');
  return uuid;
}

/** The body of a send or a reply: msg_type and content present, an optional uuid. */
function messageBody(body: unknown): { b: Record<string, unknown>; msgType: string; uuid?: string } {
  const b = asObj(body);
  if (typeof b.msg_type !== 'string' || b.msg_type === '') throw fieldValidation('msg_type', 'msg_type is required');
  if (b.content === undefined || b.content === '') throw fieldValidation('content', 'content is required');
  return { b, msgType: b.msg_type, uuid: checkUuid(b.uuid) };
}

export class ImApi {
  /** Keys of the files uploaded so far: a file message must name one. */
  private readonly uploaded = new Set<string>();
  /** How many people may still be buzzed (each id in user_id_list uses one). */
  urgentQuota: number;

  constructor(
    private readonly tokens: TenantTokens,
    private readonly limits: RateLimits,
    private readonly messages: MessageStore,
    private readonly resources: FakeResources,
    private readonly record: Pick<FakeLark, 'patches' | 'urgents' | 'files'>,
    urgentQuota: number,
  ) {
    this.urgentQuota = urgentQuota;
  }

  /** The reply to an IM request, or null when no IM endpoint has its method and path. */
  async handle(r: ImRequest): Promise<Reply | null> {
    for (const [verb, re, route] of ROUTES) {
      const hit = r.method === verb ? re.exec(r.path) : null;
      if (!hit) continue;
      const pathId = hit[1] ? decodeURIComponent(hit[1]) : '';
      const pathKey = hit[2] ? decodeURIComponent(hit[2]) : '';
      this.tokens.authorize(r.headers, r.now);
      this.limits.app(route, r.now);
      switch (route) {
        case 'resource':
          return this.resource(pathId, pathKey, r);
        case 'create':
          return this.create(r);
        case 'reply':
          return this.reply(pathId, r);
        case 'patch':
          return this.patch(pathId, r);
        case 'urgent':
          return this.urgent(pathId, r);
        case 'upload':
          return this.upload(r);
      }
    }
    return null;
  }

  private resource(messageId: string, key: string, r: ImRequest): Reply {
    const answer = this.resources.serve(messageId, key, r.query.type, this.messages.has(messageId));
    if (!answer.ok) throw new LarkError(answer.status, answer.code, answer.msg);
    return { status: 200, body: null, raw: { data: answer.data, contentType: answer.contentType } };
  }

  private create(r: ImRequest): Reply {
    const type = r.query.receive_id_type;
    if (!type) throw fieldValidation('receive_id_type', 'receive_id_type is required');
    if (!RECEIVE_ID_TYPES.has(type))
      throw fieldValidation('receive_id_type', `receive_id_type must be one of ${[...RECEIVE_ID_TYPES].join(', ')}`);
    const receiveId = asObj(r.body).receive_id;
    if (typeof receiveId !== 'string' || receiveId === '')
      throw fieldValidation('receive_id', 'receive_id is required');
    const { b, msgType, uuid } = messageBody(r.body);
    if (!receiveIdShapeOk(type, receiveId)) throw invalidParam('invalid receive_id');
    const parsed = checkContent(msgType, b.content, this.uploaded);
    return this.messages.deliver({
      receiveIdType: type,
      receiveId,
      chatId: type === 'chat_id' ? receiveId : undefined,
      targetKey: `${type}:${receiveId}`,
      msgType,
      content: b.content as string,
      parsed,
      uuid,
      now: r.now,
    });
  }

  private reply(messageId: string, r: ImRequest): Reply {
    if (!/^om_[0-9A-Za-z_]+$/.test(messageId)) throw invalidParam('invalid message_id');
    const { b, msgType, uuid } = messageBody(r.body);
    const parsed = checkContent(msgType, b.content, this.uploaded);
    const parent = this.messages.get(messageId);
    return this.messages.deliver({
      receiveIdType: 'chat_id',
      receiveId: parent?.chatId ?? '',
      chatId: parent?.chatId,
      targetKey: parent ? parent.targetKey : `reply:${messageId}`,
      msgType,
      content: b.content as string,
      parsed,
      uuid,
      replyTo: messageId,
      replyInThread: b.reply_in_thread === true ? true : undefined,
      now: r.now,
    });
  }

  private patch(messageId: string, r: ImRequest): Reply {
    const b = asObj(r.body);
    if (b.content === undefined || b.content === '') throw fieldValidation('content', 'content is required');
    const target = this.messages.get(messageId);
    if (!target || !target.fromBot) throw invalidParam('invalid message_id');
    if (target.msgType !== 'interactive') throw invalidParam('the message is not a card (msg_type interactive)');
    if (r.now - target.time > CARD_UPDATE_DAYS * 24 * 3600 * 1000)
      throw new LarkError(400, 230031, 'The message has been sent for more than 14 days and cannot be updated.');
    const parsed = checkContent('interactive', b.content, this.uploaded);
    this.limits.target(`message:${messageId}`, r.now);
    target.content = b.content as string;
    this.record.patches.push({ message_id: messageId, content: parsed, time: r.now });
    return success({});
  }

  private urgent(messageId: string, r: ImRequest): Reply {
    const idType = r.query.user_id_type;
    if (!idType || !USER_ID_TYPES.has(idType))
      throw fieldValidation('user_id_type', 'user_id_type must be open_id, user_id or union_id');
    const list = asObj(r.body).user_id_list;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x !== ''))
      throw fieldValidation('user_id_list', 'user_id_list must be a non-empty array of ids');
    const target = this.messages.get(messageId);
    if (!target || !target.fromBot) throw invalidParam('invalid message_id');
    const ids = list as string[];
    const invalid = idType === 'open_id' ? ids.filter((x) => !/^ou_[0-9A-Za-z]+$/.test(x)) : [];
    const valid = ids.filter((x) => !invalid.includes(x));
    if (valid.length > this.urgentQuota) throw new LarkError(400, 230024, 'Reach the upper limit of urgent message.');
    this.urgentQuota -= valid.length;
    this.record.urgents.push({
      message_id: messageId,
      user_id_type: idType,
      user_id_list: ids,
      invalid_user_id_list: invalid,
      time: r.now,
    });
    return success({ invalid_user_id_list: invalid });
  }

  private async upload(r: ImRequest): Promise<Reply> {
    const ct = String(r.headers['content-type'] ?? '');
    if (!ct.startsWith('multipart/form-data'))
      throw new LarkError(400, 234001, 'Invalid request param. ext=content-type must be multipart/form-data');
    let form: FormData;
    try {
      form = await new Request('http://fake.local/upload', {
        method: 'POST',
        headers: { 'content-type': ct },
        body: new Uint8Array(r.raw),
      }).formData();
    } catch {
      throw new LarkError(400, 234001, 'Invalid request param. ext=malformed multipart body');
    }
    const fileType = form.get('file_type');
    const fileName = form.get('file_name');
    const file = form.get('file');
    if (typeof fileType !== 'string' || !FILE_TYPES.has(fileType))
      throw new LarkError(400, 234001, 'Invalid request param. ext=file_type');
    if (typeof fileName !== 'string' || fileName === '')
      throw new LarkError(400, 234001, 'Invalid request param. ext=file_name');
    if (file === null || typeof file === 'string')
      throw new LarkError(400, 234001, 'Invalid request param. ext=file must be a file part');
    const data = new Uint8Array(await file.arrayBuffer());
    if (data.length === 0) throw new LarkError(400, 234001, 'Invalid request param. ext=file is empty');
    if (data.length > FILE_MAX_BYTES) throw new LarkError(400, 234006, 'The file size exceed the max value.');
    const key = `file_v3_${hex(12)}`;
    this.uploaded.add(key);
    this.record.files.push({
      file_key: key,
      file_type: fileType,
      file_name: fileName,
      size: data.length,
      data,
      time: r.now,
    });
    return success({ file_key: key });
  }
}

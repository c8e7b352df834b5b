/**
 * The fake Lark's message resources (获取消息中的资源文件): files and images people "sent" in its chats,
 * served by GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file|image the way Lark
 * serves them — the bytes with HTTP 200, or HTTP 400 with Lark's code:
 *   234001 type missing or not file|image, or no such message;
 *   234003 the key is not a resource of that message ("File not in message.");
 *   230110 the message was recalled or deleted ("Action unavailable as the message has been deleted.");
 *   234037 over 100 MB ("Downloaded file size exceeds limit.").
 */

export interface SentResource {
  key: string;
  type: 'file' | 'image';
  data: Uint8Array;
  /** Content-Type Lark answers with (it tells the type of the bytes). */
  contentType?: string;
}

export type ResourceAnswer =
  | { ok: true; data: Uint8Array; contentType: string }
  | { ok: false; status: number; code: number; msg: string };

const LARK_MAX_BYTES = 100 * 1024 * 1024;

export class FakeResources {
  private readonly byMessage = new Map<string, SentResource>();
  private readonly recalled = new Set<string>();
  /** Every resource served (message id, key), in order: tests count downloads. */
  readonly served: { messageId: string; key: string; time: number }[] = [];

  add(messageId: string, resource: SentResource): void {
    this.byMessage.set(messageId, resource);
  }

  recall(messageId: string): void {
    this.recalled.add(messageId);
  }

  /** `known` says whether the fake has the message at all (a text one, say). */
  serve(messageId: string, key: string, type: string | undefined, known: boolean): ResourceAnswer {
    if (type !== 'file' && type !== 'image')
      return { ok: false, status: 400, code: 234001, msg: 'Invalid request param.' };
    if (this.recalled.has(messageId))
      return { ok: false, status: 400, code: 230110, msg: 'Action unavailable as the message has been deleted.' };
    const r = this.byMessage.get(messageId);
    if (!r && !known) return { ok: false, status: 400, code: 234001, msg: 'Invalid request param.' };
    if (!r || r.key !== key || r.type !== type)
      return { ok: false, status: 400, code: 234003, msg: 'File not in message.' };
    if (r.data.byteLength > LARK_MAX_BYTES)
      return { ok: false, status: 400, code: 234037, msg: 'Downloaded file size exceeds limit.' };
    this.served.push({ messageId, key, time: Date.now() });
    return {
      ok: true,
      data: r.data,
      contentType: r.contentType ?? (type === 'image' ? 'image/png' : 'application/octet-stream'),
    };
  }
}

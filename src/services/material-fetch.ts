/**
 * Keeping a filed material: the outbox's `fetch` rows. Filing a file (materials.ts) queues one row in
 * the same transaction, so the download is as durable as a promised message: the dispatcher claims it
 * under a lease, and a Lark 5xx, a timeout or a storage outage is retried with backoff (on any
 * instance) instead of being lost. Lark's key dies with a recalled message; the stored bytes do not.
 *
 * Outcomes, each recorded on the attachment row:
 *   stored   the bytes are in material storage under their sha256 (the same file twice is kept once);
 *   refused  larger than MATERIALS_MAX_MB, or the bytes are not the type the name says;
 *   lost     Lark no longer serves it (230110 recalled or deleted, 234003 …) or retries ran out.
 * A refused or lost file is filed under nothing again, and its sender is told why, in Chinese.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { attachments, type outbox } from '../../db/schema/index.js';
import type { LarkResult, Messenger } from '../lark/messenger.js';
import type { OutboxJobs } from '../outbox/dispatcher.js';
import { sendTextTo } from './reply.js';
import {
  contentMatches,
  contentTypeOf,
  imageExtensionOf,
  materialExtension,
  megabytes,
  type MaterialExtension,
} from '../materials/kinds.js';
import { sha256Hex, type MaterialStorage } from '../materials/storage.js';

type OutboxRow = typeof outbox.$inferSelect;
type Attachment = typeof attachments.$inferSelect;

/** Lark's "over 100 MB" answer: the file is refused, like one over our own limit. */
const LARK_TOO_LARGE = 234037;
/** Downloads at once per process: each is held in memory (up to MATERIALS_MAX_MB) while it is hashed and stored. */
const CONCURRENT_DOWNLOADS = 2;

export interface MaterialJobOptions {
  storage: MaterialStorage;
  messenger: Messenger;
  maxBytes: number;
  now: () => Date;
}

/** A content-addressed key: identical bytes share one object, and a retried put rewrites the same one. */
export const storageKeyOf = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256}`;

export function materialJobs(o: MaterialJobOptions): OutboxJobs {
  const slots = semaphore(CONCURRENT_DOWNLOADS);

  async function fetch(db: Db, row: OutboxRow): Promise<LarkResult> {
    const { fileKey, attachmentId } = JSON.parse(row.content) as { fileKey: string; attachmentId: number };
    const [file] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
    // Already settled (another instance got there first after a lost lease): nothing left to do.
    if (!file || file.storage !== 'fetching') return { ok: true };
    const type = row.msgType === 'image' ? 'image' : 'file';
    const got = await slots.run(() =>
      o.messenger.downloadResource({ messageId: row.target, fileKey, type, maxBytes: o.maxBytes }),
    );
    if (!got.ok) {
      if (got.code === LARK_TOO_LARGE)
        return settle(db, file, 'refused', `Lark: ${got.message}`, tooLargeText(file.fileName, o.maxBytes));
      return got;
    }
    if (got.tooLarge)
      return settle(db, file, 'refused', `larger than ${o.maxBytes} bytes`, tooLargeText(file.fileName, o.maxBytes));
    const ext: MaterialExtension | null =
      type === 'image' ? imageExtensionOf(got.data) : materialExtension(file.fileName);
    if (!ext || !contentMatches(ext, got.data)) {
      const said = ext ? ext.toUpperCase() : '图片';
      return settle(
        db,
        file,
        'refused',
        `content is not ${said}`,
        `文件“${file.fileName}”的内容不是${said}文件，未能保存，已取消归档。请发送原始文件。`,
      );
    }
    const sha256 = await sha256Hex(got.data);
    const key = storageKeyOf(sha256);
    const contentType = contentTypeOf(ext);
    try {
      await o.storage.put(key, got.data, contentType);
    } catch (e) {
      return { ok: false, retryable: true, message: `material storage (${o.storage.kind}): ${(e as Error).message}` };
    }
    await db
      .update(attachments)
      .set({
        storage: 'stored',
        storageKey: key,
        sha256,
        contentType,
        fileSize: got.data.byteLength,
        storedAt: o.now(),
        storageNote: null,
        // A picture has no name in its message: it gets one once its type is known.
        ...(type === 'image' ? { fileName: `${file.fileName}.${ext}` } : {}),
      })
      .where(and(eq(attachments.id, file.id), eq(attachments.storage, 'fetching')));
    return { ok: true };
  }

  async function gaveUp(db: Db, row: OutboxRow, reason: string): Promise<void> {
    const { attachmentId } = JSON.parse(row.content) as { attachmentId: number };
    const [file] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
    if (file?.storage === 'fetching') await settle(db, file, 'lost', reason, lostText(file.fileName));
  }

  return { fetch, gaveUp };
}

/** Records a refused or lost file, unfiles it and tells its sender; once, however often it is called. */
async function settle(
  db: Db,
  file: Attachment,
  storage: 'refused' | 'lost',
  note: string,
  text: string,
): Promise<LarkResult> {
  await db.transaction(async (tx) => {
    const changed = await tx
      .update(attachments)
      .set({ storage, storageNote: note.slice(0, 500), materialId: null, projectId: null, draftId: null })
      .where(and(eq(attachments.id, file.id), eq(attachments.storage, 'fetching')))
      .returning({ id: attachments.id });
    if (changed.length > 0)
      await sendTextTo(tx, { type: 'open_id', id: file.senderOpenId }, text, {
        dedupeKey: `material-${storage}:${file.id}`,
      });
  });
  return { ok: true };
}

const tooLargeText = (name: string, maxBytes: number) =>
  `文件“${name}”超过 ${megabytes(maxBytes)}，未能保存，已取消归档。请压缩或拆分后重新发送。`;
const lostText = (name: string) =>
  `文件“${name}”已无法从飞书取回（消息可能已撤回），未能保存，已取消归档。请重新发送该文件。`;

/** At most `n` tasks at once; the rest wait their turn. */
function semaphore(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (free > 0) free -= 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free += 1;
      }
    },
  };
}

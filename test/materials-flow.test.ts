/**
 * Materials kept, not just referenced: a file filed under a project is downloaded from its Lark
 * message (the fake Lark serves the bytes), stored with its sha256, size and type, listed on the
 * project's console page and downloadable by those who see the project — and still after the message
 * was recalled. Refused: other types (at once), files over MATERIALS_MAX_MB, bytes that are not what
 * the name says. A download that fails is retried; one Lark no longer serves is reported to the sender.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, outbox, projects, units } from '../db/schema/index.js';
import { packById } from '../src/rules/packs/index.js';
import { consoleCookie } from './support/console-session.js';
import { p2pChat, startTestBot, TEST_APP, type TestBot } from './support/harness.js';
import { imageMessageEvent, newMessageId } from './support/lark-events.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const JZ_USER = 'ou_jzEduZhou';
const PLAN = packById('jinzhai-2022')!
  .projectKinds.find((k) => k.id === 'new_build')!
  .materials.find((m) => m.name.includes('建设方案'))!;

/** A PDF-looking file of `size` bytes with random content (so its hash is its own). */
function pdfBytes(size: number): Uint8Array {
  const data = new Uint8Array(size);
  crypto.getRandomValues(data.subarray(0, Math.min(size, 65_536)));
  data.set(
    [...'%PDF-1.7\n'].map((c) => c.charCodeAt(0)),
    0,
  );
  return data;
}
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function addProject(bot: TestBot, number: string): Promise<number> {
  const [unit] = await bot.database.db
    .select()
    .from(units)
    .where(and(eq(units.name, '县教育局'), eq(units.regionId, 'jinzhai')));
  const [p] = await bot.database.db
    .insert(projects)
    .values({
      number,
      regionId: 'jinzhai',
      policy: 'jinzhai-2022',
      unitId: unit!.id,
      kind: 'new_build',
      name: '智慧校园平台',
      investmentYuan: 500_000,
      fields: {},
      facts: {},
      status: 'in_review',
      createdBy: JZ_USER,
      submittedAt: NOW,
    })
    .returning({ id: projects.id });
  return p!.id;
}

/** Sends a file and files it under the project as 建设方案; returns its attachment row afterwards. */
async function sendAndFile(
  bot: TestBot,
  o: { projectId: number; fileKey: string; fileName: string; data: Uint8Array; recallFirst?: boolean },
) {
  await bot.sendFile({ openId: JZ_USER, fileKey: o.fileKey, fileName: o.fileName, data: o.data });
  const [received] = await bot.database.db.select().from(attachments).where(eq(attachments.fileKey, o.fileKey));
  if (o.recallFirst) bot.fake.recallMessage(received!.messageId);
  const before = bot.fake.messages.length;
  const answer = await bot.tap({
    openId: JZ_USER,
    value: { action: 'material.assign', fileMessageId: received!.messageId },
    formValue: { target: `project:${o.projectId}`, material: PLAN.id },
  });
  expect(answer.toast?.type).toBe('success');
  const [file] = await bot.database.db.select().from(attachments).where(eq(attachments.id, received!.id));
  return { file: file!, told: bot.fake.messages.slice(before) };
}

describe('materials are kept', () => {
  let bot: TestBot;
  let projectId: number;
  const cookies = new Map<string, string>();
  const get = async (openId: string, path: string) => {
    if (!cookies.has(openId)) cookies.set(openId, await consoleCookie(bot, openId));
    return fetch(`${bot.url}${path}`, { headers: { cookie: cookies.get(openId)! }, redirect: 'manual' });
  };
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW, env: { MATERIALS_MAX_MB: '1' } });
    projectId = await addProject(bot, 'JZ-2026-0101');
  });
  afterAll(async () => bot?.close());

  it('a filed file is downloaded, stored by its sha256, listed and served to those who see the project, also after a recall', async () => {
    const data = pdfBytes(300_000);
    const { file } = await sendAndFile(bot, {
      projectId,
      fileKey: 'file_v3_plan0101',
      fileName: '建设方案（定稿）.pdf',
      data,
    });
    expect(file).toMatchObject({
      storage: 'stored',
      sha256: sha256(data),
      fileSize: data.byteLength,
      contentType: 'application/pdf',
      projectId,
      materialId: PLAN.id,
    });
    // Fetched once, from the message it came in, as a file, with the tenant token.
    const fetched = bot.fake.requests.filter((r) => r.path.includes('/resources/'));
    expect(fetched).toHaveLength(1);
    expect(fetched[0]!.path).toBe(`/open-apis/im/v1/messages/${file.messageId}/resources/file_v3_plan0101`);
    expect(fetched[0]!.query).toEqual({ type: 'file' });
    expect(fetched[0]!.headers.authorization).toMatch(/^Bearer t-/);
    // The bytes are on disk under DATA_DIR/materials, content-addressed.
    expect(new Uint8Array(readFileSync(join(bot.runtime.ctx.config.materials.dir, file.storageKey!)))).toEqual(data);

    const link = `/console/projects/JZ-2026-0101/materials/${file.id}`;
    const page = await (await get(JZ_USER, '/console/projects/JZ-2026-0101')).text();
    expect(page).toContain(`href="${link}"`);
    expect(page).toContain('建设方案（定稿）.pdf');

    for (const who of [JZ_USER, 'ou_jzZhbLi', 'ou_adminZhang']) {
      const res = await get(who, link);
      expect(res.status, who).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('建设方案（定稿）.pdf')}`,
      );
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(data);
    }
    // Another region's reviewer does not see the project, so not its files either.
    expect((await get('ou_mdDsjLv', link)).status).toBe(404);
    expect((await get('ou_mdDsjLv', '/console/projects/JZ-2026-0101')).status).toBe(404);
    // Someone of the same region's other unit neither.
    expect((await get('ou_jzWjwFeng', link)).status).toBe(404);

    // The sender recalls the message: Lark no longer serves it, the kept copy still is.
    bot.fake.recallMessage(file.messageId);
    const after = await get(JZ_USER, link);
    expect(after.status).toBe(200);
    expect(new Uint8Array(await after.arrayBuffer())).toEqual(data);
    expect(bot.fake.requests.filter((r) => r.path.includes('/resources/'))).toHaveLength(1);
    // Seven console sign-ins and downloads: more than the default 20 s on a busy two-core machine.
  }, 60_000);

  it('a file recalled before it was kept is reported to its sender and filed under nothing', async () => {
    const { file, told } = await sendAndFile(bot, {
      projectId,
      fileKey: 'file_v3_gone0101',
      fileName: '可研报告.pdf',
      data: pdfBytes(2_000),
      recallFirst: true,
    });
    expect(file).toMatchObject({ storage: 'lost', projectId: null, materialId: null, storageKey: null });
    expect(file.storageNote).toMatch(/230110/);
    expect(told.map((m) => JSON.stringify(m.content)).join()).toContain('已无法从飞书取回');
    expect(await (await get(JZ_USER, '/console/projects/JZ-2026-0101')).text()).not.toContain('可研报告.pdf');
    // Filing it again is refused at once.
    const again = await bot.tap({
      openId: JZ_USER,
      value: { action: 'material.assign', fileMessageId: file.messageId },
      formValue: { target: `project:${projectId}`, material: PLAN.id },
    });
    expect(again.toast).toMatchObject({ type: 'error' });
  });

  it('refuses types outside the regulation’s documents at once, and files over the size limit or not what they claim once fetched', async () => {
    const before = bot.fake.messages.length;
    await bot.sendFile({
      openId: JZ_USER,
      fileKey: 'file_v3_exe0101',
      fileName: 'setup.exe',
      data: new Uint8Array([0x4d, 0x5a, 0x90, 0]),
    });
    const replies = bot.fake.messages.slice(before);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.content)).toContain('pdf、doc、docx、xls、xlsx、ofd、jpg、png、zip');
    expect(await bot.database.db.select().from(attachments).where(eq(attachments.fileKey, 'file_v3_exe0101'))).toEqual(
      [],
    );

    const big = await sendAndFile(bot, {
      projectId,
      fileKey: 'file_v3_big0101',
      fileName: '图纸.pdf',
      data: pdfBytes(1024 * 1024 + 1),
    });
    expect(big.file).toMatchObject({ storage: 'refused', projectId: null, materialId: null });
    expect(big.told.map((m) => JSON.stringify(m.content)).join()).toContain('超过 1 MB');

    const renamed = await sendAndFile(bot, {
      projectId,
      fileKey: 'file_v3_fake0101',
      fileName: '预算表.xlsx',
      data: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]),
    });
    expect(renamed.file).toMatchObject({ storage: 'refused', projectId: null });
    expect(renamed.told.map((m) => JSON.stringify(m.content)).join()).toContain('内容不是XLSX文件');
  });

  it('a download Lark fails is retried from the outbox, not lost', async () => {
    bot.fake.setFaults({ ratio: 1, kinds: ['500'] });
    const first = await sendAndFile(bot, {
      projectId,
      fileKey: 'file_v3_retry0101',
      fileName: '需求说明.docx',
      data: new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 6, 0]),
    }).finally(() => bot.fake.setFaults(null));
    expect(first.file.storage).toBe('fetching');
    const [job] = await bot.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'fetch'), eq(outbox.target, first.file.messageId)));
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job!.lastError).toMatch(/500/);
    await bot.database.db
      .update(outbox)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(outbox.id, job!.id));
    await bot.deliver();
    const [file] = await bot.database.db.select().from(attachments).where(eq(attachments.id, first.file.id));
    expect(file).toMatchObject({
      storage: 'stored',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileSize: 8,
    });
  });

  it('a picture sent to the bot is a material too, named by its type once fetched', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const messageId = newMessageId();
    bot.fake.addUserFile(messageId, p2pChat(JZ_USER), {
      key: 'img_v3_scan0101',
      type: 'image',
      data: png,
      contentType: 'image/png',
    });
    const res = await bot.post(
      imageMessageEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        openId: JZ_USER,
        chatId: p2pChat(JZ_USER),
        chatType: 'p2p',
        messageId,
        imageKey: 'img_v3_scan0101',
      }),
    );
    expect(res.status).toBe(200);
    await bot.deliver();
    const answer = await bot.tap({
      openId: JZ_USER,
      value: { action: 'material.assign', fileMessageId: messageId },
      formValue: { target: `project:${projectId}`, material: PLAN.id },
    });
    expect(answer.toast?.type).toBe('success');
    const [file] = await bot.database.db.select().from(attachments).where(eq(attachments.messageId, messageId));
    expect(file).toMatchObject({
      storage: 'stored',
      resourceType: 'image',
      fileName: '图片.png',
      contentType: 'image/png',
      sha256: sha256(png),
    });
    expect(bot.fake.requests.find((r) => r.path.endsWith('/resources/img_v3_scan0101'))?.query).toEqual({
      type: 'image',
    });
  });
});

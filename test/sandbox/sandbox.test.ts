/**
 * The sandbox as `npm start` runs it with no Feishu app: the built-in fake Lark, the demo directory,
 * and a chat page that drives the bot only through its real webhook.
 */
import { count, eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents, projects, regions, units } from '../../db/schema/index.js';
import type { Database } from '../../db/client.js';
import { createApp } from '../../src/app.js';
import { SandboxChat, p2pChatId } from '../../src/sandbox/chat.js';
import { CardView } from '../../src/sandbox/card-view.js';
import { SANDBOX_APP } from '../../src/sandbox/start.js';
import { SANDBOX_GUEST } from '../../src/sandbox/web.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';
import { validateCardV2 } from '../support/card-schema.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const ZHOU = 'ou_jzEduZhou';

describe('the sandbox (no Feishu app configured)', () => {
  let database: Database;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;
  const logs: string[] = [];

  /** Work after the webhook's answer, then the outbox, delivered to the fake Lark. */
  const deliver = async () => {
    await server.runtime.settle();
    await server.runtime.dispatcher!.drain();
  };
  const post = (path: string, body: object) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const timeline = async (as: string, chat: string) =>
    (await (await fetch(`${base}/sandbox/api/timeline?as=${as}&chat=${chat}`)).json()) as {
      version: string;
      entries: { id: string; rev: number; html: string }[];
    };

  beforeAll(async () => {
    database = await openTestDatabase();
    server = await startServer(
      { PORT: '0', HOST: '127.0.0.1', BACKGROUND_LOOPS: 'off' },
      { database, clock: () => NOW, log: (l) => logs.push(l) },
    );
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('runs against the built-in fake Lark with the sandbox app, encrypted events, and the demo organisation', async () => {
    const { config } = server.runtime.ctx;
    expect(config.sandbox).toBe(true);
    expect(config.lark).toMatchObject({
      appId: SANDBOX_APP.appId,
      encryptKey: SANDBOX_APP.encryptKey,
      baseUrl: server.sandbox!.fake.url,
    });
    expect(server.sandbox!.fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await database.db.select().from(regions)).map((r) => r.id).sort()).toEqual([
      'gaoping',
      'huaian',
      'jinzhai',
      'mudan',
    ]);
    expect(logs.filter((l) => l.includes('未配置飞书应用'))).toHaveLength(1);
    expect(logs.join('\n')).toContain('/sandbox');
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/sandbox');
  });

  it('the landing page lists who you can be, from the directory', async () => {
    const page = await (await fetch(`${base}/sandbox`)).text();
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of ['ou_adminZhang', ZHOU, 'ou_jzZhbLi', 'ou_jzGovChen', 'ou_haWxbSong', SANDBOX_GUEST])
      expect(page).toContain(`data-person="${id}"`);
    expect(page).toContain('县智慧办（审核部门）成员');
  });

  it('typing goes through the webhook as an encrypted, signed event; the reply is what the fake Lark received', async () => {
    const before = (await database.db.select({ n: count() }).from(inboundEvents))[0]!.n;
    expect((await post('/sandbox/api/say', { as: ZHOU, chat: p2pChatId(ZHOU), text: '申报' })).status).toBe(200);
    await deliver();
    expect((await database.db.select({ n: count() }).from(inboundEvents))[0]!.n).toBe(before + 1);
    const sent = server.sandbox!.fake.messages.filter((m) => m.chat_id === p2pChatId(ZHOU) || m.receive_id === ZHOU);
    expect(sent.some((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('declare.kind'))).toBe(
      true,
    );
    const t = await timeline(ZHOU, p2pChatId(ZHOU));
    expect(t.entries[0]!.html).toContain('申报');
    expect(t.entries.at(-1)!.html).toContain('金寨县政务信息化项目申报');
    // Same version → nothing to send again.
    expect(await timeline(ZHOU, p2pChatId(ZHOU)).then((x) => x.version)).toBe(t.version);
    const unchanged = (await (
      await fetch(`${base}/sandbox/api/timeline?as=${ZHOU}&chat=${p2pChatId(ZHOU)}&v=${t.version}`)
    ).json()) as { entries?: unknown };
    expect(unchanged.entries).toBeUndefined();
  });

  it('an event signed with another key is refused by the webhook: the sandbox has no back door', async () => {
    const forged = new SandboxChat({ fake: server.sandbox!.fake, app: { ...SANDBOX_APP, encryptKey: 'not-the-key' } });
    const app = createApp(server.runtime.ctx);
    forged.attach((req) => Promise.resolve(app.fetch(req)));
    const r = await forged.say({ openId: ZHOU, chatId: p2pChatId(ZHOU), chatType: 'p2p', text: '申报' });
    expect([400, 401]).toContain(r.status);
  });

  it('tapping a button sends card.action.trigger; the callback’s card replaces the card in place', async () => {
    const t = await timeline(ZHOU, p2pChatId(ZHOU));
    const cardEntry = t.entries.at(-1)!;
    const button = /<button[^>]*data-value="([^"]*&quot;kind&quot;:&quot;new_build&quot;[^"]*)"/.exec(cardEntry.html)!;
    const value = JSON.parse(button[1]!.replace(/&quot;/g, '"'));
    const res = (await (
      await post('/sandbox/api/tap', { as: ZHOU, chat: p2pChatId(ZHOU), messageId: cardEntry.id, value })
    ).json()) as { card: boolean };
    expect(res.card).toBe(true);
    const after = await timeline(ZHOU, p2pChatId(ZHOU));
    const updated = after.entries.find((e) => e.id === cardEntry.id)!;
    expect(updated.rev).toBe(1);
    expect(updated.html).toMatch(/<input type="text" name="head"/);
    expect(updated.html).toContain('已更新');

    // Submitting the form with a wrong phone: the card comes back with the message, what was typed kept.
    const form = /<button[^>]*data-value="([^"]*)"[^>]*data-name="btn__next"/.exec(updated.html)!;
    const next = JSON.parse(form[1]!.replace(/&quot;/g, '"'));
    await post('/sandbox/api/tap', {
      as: ZHOU,
      chat: p2pChatId(ZHOU),
      messageId: cardEntry.id,
      value: next,
      name: 'btn__next',
      formValue: { head: '张三', phone: '12345', declared_on: '2026-11-23 +0800' },
    });
    const again = (await timeline(ZHOU, p2pChatId(ZHOU))).entries.find((e) => e.id === cardEntry.id)!;
    expect(again.rev).toBe(2);
    expect(again.html).toContain('联系电话');
    expect(again.html).toMatch(/name="phone" value="12345"/);
  });

  it('in a unit’s group the message @-mentions the bot; someone outside the directory is told who to ask', async () => {
    await post('/sandbox/api/say', { as: ZHOU, chat: 'oc_jzEduGroup', text: '我的项目' });
    await deliver();
    const group = await timeline(ZHOU, 'oc_jzEduGroup');
    expect(group.entries.some((e) => e.html.includes('sb-msg bot'))).toBe(true);
    // A chat that is not one of theirs falls back to their chat with the bot.
    await post('/sandbox/api/say', { as: 'ou_haGajDeng', chat: 'oc_jzEduGroup', text: '帮助' });
    await deliver();
    expect((await timeline('ou_haGajDeng', p2pChatId('ou_haGajDeng'))).entries.length).toBeGreaterThan(1);

    await post('/sandbox/api/say', { as: SANDBOX_GUEST, chat: p2pChatId(SANDBOX_GUEST), text: '申报' });
    await deliver();
    const guest = await timeline(SANDBOX_GUEST, p2pChatId(SANDBOX_GUEST));
    expect(guest.entries.at(-1)!.html).toMatch(/管理员|县智慧办|单位/);
  });

  it('a file sent becomes a material; a 申报表 the bot uploads can be downloaded from the chat', async () => {
    await post('/sandbox/api/file', { as: ZHOU, chat: p2pChatId(ZHOU), fileName: '建设方案.pdf' });
    await deliver();
    const t = await timeline(ZHOU, p2pChatId(ZHOU));
    expect(t.entries.some((e) => e.html.includes('📎 建设方案.pdf'))).toBe(true);
    expect(t.entries.at(-1)!.html).toMatch(/data-lk-tag="select_static"/);

    const [unit] = await database.db.select().from(units).where(eq(units.name, '县教育局'));
    await database.db.insert(projects).values({
      number: 'JZ-2026-0900',
      regionId: 'jinzhai',
      policy: 'jinzhai-2022',
      unitId: unit!.id,
      kind: 'new_build',
      name: '沙盒测试项目',
      investmentYuan: 500_000,
      fields: {
        project_name: '沙盒测试项目',
        applicant: '县教育局',
        head: '张三',
        investment_wan: '50',
        funding_fiscal_wan: '50',
      },
      facts: {},
      status: 'submitted',
      createdBy: ZHOU,
      submittedAt: NOW,
    });
    await post('/sandbox/api/say', { as: ZHOU, chat: p2pChatId(ZHOU), text: '导出申报表 JZ-2026-0900' });
    await deliver();
    const last = (await timeline(ZHOU, p2pChatId(ZHOU))).entries.at(-1)!;
    const href = /href="(\/sandbox\/files\/[^"]+)"/.exec(last.html)![1]!;
    expect(last.html).toContain('JZ-2026-0900-申报表.docx');
    const res = await fetch(`${base}${href}`);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('JZ-2026-0900-申报表.docx'));
    const xml = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!);
    expect(xml).toContain('沙盒测试项目');
    expect((await fetch(`${base}/sandbox/files/nope`)).status).toBe(404);
  });

  it('the chat page itself: picker, chats, chips, the timeline server-rendered', async () => {
    const page = await (await fetch(`${base}/sandbox?as=${ZHOU}`)).text();
    expect(page).toContain('<option value="oc_jzEduGroup">县教育局工作群</option>');
    expect(page).toContain('data-say="申报"');
    expect(page).toContain('data-lk-card=');
    expect(page).toContain(`data-as="${ZHOU}"`);
  });

  it('every card the bot sent is valid Card JSON 2.0 and renders without unknown components', async () => {
    const cards = server.sandbox!.fake.messages.filter((m) => m.msg_type === 'interactive');
    expect(cards.length).toBeGreaterThan(3);
    for (const m of cards) {
      expect(validateCardV2(m.content)).toEqual([]);
      const out = String(await CardView({ card: m.content, messageId: m.id }).toString());
      expect(out).not.toContain('lk-unknown');
    }
  });
});

/**
 * Property-based fuzzing of POST /lark/events (fast-check): whatever arrives — malformed JSON,
 * wrong types in a validly signed event, huge strings, wrong signatures, stale or forged card
 * values, SQL and markdown injection in form fields — the webhook answers without a 5xx, no handler
 * crashes, a refused request writes nothing, and user text reaches cards escaped.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../cards/markdown.js';
import { drafts, projects } from '../../db/schema/index.js';
import { encryptLarkPayload, larkSignature } from '../../src/lark/crypto.js';
import { CARD_ACTIONS } from '../../src/registry.js';
import { declarationForm } from '../../src/declaration/index.js';
import { packById } from '../../src/rules/packs/index.js';
import { buttonBy, cardText } from '../support/card-driver.js';
import { validateCardV2 } from '../support/card-schema.js';
import { answerCard, submitForm, validAnswer } from '../support/declare.js';
import { startTestBot, TEST_APP, type TestBot } from '../support/harness.js';
import { cardActionEvent, messageReceiveEvent, newEventId, newMessageId } from '../support/lark-events.js';
import { testDbKind } from '../support/db.js';
import { eq } from 'drizzle-orm';
import { approvalTasks } from '../../db/schema/index.js';
import { declareProject } from '../support/declare.js';
import { rowCounts, stateFingerprint } from './support.js';

const common = { token: TEST_APP.verificationToken, appId: TEST_APP.appId };
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

async function postRaw(bot: TestBot, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${bot.url}/lark/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

async function signedHeaders(rawBody: string, o: { encryptKey?: string } = {}): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = Math.random().toString(36).slice(2);
  return {
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': await larkSignature({
      timestamp,
      nonce,
      encryptKey: o.encryptKey ?? TEST_APP.encryptKey,
      rawBody,
    }),
  };
}

/** Encrypts and signs a payload the way Lark does. */
async function sealed(payload: unknown): Promise<{ body: string; headers: Record<string, string> }> {
  const body = JSON.stringify({
    encrypt: await encryptLarkPayload(
      TEST_APP.encryptKey,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
    ),
  });
  return { body, headers: await signedHeaders(body) };
}

/** The text of every markdown element of a card: where user text must arrive escaped (inputs show plain text). */
function markdownOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if ((o.tag === 'markdown' || o.tag === 'lark_md') && typeof o.content === 'string') out.push(o.content);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(card);
  return out;
}

/** A handler that threw on input it accepted, or the app's 500 handler: what "never a crash" excludes. */
const crashLines = (bot: TestBot) =>
  bot.logs.filter((l) => /will retry|card action .* failed|^http: .* failed/.test(l));

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
  fc.string({ minLength: 3_000, maxLength: 20_000 }),
  fc.constantFrom(
    "'; drop table projects; --",
    '" or 1=1 --',
    '<at id=all></at>',
    '**粗体**[链接](http://evil.example)',
    '\u0000',
    '\ud800',
    '${7*7}',
    '../../etc/passwd',
  ),
);

describe(`webhook fuzzing (${testDbKind})`, () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => new Date('2026-11-23T02:00:00Z') });
  });
  afterAll(async () => bot?.close());
  beforeEach(() => {
    bot.logs.length = 0;
  });

  it('arbitrary bodies, signed or not, encrypted or not: never a 5xx, nothing stored', {
    timeout: 120_000,
  }, async () => {
    const before = await rowCounts(bot.database.db);
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ minLength: 100_000, maxLength: 300_000 }),
      fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.string().map((s) => JSON.stringify({ encrypt: s })),
      fc.base64String({ minLength: 32, maxLength: 400 }).map((s) => JSON.stringify({ encrypt: s })),
      fc.jsonValue().map((v) => JSON.stringify({ schema: '2.0', header: v, event: v })),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('none', 'valid', 'wrong'), fc.boolean(), async (raw, sig, encryptIt) => {
        let wire = raw;
        if (encryptIt) wire = JSON.stringify({ encrypt: await encryptLarkPayload(TEST_APP.encryptKey, raw) });
        const headers =
          sig === 'none'
            ? {}
            : sig === 'valid'
              ? await signedHeaders(wire)
              : await signedHeaders(wire, { encryptKey: 'not-the-key' });
        const res = await postRaw(bot, wire, headers);
        await res.arrayBuffer();
        expect(res.status, wire.slice(0, 200)).toBeLessThan(500);
        expect([200, 400, 401, 413]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
    await bot.runtime.settle();
    expect(await rowCounts(bot.database.db)).toEqual(before);
    expect(crashLines(bot)).toEqual([]);
  });

  it('a valid event with a bad signature, a wrong token, another app or a replayed signature: 401, nothing stored', {
    timeout: 120_000,
  }, async () => {
    const before = await rowCounts(bot.database.db);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('signature', 'token', 'app', 'nonce', 'timestamp', 'missing'),
        fc.string({ maxLength: 80 }),
        async (what, junk) => {
          const event = messageReceiveEvent({
            ...common,
            openId: 'ou_jzEduZhou',
            chatId: 'oc_fuzz',
            chatType: 'p2p',
            messageId: newMessageId(),
            text: '帮助',
          });
          if (what === 'token') event.header.token = `${junk}x`;
          if (what === 'app') event.header.app_id = `cli_${junk}x`;
          const { body, headers } = await sealed(event);
          if (what === 'signature') headers['x-lark-signature'] = junk.length ? junk : 'deadbeef';
          if (what === 'nonce') headers['x-lark-request-nonce'] = `${headers['x-lark-request-nonce']}${junk}x`;
          if (what === 'timestamp')
            headers['x-lark-request-timestamp'] = `${Number(headers['x-lark-request-timestamp']) + 1}`;
          if (what === 'missing') delete headers['x-lark-signature'];
          const res = await postRaw(bot, body, headers);
          await res.arrayBuffer();
          expect(res.status).toBe(401);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await rowCounts(bot.database.db)).toEqual(before);
  });

  it('validly signed events with wrong types and huge strings: never a 5xx, never a handler crash', {
    timeout: 180_000,
  }, async () => {
    const paths = [
      ['header', 'event_id'],
      ['header', 'event_type'],
      ['header', 'create_time'],
      ['event', 'sender'],
      ['event', 'sender', 'sender_id'],
      ['event', 'sender', 'sender_id', 'open_id'],
      ['event', 'sender', 'sender_type'],
      ['event', 'message'],
      ['event', 'message', 'message_id'],
      ['event', 'message', 'chat_id'],
      ['event', 'message', 'chat_type'],
      ['event', 'message', 'message_type'],
      ['event', 'message', 'content'],
      ['event', 'message', 'mentions'],
      ['event'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        weird,
        fc.constantFrom('text', 'file', 'image'),
        async (path, value, type) => {
          const event = messageReceiveEvent({
            ...common,
            openId: 'ou_jzEduZhou',
            chatId: 'oc_fuzz',
            chatType: 'p2p',
            messageId: newMessageId(),
            text: '帮助',
          }) as unknown as Record<string, unknown>;
          (event.event as { message: { message_type: string } }).message.message_type = type;
          let node = event as Record<string, unknown>;
          for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
          node[path.at(-1)!] = value;
          const { body, headers } = await sealed(event);
          const before = await rowCounts(bot.database.db, ['inbound_events']);
          const res = await postRaw(bot, body, headers);
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
          if (res.status !== 200) expect(await rowCounts(bot.database.db, ['inbound_events'])).toEqual(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    await bot.runtime.settle();
    expect(crashLines(bot)).toEqual([]);
  });

  it('event types and card actions named like Object.prototype members find no handler', async () => {
    const names = [
      'constructor',
      'toString',
      'valueOf',
      'hasOwnProperty',
      '__proto__',
      '__defineGetter__',
      'isPrototypeOf',
    ];
    const before = await rowCounts(bot.database.db);
    for (const name of names) {
      const event = messageReceiveEvent({
        ...common,
        openId: 'ou_jzEduZhou',
        chatId: 'oc_fuzz',
        chatType: 'p2p',
        messageId: newMessageId(),
        text: '帮助',
      });
      event.header.event_type = name;
      const res = await bot.post(event);
      expect(res.status, name).toBe(200);
      const tap = await bot.post(
        cardActionEvent({
          ...common,
          openId: 'ou_jzEduZhou',
          value: { action: name },
          messageId: newMessageId(),
          chatId: 'oc_fuzz',
        }),
      );
      expect(tap.status, name).toBe(200);
      // The honest "no such button" toast, never a handler's answer (nor the app context serialised).
      expect(await tap.json()).toEqual({ toast: { type: 'error', content: '这个按钮已失效，请重新发送指令。' } });
    }
    await bot.runtime.settle();
    expect(await rowCounts(bot.database.db)).toEqual(before);
    expect(crashLines(bot)).toEqual([]);
  });

  it('message text with injections and odd characters: handled (no crash), cards valid, user text escaped', {
    timeout: 180_000,
  }, async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
      fc.constantFrom(
        "金寨 合同签了几天内要备案'; drop table projects; --",
        '进度 <at id=all></at>',
        '导出申报表 JZ-2026-0001 **加急**',
        '催办 [点我](http://evil.example)',
        '报告进展 ${jndi:ldap://x}',
        '绑定单位 <font color="red">教育局</font>',
        '整改 JZ-2026-0001 \u202e反转',
        '设置代理 2026-01-01 至 2025-01-01',
      ),
      fc.string({ minLength: 2_000, maxLength: 20_000 }),
    );
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('ou_jzEduZhou', 'ou_jzZhbLi', 'ou_adminZhang', 'ou_nobodyfuzz'),
        fc.constantFrom('p2p', 'group'),
        async (t, openId, chatType) => {
          const before = bot.fake.messages.length;
          const chatId = chatType === 'p2p' ? `oc_p2p${openId.slice(3)}` : 'oc_jzEduGroup';
          const messageId = newMessageId();
          bot.fake.addUserMessage(messageId, chatId);
          const res = await bot.post(
            messageReceiveEvent({
              ...common,
              openId,
              chatId,
              chatType,
              messageId,
              text: t,
              mentionBot: chatType === 'group',
            }),
          );
          expect(res.status).toBe(200);
          await bot.deliver();
          for (const m of bot.fake.messages.slice(before)) {
            if (m.msg_type !== 'interactive') continue;
            expect(validateCardV2(m.content as object)).toEqual([]);
            // Whatever of the user's text the card repeats, it repeats escaped.
            const markdown = markdownOf(m.content).join('\n');
            for (const dangerous of [
              '<at id=all></at>',
              '[点我](http://evil.example)',
              '<font color="red">',
              '**加急**',
            ])
              if (t.includes(dangerous)) expect(markdown.includes(dangerous), markdown).toBe(false);
          }
        },
      ),
      { numRuns: RUNS },
    );
    await bot.runtime.settle();
    expect(crashLines(bot)).toEqual([]);
  });

  it('SQL and markdown injection typed into the declaration form: stored as typed, shown escaped', {
    timeout: 240_000,
  }, async () => {
    const payload = fc.oneof(
      fc.constantFrom(
        "智慧校园'); delete from projects; --",
        'Robert"); DROP TABLE drafts;--',
        '**紧急** [点击领取](http://evil.example) <at id=all></at>',
        '<font color="red">红头文件</font> `code` ~~删除~~ # 标题',
        "1' or '1'='1",
        '\\u0000\\n| 表格 | 注入 |',
      ),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
    );
    const pack = packById('jinzhai-2022')!;
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const user = 'ou_jzEduZhou';
        const out = await bot.say({ openId: user, text: '申报' });
        const kindCard = out.find(
          (m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('declare.kind'),
        )!.content as object;
        const kindButton = buttonBy(kindCard, (b) => b.value.action === 'declare.kind');
        const form = declarationForm(pack, String(kindButton.value.kind));
        let card = answerCard(await bot.tap({ openId: user, value: kindButton.value }));
        let typedName = '';
        for (const step of form.steps) {
          const typed: Record<string, string> = {};
          for (const f of step.fields) {
            if (f.readonly || f.computed) continue;
            const free = f.type === 'text' || f.type === 'long_text' || f.type === undefined;
            typed[f.id] = free
              ? f.role === 'project_name'
                ? (typedName = `项目${p}`.slice(0, 60))
                : `${p}`
              : validAnswer(f, '150');
          }
          const answer = await submitForm(
            bot,
            user,
            card,
            typed,
            (v) => v.action === 'declare.step' && v.nav === 'next',
          );
          // A value the form refuses (too long, empty after trimming…) comes back as the same step with an error: fine.
          card = answerCard(answer);
          expect(validateCardV2(card)).toEqual([]);
        }
        // Every markdown element shows user text escaped: no raw mention, link or emphasis from it.
        const markdown = markdownOf(card).join('\n');
        if (/[<*[\]`~#|]/.test(p)) expect(markdown.includes(p), markdown).toBe(false);
        const [draft] = await bot.database.db
          .select()
          .from(drafts)
          .where(eq(drafts.ownerOpenId, user))
          .orderBy(drafts.id)
          .then((r) => r.slice(-1));
        const values = draft!.values as Record<string, string>;
        const nameField = form.steps.flatMap((s) => s.fields).find((f) => f.role === 'project_name')!;
        if (values[nameField.id] !== undefined && typedName) {
          // Stored exactly as typed (trimmed), and what the card says reads the same after unescaping.
          expect(values[nameField.id]).toBe(typedName.trim());
          expect(cardText(card)).toContain(typedName.trim());
        }
        expect(escapeMarkdown(p).length).toBeGreaterThanOrEqual(p.length);
      }),
      { numRuns: Math.max(6, Math.floor(RUNS / 6)) },
    );
    // The tables are all still there and intact.
    expect((await rowCounts(bot.database.db)).projects).toBeGreaterThanOrEqual(0);
    await bot.database.db.select().from(projects).limit(1);
    expect(crashLines(bot)).toEqual([]);
  });

  it('stale and forged card values from people who may not act: a toast, never a 5xx, never a crash, nothing changed', {
    timeout: 240_000,
  }, async () => {
    // Real objects to forge against: a project in review with its tasks, its applicant's draft,
    // a decided (stale) task.
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const [project] = await bot.database.db.select().from(projects).where(eq(projects.number, number));
    const tasks = await bot.database.db.select().from(approvalTasks).where(eq(approvalTasks.projectId, project!.id));
    await bot.say({ openId: 'ou_jzEduZhou', text: '申报' });
    const draftIds = (await bot.database.db.select({ id: drafts.id }).from(drafts)).map((d) => d.id);
    const tokens = tasks.map((t) => t.token);
    const ids = fc.oneof(
      fc.constantFrom(...draftIds, project!.id, 1, 2, 3, 0, -1),
      fc.integer(),
      fc.string({ maxLength: 30 }),
      weird,
    );
    const value = fc.record(
      {
        action: fc.constantFrom(
          ...Object.keys(CARD_ACTIONS).filter(
            (a) => !['help.show', 'declare.start', 'qa.region', 'qa.feedback', 'project.export'].includes(a),
          ),
          'constructor',
          'toString',
          'approval.urge',
        ),
        draftId: ids,
        version: fc.oneof(fc.nat(5), weird),
        step: fc.oneof(fc.nat(6), weird),
        nav: fc.constantFrom('next', 'prev', 'save', 'bogus'),
        kind: fc.oneof(fc.constantFrom('new_build', 'operation', 'x'), weird),
        task: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 40 }), weird),
        decision: fc.constantFrom('approve', 'return', 'reject', 'grant', 'refuse', 'maybe'),
        deadlineId: ids,
        requestId: ids,
        rectificationId: ids,
        projectId: ids,
        fileMessageId: fc.oneof(fc.constantFrom('om_x'), weird),
        number: fc.oneof(fc.constant(number), weird),
        rung: ids,
        mode: fc.constantFrom('open', 'upload', 'submit', 'x'),
      },
      { requiredKeys: ['action'] },
    );
    const formValue = fc.dictionary(
      fc.constantFrom(
        'comment',
        'amount_wan',
        'fund_channel',
        'delegate_to',
        'delegate_note',
        'target',
        'material',
        'until',
        'reason',
        'report_text',
        'review_reason',
        'event',
        'date',
        'project_name',
      ),
      weird,
      { maxKeys: 6 },
    );
    // Nobody here may act on any of these objects: another region's unit member and officials, an
    // admin (no approval powers), a stranger, and the project's own unit colleague (not the drafts' owner, not an assignee).
    const operator = fc.constantFrom(
      'ou_mdScjGao',
      'ou_haWxbSong',
      'ou_gpSpjPeng',
      'ou_adminZhang',
      'ou_strangerfuzz',
      'ou_jzWjwFeng',
    );
    const before = await stateFingerprint(bot.database.db);
    await fc.assert(
      fc.asyncProperty(value, fc.option(formValue), operator, async (v, form, openId) => {
        const res = await bot.post(
          cardActionEvent({
            ...common,
            openId,
            value: v,
            ...(form ? { formValue: form } : {}),
            messageId: newMessageId(),
            chatId: `oc_p2p${openId.slice(3)}`,
            eventId: newEventId(),
          }),
        );
        expect(res.status).toBe(200);
        const answer = (await res.json()) as { toast?: { type: string }; card?: { data: object } };
        expect(answer.toast?.type === 'success', JSON.stringify({ v, openId, answer }).slice(0, 500)).toBe(false);
        if (answer.card) expect(validateCardV2(answer.card.data)).toEqual([]);
      }),
      { numRuns: RUNS * 3 },
    );
    await bot.runtime.settle();
    expect(await stateFingerprint(bot.database.db)).toBe(before);
    expect(crashLines(bot)).toEqual([]);
  });
});

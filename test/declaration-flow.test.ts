import { count, eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, drafts, projects } from '../db/schema/index.js';
import { declarationForm } from '../src/declaration/index.js';
import { packById } from '../src/rules/packs/index.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText, formInputs, formValue } from './support/card-driver.js';
import { p2pChat, startTestBot, TEST_APP, type TapAnswer, type TestBot } from './support/harness.js';
import { validAnswer } from './support/declare.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // 10:00 in Shanghai
const JZ_USER = 'ou_jzEduZhou';

function onlyCard(messages: { msg_type: string; content: unknown }[]): object {
  const cards = messages.filter((m) => m.msg_type === 'interactive');
  expect(cards).toHaveLength(1);
  expect(validateCardV2(cards[0]!.content)).toEqual([]);
  return cards[0]!.content as object;
}

function answerCard(answer: TapAnswer): object {
  expect(answer.card?.type).toBe('raw');
  expect(validateCardV2(answer.card!.data)).toEqual([]);
  return answer.card!.data;
}

/** Submits the form of `card` with the button whose value.nav (or action) matches. */
async function submit(
  bot: TestBot,
  openId: string,
  card: object,
  typed: Record<string, unknown>,
  which: (v: Record<string, unknown>) => boolean,
) {
  const button = buttonBy(card, (b) => b.submitsForm && which(b.value));
  return bot.tap({ openId, value: button.value, formValue: formValue(card, typed) });
}
const next = (v: Record<string, unknown>) => v.action === 'declare.step' && v.nav === 'next';

describe('declaring a project', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW });
  });
  afterAll(async () => bot.close());

  it('the kind may come from a select on the card; a kind that is no text is no choice', async () => {
    const cardOut = onlyCard(await bot.say({ openId: JZ_USER, text: '申报' }));
    const { kind: _kind, ...value } = buttonBy(cardOut, (b) => b.value.kind === 'new_build').value;
    expect(await bot.tap({ openId: JZ_USER, value, formValue: { kind: ['new_build'] } })).toEqual({
      toast: { type: 'error', content: '请选择项目类型。' },
    });
    const card = answerCard(await bot.tap({ openId: JZ_USER, value, formValue: { kind: 'new_build' } }));
    expect(cardText(card)).toContain('县教育局');
  });

  it('金寨: 申报 → kind → 附件1 in two steps with every validation message → review → submit once', async () => {
    const cardOut = onlyCard(await bot.say({ openId: JZ_USER, text: '申报' }));
    expect(cardText(cardOut)).toContain('金寨');
    let card = answerCard(
      await bot.tap({ openId: JZ_USER, value: buttonBy(cardOut, (b) => b.value.kind === 'new_build').value }),
    );
    // Step 1: unit from the directory, date today in Shanghai.
    expect(cardText(card)).toContain('县教育局');
    expect(formInputs(card).find((i) => i.name === 'declared_on')?.initial).toBe('2026-11-23');

    // Everything wrong at once: each field named with what is wrong; what was typed is kept.
    card = answerCard(
      await submit(
        bot,
        JZ_USER,
        card,
        {
          head: '',
          contact: '王五',
          phone: '12345',
          email: 'wang@',
          project_name: '智慧教育平台',
          construction_period: '2026年10月至2027年02月',
        },
        next,
      ),
    );
    const errors = cardText(card);
    expect(errors).toContain('请填写负责人');
    expect(errors).toMatch(/联系电话/);
    expect(errors).toMatch(/电子邮箱/);
    expect(errors).toMatch(/建设年度/);
    expect(formInputs(card).find((i) => i.name === 'phone')?.initial).toBe('12345');
    expect(formInputs(card).find((i) => i.name === 'email')?.initial).toBe('wang@');
    expect(await bot.database.db.select({ n: count() }).from(projects)).toEqual([{ n: 0 }]);

    card = answerCard(
      await submit(
        bot,
        JZ_USER,
        card,
        {
          head: '张三',
          contact: '王五',
          phone: '0564-5222333',
          email: 'wang@example.cn',
          project_name: '智慧教育平台',
          construction_period: '2026年03月至2026年12月',
        },
        next,
      ),
    );
    expect(cardText(card)).toContain('第2步');

    // Step 2: funds must add up; the description is limited to 200 characters, not bytes.
    const tooLong = '建'.repeat(201);
    card = answerCard(
      await submit(
        bot,
        JZ_USER,
        card,
        { investment_wan: '100', funding_fiscal_wan: '60', funding_self_wan: '30', basis_and_content: tooLong },
        next,
      ),
    );
    expect(cardText(card)).toMatch(/资金/);
    expect(cardText(card)).toMatch(/200/);
    card = answerCard(await submit(bot, JZ_USER, card, { investment_wan: '-1' }, next));
    expect(cardText(card)).toMatch(/投资额/);
    card = answerCard(await submit(bot, JZ_USER, card, { investment_wan: '12.34567' }, next));
    expect(cardText(card)).toMatch(/4位小数/);

    // Data opened only to one enterprise is a blocker of 第八条 (an own machine room is only a warning).
    const review = answerCard(
      await submit(
        bot,
        JZ_USER,
        card,
        {
          investment_wan: '100',
          funding_fiscal_wan: '70',
          funding_self_wan: '30',
          funding_bank_loan_wan: '',
          funding_other_wan: '',
          basis_and_content: '依据教育信息化规划，建设智慧教育平台，数据仅向特定企业开放。',
          fact_plansOwnHardware: 'false',
          fact_hasExistingSystem: 'false',
        },
        next,
      ),
    );
    expect(cardText(review)).toContain('第八条');
    const blocked = await bot.tap({
      openId: JZ_USER,
      value: buttonBy(review, (b) => b.value.action === 'declare.submit' || b.value.action === 'declare.edit').value,
    });
    if (blocked.toast) expect(blocked.toast.type).not.toBe('success');
    expect(await bot.database.db.select({ n: count() }).from(projects)).toEqual([{ n: 0 }]);

    // Back to step 2, share the data, and submit.
    card = answerCard(
      await bot.tap({ openId: JZ_USER, value: buttonBy(review, (b) => b.value.action === 'declare.edit').value }),
    );
    const fixed = answerCard(
      await submit(
        bot,
        JZ_USER,
        card,
        { basis_and_content: '依据教育信息化规划，建设智慧教育平台，部署在县云计算中心。' },
        next,
      ),
    );
    const submitButton = buttonBy(fixed, (b) => b.value.action === 'declare.submit');
    const done = await bot.tap({ openId: JZ_USER, value: submitButton.value });
    expect(done.toast?.content).toContain('JZ-2026-0001');
    expect(cardText(answerCard(done))).toContain('JZ-2026-0001');

    // A double tap or Lark redelivery under a new event id: still one project.
    const again = await bot.tap({ openId: JZ_USER, value: submitButton.value });
    expect(again.toast?.content).toMatch(/已提交/);
    const rows = await bot.database.db.select().from(projects);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      number: 'JZ-2026-0001',
      name: '智慧教育平台',
      investmentYuan: 1_000_000,
      status: 'in_review',
      policy: 'jinzhai-2022',
    });
    expect(
      await bot.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.projectId, rows[0]!.id)),
    ).toEqual([{ n: 1 }]);

    // The route starts: the reviewers (县智慧办) each get an approval card.
    for (const reviewer of ['ou_jzZhbLi', 'ou_jzZhbWang']) {
      const told = bot.fake.messages.filter((m) => m.receive_id === reviewer);
      expect(told.map((m) => cardText(m.content as object)).join('\n')).toContain('JZ-2026-0001');
    }
  });

  it('asked in a group, the form goes to the person privately and the group gets one line', async () => {
    const out = await bot.say({ openId: JZ_USER, text: '申报', chatType: 'group', chatId: 'oc_jzEduGroup' });
    const privateCard = out.find((m) => m.receive_id === JZ_USER && m.msg_type === 'interactive');
    expect(privateCard).toBeDefined();
    const inGroup = out.filter((m) => m.chat_id === 'oc_jzEduGroup');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.msg_type).toBe('text');
    expect(JSON.stringify(inGroup[0]!.content)).toContain('私信');
  });

  it('someone in no unit is told so and who to ask', async () => {
    const card = onlyCard(await bot.say({ openId: 'ou_stranger01', text: '我要申报' }));
    expect(cardText(card)).toMatch(/县智慧办|管理员/);
    expect(
      await bot.database.db.select({ n: count() }).from(drafts).where(eq(drafts.ownerOpenId, 'ou_stranger01')),
    ).toEqual([{ n: 0 }]);
  });

  it('我的草稿 lists unfinished declarations; one is resumed, one deleted; drafts keep what was typed', async () => {
    const first = onlyCard(await bot.say({ openId: 'ou_jzEduWu', text: '申报' }));
    let card = answerCard(
      await bot.tap({ openId: 'ou_jzEduWu', value: buttonBy(first, (b) => b.value.kind === 'upgrade').value }),
    );
    card = answerCard(
      await submit(bot, 'ou_jzEduWu', card, { project_name: '校园安防升级', head: '吴六' }, (v) => v.nav === 'save'),
    );
    onlyCard(await bot.say({ openId: 'ou_jzEduWu', text: '申报' }));
    const list = onlyCard(await bot.say({ openId: 'ou_jzEduWu', text: '我的草稿' }));
    expect(cardText(list)).toContain('校园安防升级');
    const resumed = answerCard(
      await bot.tap({ openId: 'ou_jzEduWu', value: buttonBy(list, (b) => b.value.action === 'draft.resume').value }),
    );
    expect(formInputs(resumed).find((i) => i.name === 'project_name')?.initial).toBe('校园安防升级');
    // Someone else cannot touch it.
    const foreign = await bot.tap({
      openId: JZ_USER,
      value: buttonBy(list, (b) => b.value.action === 'draft.resume').value,
    });
    expect(foreign.toast?.type).toBe('error');
    const del = await bot.tap({
      openId: 'ou_jzEduWu',
      value: buttonBy(list, (b) => b.value.action === 'draft.delete').value,
    });
    expect(del.toast?.type).toBe('success');
  });

  it('a stale card (an older version of the draft) changes nothing', async () => {
    const first = onlyCard(await bot.say({ openId: 'ou_jzWjwFeng', text: '申报' }));
    const kindButton = buttonBy(first, (b) => b.value.kind === 'new_build');
    answerCard(await bot.tap({ openId: 'ou_jzWjwFeng', value: kindButton.value }));
    const stale = await bot.tap({ openId: 'ou_jzWjwFeng', value: kindButton.value });
    expect(stale.toast?.type).toBe('warning');
  });

  it('materials: a file sent to the bot is kept and filed as a material of a project; the project exports its 申报表', async () => {
    const out = await bot.sendFile({ openId: JZ_USER, fileKey: 'file_v2_plan001', fileName: '建设方案.pdf' });
    const card = onlyCard(out);
    const inputs = formInputs(card);
    expect(inputs.map((i) => i.name).sort()).toEqual(['material', 'target']);
    const [project] = await bot.database.db.select().from(projects).where(eq(projects.number, 'JZ-2026-0001'));
    const pack = packById('jinzhai-2022')!;
    const material = pack.projectKinds
      .find((k) => k.id === 'new_build')!
      .materials.find((m) => m.name.includes('建设方案'))!;
    const answer = await submit(
      bot,
      JZ_USER,
      card,
      { target: `project:${project!.id}`, material: material.id },
      (v) => v.action === 'material.assign',
    );
    expect(answer.toast?.type).toBe('success');
    const [file] = await bot.database.db.select().from(attachments).where(eq(attachments.fileKey, 'file_v2_plan001'));
    expect(file).toMatchObject({
      projectId: project!.id,
      materialId: material.id,
      fileName: '建设方案.pdf',
      senderOpenId: JZ_USER,
    });

    // Someone else's file cannot be filed by this user.
    const other = await bot.tap({
      openId: 'ou_jzEduWu',
      value: { action: 'material.assign', fileMessageId: file!.messageId },
      formValue: { target: `project:${project!.id}`, material: material.id },
    });
    expect(other.toast?.type).toBe('error');

    const exported = await bot.say({ openId: JZ_USER, text: '导出申报表 JZ-2026-0001' });
    const fileMessage = exported.find((m) => m.msg_type === 'file' && m.receive_id === JZ_USER);
    expect(fileMessage).toBeDefined();
    const uploaded = bot.fake.files.find(
      (f) => f.file_key === (fileMessage!.content as { file_key: string }).file_key,
    )!;
    expect(uploaded.file_name).toBe('JZ-2026-0001-申报表.docx');
    const xml = strFromU8(unzipSync(uploaded.data)['word/document.xml']!);
    for (const value of [
      '县教育局',
      '张三',
      '王五',
      '0564-5222333',
      'wang@example.cn',
      '智慧教育平台',
      '2026年03月至2026年12月',
      '100',
      '70',
      '30',
      '部署在县云计算中心',
    ]) {
      expect(xml).toContain(value);
    }
    expect(xml).toContain('宋体');
    // Someone from another region cannot export it.
    const refused = await bot.say({ openId: 'ou_mdScjGao', text: '导出申报表 JZ-2026-0001' });
    expect(JSON.stringify(refused[0]!.content)).toContain('没有找到');
  });

  it('金寨 附件2 office PCs: line items, row amounts, the total in capitals, the fund split, and the form', async () => {
    const user = 'ou_jzWjwFeng';
    const first = onlyCard(await bot.say({ openId: user, text: '申报' }));
    let card = answerCard(
      await bot.tap({ openId: user, value: buttonBy(first, (b) => b.value.kind === 'office_pc').value }),
    );
    card = answerCard(
      await submit(
        bot,
        user,
        card,
        {
          items_1_item: '台式计算机',
          items_1_model: 'THTF-8000',
          items_1_quantity: '2',
          items_1_unit_price_yuan: '4500.50',
          items_2_item: '激光打印机',
          items_2_model: 'P2200',
          items_2_quantity: '1',
          items_2_unit_price_yuan: '1000',
        },
        next,
      ),
    );
    card = answerCard(await submit(bot, user, card, {}, next));
    expect(cardText(card)).toContain('壹万零壹元整'); // 2 × 4500.50 + 1000 = 10001.00 元
    // The funds must add up to the total.
    card = answerCard(
      await submit(bot, user, card, { reason: '现有电脑已使用8年，无法满足办公需要。', budget_funds: '9000' }, next),
    );
    expect(cardText(card)).toMatch(/10,001\.00|10001/);
    const review = answerCard(
      await submit(bot, user, card, { reason: '现有电脑已使用8年，无法满足办公需要。', budget_funds: '10001' }, next),
    );
    const done = await bot.tap({
      openId: user,
      value: buttonBy(review, (b) => b.value.action === 'declare.submit').value,
    });
    const number = /JZ-2026-\d{4}/.exec(done.toast?.content ?? '')![0];
    const exported = await bot.say({ openId: user, text: `导出申报表 ${number}` });
    const file = bot.fake.files.find(
      (f) => f.file_key === (exported.find((m) => m.msg_type === 'file')!.content as { file_key: string }).file_key,
    )!;
    const xml = strFromU8(unzipSync(file.data)['word/document.xml']!);
    for (const value of [
      '台式计算机',
      'THTF-8000',
      '激光打印机',
      '4,500.50',
      '9,001.00',
      '壹万零壹元整',
      '现有电脑已使用8年',
    ])
      expect(xml).toContain(value);
  });

  it('我的项目 lists the unit’s projects with number, name and stage', async () => {
    const card = onlyCard(await bot.say({ openId: 'ou_jzEduWu', text: '我的项目' }));
    expect(cardText(card)).toContain('JZ-2026-0001');
    expect(cardText(card)).toContain('智慧教育平台');
  });
});

describe.each([
  ['mudan-2023', 'ou_mdScjGao', 'MD'],
  ['huaian-draft', 'ou_haGajDeng', 'HA'],
  ['gaoping-2020', 'ou_gpZrjDong', 'GP'],
])('%s: kind first, then the fields and materials that kind requires', (packId, user, code) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW });
  });
  afterAll(async () => bot.close());

  it('declares end to end, attaching the precondition materials the pack requires', async () => {
    const pack = packById(packId)!;
    const kindCard = onlyCard(await bot.say({ openId: user, text: '申报' }));
    const kindButton = buttonBy(kindCard, (b) => b.value.action === 'declare.kind');
    const form = declarationForm(pack, String(kindButton.value.kind));
    let card = answerCard(await bot.tap({ openId: user, value: kindButton.value }));
    for (const step of form.steps) {
      const typed: Record<string, string> = {};
      for (const f of step.fields) if (!f.readonly && !f.computed) typed[f.id] = validAnswer(f, '150');
      card = answerCard(await submit(bot, user, card, typed, next));
    }
    // The review lists the materials of the kind; attach every missing precondition by sending files.
    const required = pack.projectKinds.find((k) => k.id === form.kindId)!.materials;
    for (const m of required.filter((x) => x.precondition)) {
      const materialCard = onlyCard(
        await bot.sendFile({ openId: user, fileKey: `file_${m.id}`, fileName: `${m.name}.pdf` }),
      );
      const draftTarget =
        (materialCard as never as { body: unknown }) &&
        JSON.stringify(materialCard).match(/"value":"(draft:\d+)"/)![1]!;
      const ok = await submit(
        bot,
        user,
        materialCard,
        { target: draftTarget, material: m.id },
        (v) => v.action === 'material.assign',
      );
      expect(ok.toast?.type).toBe('success');
    }
    const [draft] = await bot.database.db.select().from(drafts).where(eq(drafts.ownerOpenId, user));
    const review = answerCard(await bot.tap({ openId: user, value: { action: 'draft.resume', draftId: draft!.id } }));
    for (const m of required.filter((x) => !x.when)) expect(cardText(review)).toContain(m.name);
    const done = await bot.tap({
      openId: user,
      value: buttonBy(review, (b) => b.value.action === 'declare.submit').value,
    });
    expect(done.toast?.content, JSON.stringify(done.toast)).toContain(`${code}-2026-0001`);
    const [project] = await bot.database.db.select().from(projects);
    expect(project).toMatchObject({
      policy: packId,
      kind: form.kindId,
      investmentYuan: 1_500_000,
      status: 'in_review',
    });
    // The files attached to the draft now belong to the project.
    const files = await bot.database.db.select().from(attachments).where(eq(attachments.projectId, project!.id));
    expect(files.length).toBe(required.filter((x) => x.precondition).length);
  });
});

describe('the help card', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW });
  });
  afterAll(async () => bot.close());

  it('lists 申报 and its button starts a declaration privately', async () => {
    const help = onlyCard(await bot.say({ openId: JZ_USER, text: '帮助' }));
    expect(cardText(help)).toContain('申报');
    const answer = await bot.tap({
      openId: JZ_USER,
      value: buttonBy(help, (b) => b.value.action === 'declare.start').value,
    });
    expect(answer.toast?.type).toBe('success');
    const sent = bot.fake.messages.filter((m) => m.receive_id === JZ_USER && m.msg_type === 'interactive');
    expect(cardText(sent.at(-1)!.content as object)).toContain('选择');
    void p2pChat;
  });

  it('its button tells someone in no declaring unit the truth: no form was sent, whom to ask came privately', async () => {
    // 县智慧办 sits in an office, not a unit: its help card offers no 申报, yet a 申报 button tapped on an
    // older card is refused the same way. The stranger is in no directory at all: 申报 says whom to ask.
    for (const who of ['ou_jzZhbLi', 'ou_strangerNoUnit']) {
      const help = onlyCard(await bot.say({ openId: who, text: '帮助' }));
      const offered = JSON.stringify(help).includes('declare.start');
      expect(offered, who).toBe(who === 'ou_strangerNoUnit');
      const before = bot.fake.messages.length;
      const answer = await bot.tap({ openId: who, value: { action: 'declare.start' } });
      await bot.deliver();
      expect(answer.toast?.type, who).toBe('error');
      expect(answer.toast?.content).toContain('你不在任何申报单位的名录中');
      expect(answer.toast?.content).not.toContain('申报表单已私信发给你');
      expect(await bot.database.db.select().from(drafts).where(eq(drafts.ownerOpenId, who))).toEqual([]);
      const sent = bot.fake.messages.slice(before).filter((m) => m.receive_id === who && m.msg_type === 'interactive');
      expect(sent.map((m) => cardText(m.content as object)).join()).toContain('暂时不能申报项目');
      expect(JSON.stringify(sent)).not.toContain('declare.kind');
    }
  });

  it('the bot menu item 申报 (application.bot.menu_v6, key "declare") starts a declaration privately', async () => {
    const before = bot.fake.messages.length;
    const res = await bot.post({
      schema: '2.0',
      header: {
        event_id: `menu-${Date.now()}`,
        event_type: 'application.bot.menu_v6',
        create_time: String(Date.now()),
        token: TEST_APP.verificationToken,
        app_id: TEST_APP.appId,
        tenant_key: 't',
      },
      event: {
        operator: { operator_id: { open_id: 'ou_jzEduWu', union_id: 'on_x', user_id: 'u_x' } },
        event_key: 'declare',
        timestamp: Date.now(),
      },
    });
    expect(res.status).toBe(200);
    await bot.deliver();
    const sent = bot.fake.messages.slice(before).filter((m) => m.receive_id === 'ou_jzEduWu');
    expect(sent.map((m) => JSON.stringify(m.content)).join()).toContain('declare.kind');
  });
});

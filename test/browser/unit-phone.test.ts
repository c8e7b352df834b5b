/**
 * What an official of a declaring unit sees on the phone (390×844), and the same form on the desktop,
 * walking the README path in headless Chromium: the chips and the help card follow the person's roles
 * (周 of 县教育局 a unit member, 李 of 县智慧办 a reviewer); the form card keeps its width from step to
 * step and says each thing once (no paper 说明, no hint twice, 投资额：80万元, one 项目类型); the toast
 * stays clear of the buttons; after approval 我的项目 shows the stage, the next deadline and the
 * buttons 进度, 报告进展, 导出申报表, each of which works. Screenshots: test-artifacts/unit-*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAVE_CHROMIUM,
  NO_BROWSER_MESSAGE,
  approveInSandbox,
  artifact,
  card,
  declareInSandbox,
  startSandbox,
  type Sandbox,
} from './support.js';

if (!HAVE_CHROMIUM) console.warn(NO_BROWSER_MESSAGE);

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const APPLICANT = 'ou_jzEduZhou';
const REVIEWER = 'ou_jzZhbLi';
const OFFICIALS = [REVIEWER, 'ou_jzGovChen', 'ou_jzCzjSun'];
const PROJECT = '智慧教育平台（单位手机）';
const CONTENT = '依据县教育信息化规划，建设智慧教育平台：资源库、在线课堂、教务管理，部署在县云计算中心。';
const POLL = { timeout: 15_000, interval: 200 };

const count = (text: string, word: string) => text.split(word).length - 1;

async function chips(page: Page): Promise<string[]> {
  return (await page.locator('.sb-chip').allTextContents()).map((t) => t.trim());
}

/** The help card after a tap on the 帮助 chip, with the chips under it in the screenshot. */
async function helpCard(page: Page, shot: string): Promise<string> {
  await page.locator('.sb-chip', { hasText: '帮助' }).click();
  const help = card(page, '政务信息化项目助手');
  await help.waitFor();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.screenshot({ path: artifact(shot) });
  return (await help.textContent()) ?? '';
}

/** A screenshot of one card, whole: the page's fixed bars (who am I, the composer) hidden meanwhile. */
async function cardShot(card: Locator, name: string): Promise<void> {
  const page = card.page();
  const chrome = await page.addStyleTag({ content: '.sb-top,.sb-composer,#toast{visibility:hidden !important}' });
  await card.screenshot({ path: artifact(name) });
  await chrome.evaluate((el) => (el as Element).remove());
}

describe.skipIf(!HAVE_CHROMIUM)('what a unit official sees on the phone', () => {
  let s: Sandbox;
  let number = '';

  beforeAll(async () => {
    s = await startSandbox(NOW);
  }, 60_000);

  afterAll(async () => s?.close());

  async function open(as: string, viewport = PHONE): Promise<Page> {
    const page = await s.browser.newPage({ viewport });
    page.setDefaultTimeout(10_000);
    await page.goto(`${s.base}/sandbox?as=${as}`);
    return page;
  }

  it('the chips and the help card are a unit member’s for 周 and a reviewer’s for 李', async () => {
    const unit = await open(APPLICANT);
    expect(await chips(unit)).toEqual(['帮助', '申报', '我的草稿', '我的项目']);
    const unitHelp = await helpCard(unit, 'unit-phone-help-unit.png');
    for (const c of ['申报：', '我的项目：', '报告进展 <项目编号>：', '催办 <项目编号>：'])
      expect(unitHelp).toContain(c);
    for (const c of ['整改', '设置代理', '绑定单位']) expect(unitHelp).not.toContain(c);
    await unit.close();

    const reviewer = await open(REVIEWER);
    expect(await chips(reviewer)).toEqual(['帮助']);
    const reviewerHelp = await helpCard(reviewer, 'unit-phone-help-reviewer.png');
    for (const c of ['整改 <项目编号>：', '设置代理 @同事', '进度 <项目编号>：']) expect(reviewerHelp).toContain(c);
    for (const c of ['申报：', '我的草稿', '我的项目', '催办', '申报项目']) expect(reviewerHelp).not.toContain(c);
    await reviewer.close();
  }, 60_000);

  for (const [screen, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    it(`${screen}: the form keeps its width from step to step and says each thing once`, async () => {
      const page = await open(APPLICANT, viewport);
      const widths: number[] = [];
      const texts: string[] = [];
      const selects: string[] = [];
      const name = screen === 'phone' ? PROJECT : '智慧教育平台（单位桌面）';
      const declared = await declareInSandbox(page, s.base, {
        applicant: APPLICANT,
        name,
        content: CONTENT,
        investmentWan: 80,
        fiscalWan: 50,
        selfWan: 30,
        onStep: async (step: number, form: Locator) => {
          widths.push(Math.round((await form.boundingBox())!.width));
          texts.push((await form.textContent()) ?? '');
          if (step === 2)
            selects.push(...(await form.locator('select[name^="fact_"] option[value=""]').allTextContents()));
          await cardShot(form, `unit-${screen}-form-${step}.png`);
        },
      });
      if (screen === 'phone') number = declared.number;
      // One width for every step (Feishu keeps a card's width): 560 px on the desktop, the chat's width on a phone.
      expect(new Set(widths).size, widths.join()).toBe(1);
      expect(widths[0]).toBe(screen === 'desktop' ? 560 : PHONE.width - 64);
      const [step1, step2, review] = texts as [string, string, string];
      for (const paper of ['宋体', '盖章', '说明：', '202X年XX月']) expect(step1).not.toContain(paper);
      expect(count(step1, '县教育局')).toBe(1);
      expect(step2).not.toContain('字数控制在200字');
      // A yes/no question's picker says 请选择 under its label, not the label again.
      expect(
        selects.every((t) => t === '请选择'),
        selects.join(),
      ).toBe(true);
      expect(review).toContain('投资额：80万元');
      expect(review).not.toContain('投资额（万元）');
      expect(count(review, '项目类型')).toBe(1);
      expect(count(review, name)).toBe(1);
      expect(review).not.toContain('银行贷款');
      // The toast shows at the top and lets taps through to 保存草稿/下一步 under it.
      const toast = page.locator('#toast');
      const style = await toast.evaluate((el) => {
        const css = getComputedStyle(el);
        return { pointerEvents: css.pointerEvents, position: css.position, top: Number.parseFloat(css.top) };
      });
      expect(style).toMatchObject({ pointerEvents: 'none', position: 'fixed' });
      expect(style.top).toBeLessThan(60);
      await page.close();
    }, 90_000);
  }

  it('after approval 我的项目 shows the stage, the next deadline and 进度, 报告进展, 导出申报表, which work', async () => {
    expect(number).not.toBe('');
    const page = await open(REVIEWER);
    await approveInSandbox(page, s, {
      number,
      projectName: PROJECT,
      officials: [...OFFICIALS],
      funding: { wan: 50, channel: '本级财政预算资金' },
    });
    await page.close();

    const unit = await open(APPLICANT);
    await unit.locator('.sb-chip', { hasText: '我的项目' }).click();
    const mine = card(unit, '我的项目');
    await mine.waitFor();
    const listed = mine.locator('.lk-md', { hasText: number });
    const text = (await mine.textContent()) ?? '';
    expect(text).toContain(`${number} ${PROJECT}`);
    expect(text).toContain('当前阶段：建设实施');
    expect(text).toMatch(/下一期限：/);
    expect(await listed.count()).toBe(1);
    // The desktop's project waits for review: 进度 and 导出申报表 but no 报告进展.
    const ours = (b: string) => mine.locator(`button[data-value*='"${number}"']`, { hasText: b });
    for (const b of ['进度', '导出申报表']) expect(await ours(b).count()).toBe(1);
    expect(await mine.locator('button', { hasText: '报告进展' }).count()).toBe(1);
    await cardShot(mine, 'unit-phone-my-projects.png');

    await ours('进度').click();
    const progress = card(unit, `审批进度：${PROJECT}`);
    await progress.waitFor();
    const trail = (await progress.textContent()) ?? '';
    expect(trail).toContain('县智慧办');
    expect(trail).not.toContain('金寨县县智慧办');
    await cardShot(progress, 'unit-phone-progress.png');

    await ours('导出申报表').click();
    await expect.poll(() => unit.locator('.sb-file', { hasText: `${number}-申报表.docx` }).count(), POLL).toBe(1);

    // 报告进展 turns the card into the project's report form, in place.
    const report = unit.locator(`[data-lk-card="${await mine.getAttribute('data-lk-card')}"]`);
    await mine.locator('button', { hasText: '报告进展' }).click();
    await report.locator('select[name="event"]').waitFor();
    await cardShot(report, 'unit-phone-report-form.png');
    await unit.close();
  }, 300_000);
});

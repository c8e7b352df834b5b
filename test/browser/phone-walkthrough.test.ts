/**
 * The README walkthrough on a phone (390×844) in headless Chromium, checking what an official needs
 * to decide: the approver's card shows the content and the funding split and the same material
 * count the unit saw; the feedback step only confirms; the finance decision shows on its card, in
 * the trail and in the console; after approval the stage is 建设实施; a fresh install has no overdue
 * row; each deciding step's written opinion reads back from its .docx; the console's tables stack on
 * a phone. Screenshots go to test-artifacts/phone-*.png.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../../db/schema/index.js';
import type { Database } from '../../db/client.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';
import { docxText } from '../support/docx.js';
import { HAVE_CHROMIUM, NO_BROWSER_MESSAGE, artifact, launchBrowser } from './support.js';

if (!HAVE_CHROMIUM) console.warn(NO_BROWSER_MESSAGE);

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai, after 2026-09-30
const PHONE = { width: 390, height: 844 };
const APPLICANT = 'ou_jzEduZhou';
const REVIEWER = 'ou_jzZhbLi';
const OFFICIALS = [REVIEWER, 'ou_jzGovChen', 'ou_jzCzjSun'];
const PROJECT = '智慧教育平台（手机测试）';
const CONTENT = '依据县教育信息化规划，建设智慧教育平台：资源库、在线课堂、教务管理，部署在县云计算中心。';
const POLL = { timeout: 15_000, interval: 200 };

function card(page: Page, title: string): Locator {
  return page
    .locator('.lk-card')
    .filter({ has: page.locator('.lk-title', { hasText: title }) })
    .last();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: artifact(name), fullPage: true });
}

describe.skipIf(!HAVE_CHROMIUM)('the README walkthrough on a 390×844 phone', () => {
  let database: Database;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  let number = '';
  let unitCount = '';

  beforeAll(async () => {
    database = await openTestDatabase();
    server = await startServer({ PORT: '0', HOST: '127.0.0.1' }, { database, clock: () => NOW, log: () => {} });
    base = `http://127.0.0.1:${server.port}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('周 declares 80 万 (50 财政, 30 自筹); the review card counts the materials', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/sandbox?as=${APPLICANT}`);
    await page.locator('.sb-chip', { hasText: '申报' }).first().click();
    const kinds = card(page, '金寨县政务信息化项目申报');
    const form = page.locator(`[data-lk-card="${await kinds.getAttribute('data-lk-card')}"]`);
    await kinds.locator('button', { hasText: '新建' }).click();
    await form.locator('input[name="head"]').waitFor();
    await form.locator('input[name="head"]').fill('张三');
    await form.locator('input[name="contact"]').fill('王五');
    await form.locator('input[name="phone"]').fill('0564-5222333');
    await form.locator('input[name="email"]').fill('wang@example.cn');
    await form.locator('input[name="project_name"]').fill(PROJECT);
    await form.locator('input[name="construction_period"]').fill('2027年01月至2027年12月');
    await form.locator('button', { hasText: /^下一步$/ }).click();
    await form.locator('input[name="investment_wan"]').waitFor();
    await form.locator('input[name="investment_wan"]').fill('80');
    await form.locator('input[name="funding_fiscal_wan"]').fill('50');
    await form.locator('input[name="funding_self_wan"]').fill('30');
    await form.locator('textarea[name="basis_and_content"]').fill(CONTENT);
    // The yes/no questions the pack asks (金寨 第八条 own hardware, 第十四条 existing systems): deployed on the county cloud.
    for (const select of await form.locator('select[name^="fact_"]').all()) await select.selectOption({ label: '否' });
    await form.locator('button', { hasText: '下一步：核对并提交' }).click();
    await form.locator('button', { hasText: '提交申报' }).waitFor();
    unitCount = /申报材料（(\d+\/\d+)项已附）/.exec((await form.textContent()) ?? '')?.[1] ?? '';
    expect(unitCount).toMatch(/^\d+\/\d+$/);
    await shot(page, 'phone-1-review.png');
    await form.locator('button', { hasText: '提交申报' }).click();
    await expect
      .poll(async () => /JZ-\d{4}-\d{4}/.exec((await page.locator('#toast').textContent()) ?? '')?.[0] ?? '', POLL)
      .not.toBe('');
    number = /JZ-\d{4}-\d{4}/.exec((await page.locator('#toast').textContent()) ?? '')![0];
    await page.close();
  }, 90_000);

  it('李 sees the content, the funding split and the same material count; the feedback step only confirms; 孙 records the funding', async () => {
    expect(number).not.toBe('');
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/sandbox?as=${REVIEWER}`);
    const first = card(page, `待审批：${PROJECT}`);
    await first.waitFor();
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('财政资金 50万元');
    expect(text).toContain('单位自筹 30万元');
    expect(text).toContain('建设年度');
    expect(text).toContain('项目实施依据及主要内容');
    expect(text).toContain(`已附 ${unitCount}`);
    expect(text).not.toContain('申报表（未附）');
    await shot(page, 'phone-2-approver-card.png');

    let sawFeedback = false;
    let sawFinance = false;
    for (let round = 0; round < 10; round++) {
      const [p] = await database.db.select().from(projects).where(eq(projects.number, number));
      if (p!.status !== 'submitted' && p!.status !== 'in_review') break;
      let progressed = false;
      for (const official of OFFICIALS) {
        await page.goto(`${base}/sandbox?as=${official}`);
        await page.waitForTimeout(300);
        const approval = card(page, `待审批：${PROJECT}`);
        const finance = card(page, `资金安排：${PROJECT}`);
        if (
          (await approval.count()) &&
          (await approval.locator('button[data-name="approve"]:not([disabled])').count())
        ) {
          if ((await approval.textContent())?.includes('县智慧办将审核意见反馈至建设单位')) {
            sawFeedback = true;
            expect(await approval.locator('button', { hasText: '不同意' }).count()).toBe(0);
            expect(await approval.locator('button', { hasText: '退回修改' }).count()).toBe(0);
            await shot(page, 'phone-3-feedback-step.png');
          } else {
            await approval.locator('textarea[name="comment"]').fill('同意立项。');
          }
          await approval.locator('button[data-name="approve"]').click();
        } else if ((await finance.count()) && (await finance.locator('button[data-name="finance_submit"]').count())) {
          sawFinance = true;
          await finance.locator('input[name="amount_wan"]').fill('50');
          await finance.locator('select[name="fund_channel"]').selectOption('本级财政预算资金');
          await finance.locator('button[data-name="finance_submit"]').click();
          await expect
            .poll(async () => (await card(page, `同意：${PROJECT}`).textContent()) ?? '', POLL)
            .toContain('安排资金');
          expect(await card(page, `同意：${PROJECT}`).textContent()).toContain('50 万元（本级财政预算资金）');
          await shot(page, 'phone-4-funding-recorded.png');
        } else continue;
        await page.locator('#toast').waitFor();
        progressed = true;
      }
      if (!progressed) await page.waitForTimeout(1000);
    }
    expect(sawFeedback).toBe(true);
    expect(sawFinance).toBe(true);
    const [approved] = await database.db.select().from(projects).where(eq(projects.number, number));
    expect(approved!.status).toBe('approved');

    // The unit's progress card numbers the steps 1, 2, 3 … and has no 催办 left.
    await page.goto(`${base}/sandbox?as=${APPLICANT}`);
    await page.locator('.lk-card', { hasText: number }).last().waitFor();
    await shot(page, 'phone-5-applicant-told.png');
    await page.close();
  }, 240_000);

  it('the console on the phone: 建设实施, the funding, the opinions as .docx, no overdue row, stacked tables', async () => {
    expect(number).not.toBe('');
    const context = await browser.newContext({ viewport: PHONE, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/console`);
    await page.locator(`a[data-person="${REVIEWER}"]`).click();
    await page.locator('section[data-region="jinzhai"]').waitFor();
    const arranged = page.locator('section[data-region="jinzhai"] [data-arranged]');
    await expect.poll(() => arranged.textContent(), POLL).toContain('本级财政预算资金');
    expect(await arranged.textContent()).toContain('50');
    await shot(page, 'phone-6-console-pipeline.png');

    await page.goto(`${base}/console/projects/${number}`);
    await expect.poll(() => page.locator('b[data-stage]').textContent(), POLL).toBe('建设实施');
    expect(await page.textContent('body')).toContain('安排资金 50 万元（本级财政预算资金）');
    // No table cell narrower than 4 characters at 390 px.
    const narrow = await page.evaluate(
      () =>
        [...document.querySelectorAll('td')].filter(
          (td) =>
            td.textContent!.trim() && td.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(td).fontSize),
        ).length,
    );
    expect(narrow).toBe(0);
    await shot(page, 'phone-7-console-project.png');

    const opinions = page.locator('[data-opinions] li');
    expect(await opinions.count()).toBeGreaterThanOrEqual(3); // 会同审核, 书面审核意见, 县政府批准
    const [download] = await Promise.all([page.waitForEvent('download'), opinions.first().locator('a').click()]);
    const file = artifact('phone-opinion.docx');
    await download.saveAs(file);
    const doc = docxText(new Uint8Array(readFileSync(file)));
    for (const want of [
      number,
      PROJECT,
      '县智慧办',
      '同意',
      '同意立项。',
      '第九条',
      '2026年11月23日',
      '财政资金50万元',
    ])
      expect(doc).toContain(want);

    await page.goto(`${base}/console/deadlines`);
    expect(await page.textContent('main')).not.toContain('2026-09-30');
    expect(await page.locator('.tag.red', { hasText: '已逾期' }).count()).toBe(0);
    await shot(page, 'phone-8-console-deadlines.png');
    await context.close();
  }, 90_000);
});

/**
 * The whole story in a real browser (headless Chromium): `npm start` with no Feishu app runs the
 * sandbox; a unit member of 金寨 declares a project from the bot's form cards, the officials on its
 * route approve it from their own cards, and the console shows it 已立项 with its whole statutory
 * timeline (the deadlines dated so far, the limits not yet triggered, the unit's annual 申报表); the
 * region's 项目库 exports to an .xlsx that opens and holds the project. Screenshots go to test-artifacts/.
 *
 * Everything goes through the pages, as a person would: chips, form inputs, buttons. The database is
 * only read to compute what the pages should say.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlines, projects } from '../../db/schema/index.js';
import type { Database } from '../../db/client.js';
import { packById } from '../../src/rules/packs/index.js';
import { stageLabel } from '../../src/services/projects.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';
import { HAVE_CHROMIUM, NO_BROWSER_MESSAGE, artifact, launchBrowser } from './support.js';

if (!HAVE_CHROMIUM) console.warn(NO_BROWSER_MESSAGE);

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const APPLICANT = 'ou_jzEduZhou';
const REVIEWER = 'ou_jzZhbLi'; // 县智慧办
const APPROVER = 'ou_jzGovChen'; // 县政府
/** Who may get a card on 金寨's route, one person per office (any member may act for the office). */
const OFFICIALS = [REVIEWER, APPROVER, 'ou_jzCzjSun'];
const PROJECT = '智慧教育平台（浏览器测试）';
const POLL = { timeout: 15_000, interval: 200 };

/** The last card of the chat whose header starts with `title`. */
function card(page: Page, title: string): Locator {
  return page
    .locator('.lk-card')
    .filter({ has: page.locator('.lk-title', { hasText: title }) })
    .last();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: artifact(name), fullPage: true });
}

/** Runs a step with a page; on failure the page's screenshot is kept as test-artifacts/failure-<name>.png. */
async function withPage<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  page.setDefaultTimeout(10_000);
  try {
    return await run();
  } catch (e) {
    await shot(page, `failure-${name}.png`).catch(() => {});
    throw e;
  }
}

describe.skipIf(!HAVE_CHROMIUM)('sandbox and console in headless Chromium', () => {
  let database: Database;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let base: string;
  let number = '';

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

  it('a 县教育局 member declares a 金寨 project from the form cards in the sandbox', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 860 } });
    await withPage(page, 'declare', async () => {
      await page.goto(`${base}/`);
      // The landing page: pick who you are.
      await page.locator(`a[data-person="${APPLICANT}"]`).click();
      await page.locator('.sb-chip', { hasText: '申报' }).first().click();
      const kinds = card(page, '金寨县政务信息化项目申报');
      // Step 1 replaces the card in place (the callback's answer): follow that message.
      const form = page.locator(`[data-lk-card="${await kinds.getAttribute('data-lk-card')}"]`);
      await kinds.locator('button', { hasText: '新建' }).click();

      await form.locator('input[name="head"]').waitFor();
      await expect
        .poll(
          () =>
            form.evaluate(
              (el) => `${el.textContent} ${[...el.querySelectorAll('input')].map((i) => i.value).join(' ')}`,
            ),
          POLL,
        )
        .toContain('县教育局');
      await form.locator('input[name="head"]').fill('张三');
      await form.locator('input[name="contact"]').fill('王五');
      await form.locator('input[name="phone"]').fill('0564-5222333');
      await form.locator('input[name="email"]').fill('wang@example.cn');
      await form.locator('input[name="project_name"]').fill(PROJECT);
      await form.locator('input[name="construction_period"]').fill('2027年01月至2027年12月');
      await shot(page, 'sandbox-1-step1.png');
      await form.locator('button', { hasText: /^下一步$/ }).click();

      // Step 2: amounts and content; a wrong sum first, to see the card's own error message.
      await form.locator('input[name="investment_wan"]').waitFor();
      await form.locator('input[name="investment_wan"]').fill('100');
      await form.locator('input[name="funding_fiscal_wan"]').fill('60');
      await form.locator('input[name="funding_self_wan"]').fill('30');
      await form
        .locator('textarea[name="basis_and_content"]')
        .fill('依据教育信息化规划，建设智慧教育平台，部署在县云计算中心。');
      // The yes/no questions the pack asks (金寨 第八条 own hardware, 第十四条 existing systems): deployed on the county cloud.
      for (const select of await form.locator('select[name^="fact_"]').all())
        await select.selectOption({ label: '否' });
      await form.locator('button', { hasText: '下一步：核对并提交' }).click();
      await form.locator('.lk-md', { hasText: '⚠' }).first().waitFor();
      await form.locator('input[name="funding_fiscal_wan"]').fill('70');
      await form.locator('button', { hasText: '下一步：核对并提交' }).click();

      // Review, then submit: the toast carries the project number.
      await form.locator('button', { hasText: '提交申报' }).waitFor();
      await shot(page, 'sandbox-2-review.png');
      await form.locator('button', { hasText: '提交申报' }).click();
      // The toast of an earlier tap may still be showing: wait for the one with the number.
      const toast = page.locator('#toast');
      await expect
        .poll(async () => /[A-Z]{2}-\d{4}-\d{4}/.exec((await toast.textContent()) ?? '')?.[0] ?? '', POLL)
        .not.toBe('');
      number = /[A-Z]{2}-\d{4}-\d{4}/.exec((await toast.textContent()) ?? '')![0];
      expect(number).toMatch(/^JZ-2026-\d{4}$/);
      await shot(page, 'sandbox-3-submitted.png');
      const [row] = await database.db.select().from(projects).where(eq(projects.number, number));
      expect(row).toMatchObject({ name: PROJECT, investmentYuan: 1_000_000, policy: 'jinzhai-2022' });
    });
    await page.close();
  }, 60_000);

  it('the reviewer and the approver approve it from their cards; the project ends 已立项', async () => {
    expect(number).not.toBe('');
    const page = await browser.newPage({ viewport: { width: 420, height: 860 } });
    await withPage(page, 'approve', async () => {
      const acted: string[] = [];
      for (let round = 0; round < 8; round++) {
        const [p] = await database.db.select().from(projects).where(eq(projects.number, number));
        if (p!.status !== 'submitted' && p!.status !== 'in_review') break;
        let progressed = false;
        for (const official of OFFICIALS) {
          await page.goto(`${base}/sandbox?as=${official}`);
          const approval = card(page, `待审批：${PROJECT}`);
          const finance = card(page, `资金安排：${PROJECT}`);
          // Cards go out through the outbox: give the dispatcher a moment, the page polls.
          await page.waitForTimeout(300);
          if (
            (await approval.count()) &&
            (await approval.locator('button[data-name="approve"]:not([disabled])').count())
          ) {
            await approval.locator('textarea[name="comment"]').fill('同意立项。');
            await approval.locator('button[data-name="approve"]').click();
          } else if ((await finance.count()) && (await finance.locator('button[data-name="finance_submit"]').count())) {
            await finance.locator('input[name="amount_wan"]').fill('100');
            await finance.locator('select[name="fund_channel"]').selectOption({ index: 1 });
            await finance.locator('button[data-name="finance_submit"]').click();
          } else continue;
          await page.locator('#toast').waitFor();
          expect(await page.locator('#toast').getAttribute('class')).toContain('success');
          await shot(page, `sandbox-4-${acted.length + 1}-${official}.png`);
          acted.push(official);
          progressed = true;
        }
        if (!progressed) await page.waitForTimeout(1000);
      }
      expect(acted).toContain(REVIEWER);
      expect(acted).toContain(APPROVER);
      const [approved] = await database.db.select().from(projects).where(eq(projects.number, number));
      expect(approved!.status).toBe('approved');

      // The applicant is told, in the sandbox chat.
      await page.goto(`${base}/sandbox?as=${APPLICANT}`);
      await page.locator('.lk-card', { hasText: number }).last().waitFor();
      await shot(page, 'sandbox-5-applicant-told.png');
    });
    await page.close();
  }, 120_000);

  it('the console shows it 已立项 with its statutory timeline, and the 项目库 .xlsx holds it', async () => {
    expect(number).not.toBe('');
    const [p] = await database.db.select().from(projects).where(eq(projects.number, number));
    const stage = stageLabel(packById(p!.policy), p!);
    const [{ n: deadlineCount }] = (await database.db
      .select({ n: count() })
      .from(deadlines)
      .where(and(eq(deadlines.projectId, p!.id)))) as [{ n: number }];

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await withPage(page, 'console', async () => {
      await page.goto(`${base}/console`);
      // Sandbox sign-in: pick the reviewer (县智慧办 sees all of 金寨).
      await page.locator(`a[data-person="${REVIEWER}"]`).click();
      await expect.poll(() => page.locator('section[data-region="jinzhai"] > h2').textContent(), POLL).toBe('金寨县');
      await shot(page, 'console-1-pipeline.png');

      await page.goto(`${base}/console/projects?region=jinzhai`);
      const row = page.locator(`tr[data-project="${number}"]`);
      await expect.poll(() => row.locator('[data-stage]').textContent(), POLL).toBe(stage);
      await row.locator('a').first().click();
      await expect.poll(() => page.locator('h1').textContent(), POLL).toContain(number);
      // Right after approval: 已立项 (in the lifecycle stage the pack starts with), and the whole
      // statutory timeline of 金寨's pack.
      expect(p!.status).toBe('approved');
      await expect.poll(() => page.locator('b[data-status]').textContent(), POLL).toBe('已立项');
      await expect.poll(() => page.locator('b[data-stage]').textContent(), POLL).toBe(stage);
      expect(['已立项', ...packById('jinzhai-2022')!.stages.map((s) => s.name)]).toContain(stage);
      await expect.poll(() => page.locator('tr[data-deadline]').count(), POLL).toBe(deadlineCount);
      const timeline = page.locator('section', { has: page.locator('h2', { hasText: /^期限$/ }) });
      const limit = (id: string) => timeline.locator(`tr[data-limit="${id}"]`);
      const pack = packById('jinzhai-2022')!;
      const quoteOf = (id: string) => pack.timeLimits.find((l) => l.id === id)!.quote;
      // Not yet triggered (待起算), with the trigger in words, the article and its words.
      for (const [id, article, when] of [
        ['trial_run_before_final_acceptance', '第十七条', '“开始试运行”之日起满3个月后'],
        ['performance_self_evaluation', '第十八条', '“通过终验”与“投入运行”中较晚者之日起6个月内'],
      ] as const) {
        const row = limit(id);
        await expect.poll(() => row.getAttribute('data-timeline'), POLL).toBe('pending');
        expect(await row.locator('[data-when]').textContent()).toBe(when);
        expect(await row.locator('[data-article]').textContent()).toBe(article);
        expect(await row.textContent()).toContain('待起算');
        expect(await row.textContent()).toContain(quoteOf(id));
      }
      // The unit's annual 申报表 (第五条): the next 9月30日 after today.
      const annual = limit('annual_declaration');
      expect(await annual.getAttribute('data-timeline')).toBe('annual');
      expect(await annual.locator('[data-article]').textContent()).toBe('第五条');
      expect(await annual.textContent()).toContain('2027-09-30');
      expect(await annual.textContent()).toContain(quoteOf('annual_declaration'));
      await timeline.scrollIntoViewIfNeeded();
      await shot(page, 'console-2-project.png');

      await page.goto(`${base}/console`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a[href="/console/export/jinzhai.xlsx"]').click(),
      ]);
      const file = artifact('jinzhai-项目库.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(header.slice(0, 3)).toEqual(['项目编号', '项目名称', '地区']);
      let found: unknown[] | null = null;
      sheet.eachRow((r) => {
        const values = (r.values as unknown[]).slice(1);
        if (values[0] === number) found = values;
      });
      expect(found).not.toBeNull();
      expect(found![1]).toBe(PROJECT);
      expect(found![header.indexOf('阶段')]).toBe(stage);
      expect(found![header.indexOf('总投资（万元）')]).toBe(100);
    });
    await context.close();
  }, 60_000);
});

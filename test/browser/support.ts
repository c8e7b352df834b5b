/**
 * Real headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core
 * (no browser download). Where no browser is installed the tests are skipped with a clear message;
 * `.ci/run` installs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { projects } from '../../db/schema/index.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const NO_BROWSER_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;

export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where a screenshot or download goes: test-artifacts/<name> (git-ignored). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return fileURLToPath(new URL(name, ARTIFACTS));
}

// ---------------------------------------------------------------------------------------------
// The sandbox as a person uses it: started on an empty database, a project declared from the form
// cards, approved from each official's cards, the console signed in to.

/** The sandbox (`npm start` with no Feishu app) on a fresh database, and a browser. */
export async function startSandbox(now: Date) {
  const database = await openTestDatabase();
  const server = await startServer({ PORT: '0', HOST: '127.0.0.1' }, { database, clock: () => now, log: () => {} });
  const browser = await launchBrowser();
  return {
    database,
    server,
    browser,
    base: `http://127.0.0.1:${server.port}`,
    async close() {
      await browser.close();
      await server.close();
      await database.close();
    },
  };
}
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The last card of the chat whose header starts with `title`. */
export function card(page: Page, title: string): Locator {
  return page
    .locator('.lk-card')
    .filter({ has: page.locator('.lk-title', { hasText: title }) })
    .last();
}

/** A whole-page screenshot as test-artifacts/<name>. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: artifact(name), fullPage: true });
}

/** What a unit declares on the 金寨 form: the project's name and content, its amounts in 万元. */
export interface Declaration {
  applicant: string;
  name: string;
  content: string;
  investmentWan: number;
  fiscalWan: number;
  selfWan: number;
  /** Called on each step of the form (1, 2, then 3 = the review), e.g. to take a screenshot. */
  onStep?: (step: number, form: Locator) => Promise<void>;
}

/**
 * Declares a 金寨 project from the sandbox's form cards; returns its number (from the toast) and the
 * material count its review card showed (`1/5`).
 */
export async function declareInSandbox(
  page: Page,
  base: string,
  d: Declaration,
): Promise<{ number: string; materials: string }> {
  await page.goto(`${base}/sandbox?as=${d.applicant}`);
  await page.locator('.sb-chip', { hasText: '申报' }).first().click();
  const kinds = card(page, '金寨县政务信息化项目申报');
  const form = page.locator(`[data-lk-card="${await kinds.getAttribute('data-lk-card')}"]`);
  await kinds.locator('button', { hasText: '新建' }).click();
  await form.locator('input[name="head"]').waitFor();
  await d.onStep?.(1, form);
  await form.locator('input[name="head"]').fill('张三');
  await form.locator('input[name="contact"]').fill('王五');
  await form.locator('input[name="phone"]').fill('0564-5222333');
  await form.locator('input[name="email"]').fill('wang@example.cn');
  await form.locator('input[name="project_name"]').fill(d.name);
  await form.locator('input[name="construction_period"]').fill('2027年01月至2027年12月');
  await form.locator('button', { hasText: /^下一步$/ }).click();
  await form.locator('input[name="investment_wan"]').waitFor();
  await d.onStep?.(2, form);
  await form.locator('input[name="investment_wan"]').fill(String(d.investmentWan));
  await form.locator('input[name="funding_fiscal_wan"]').fill(String(d.fiscalWan));
  await form.locator('input[name="funding_self_wan"]').fill(String(d.selfWan));
  await form.locator('textarea[name="basis_and_content"]').fill(d.content);
  // The yes/no questions the pack asks (金寨 第八条 own hardware, 第十四条 existing systems).
  for (const select of await form.locator('select[name^="fact_"]').all()) await select.selectOption({ label: '否' });
  await form.locator('button', { hasText: '下一步：核对并提交' }).click();
  await form.locator('button', { hasText: '提交申报' }).waitFor();
  await d.onStep?.(3, form);
  const materials = /申报材料（(\d+\/\d+)项已附）/.exec((await form.textContent()) ?? '')?.[1] ?? '';
  await form.locator('button', { hasText: '提交申报' }).click();
  const toast = page.locator('#toast');
  // The toast of an earlier tap may still be showing: wait for the one with the number.
  await page.waitForFunction(
    () => /[A-Z]{2}-\d{4}-\d{4}/.test(document.querySelector('#toast')?.textContent ?? ''),
    null,
    { timeout: 15_000, polling: 200 },
  );
  return { number: /[A-Z]{2}-\d{4}-\d{4}/.exec((await toast.textContent()) ?? '')![0], materials };
}

/**
 * Each official in turn acts on the cards waiting for them until the project leaves review: approves
 * with a comment, or records the funding (`funding`: 万元 and 资金渠道) on the finance card.
 */
export async function approveInSandbox(
  page: Page,
  s: Pick<Sandbox, 'base' | 'database'>,
  o: { number: string; projectName: string; officials: string[]; funding: { wan: number; channel: string } },
): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const [p] = await s.database.db.select().from(projects).where(eq(projects.number, o.number));
    if (p!.status !== 'submitted' && p!.status !== 'in_review') return;
    let progressed = false;
    for (const official of o.officials) {
      await page.goto(`${s.base}/sandbox?as=${official}`);
      await page.waitForTimeout(300);
      const approval = card(page, `待审批：${o.projectName}`);
      const finance = card(page, `资金安排：${o.projectName}`);
      if ((await approval.count()) && (await approval.locator('button[data-name="approve"]:not([disabled])').count())) {
        const comment = approval.locator('textarea[name="comment"]');
        if (await comment.count()) await comment.fill('同意立项。');
        await approval.locator('button[data-name="approve"]').click();
      } else if ((await finance.count()) && (await finance.locator('button[data-name="finance_submit"]').count())) {
        await finance.locator('input[name="amount_wan"]').fill(String(o.funding.wan));
        await finance.locator('select[name="fund_channel"]').selectOption(o.funding.channel);
        await finance.locator('button[data-name="finance_submit"]').click();
      } else continue;
      await page.locator('#toast').waitFor();
      progressed = true;
    }
    if (!progressed) await page.waitForTimeout(1000);
  }
}

/** Signs in to the sandbox's console as `openId` (the sign-in page lists the directory's people). */
export async function consoleSignIn(page: Page, base: string, openId: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.locator(`a[data-person="${openId}"]`).click();
  await page.locator('nav').waitFor();
}

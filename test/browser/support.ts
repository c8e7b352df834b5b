/**
 * Real headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core
 * (no browser download). Where no browser is installed the tests are skipped with a clear message;
 * `.ci/run` installs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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

/** The last card on the sandbox page whose title contains `title`. */
export function cardTitled(page: Page, title: string): Locator {
  return page
    .locator('.lk-card')
    .filter({ has: page.locator('.lk-title', { hasText: title }) })
    .last();
}

export interface DeclareSteps {
  project: string;
  content: string;
  /** Called on each step of the form (1, 2, then 3 = the review), e.g. to take a screenshot. */
  onStep?: (step: number, form: Locator) => Promise<void>;
}

/**
 * The README path on an open sandbox page of a 金寨县 unit member: the 申报 chip, 新建, 附件1 filled
 * in (80 万: 50 财政, 30 自筹, deployed on the county cloud) and submitted. Returns the project number
 * the toast gives.
 */
export async function declareInSandbox(page: Page, o: DeclareSteps): Promise<string> {
  await page.locator('.sb-chip', { hasText: '申报' }).first().click();
  const kinds = cardTitled(page, '金寨县政务信息化项目申报');
  const form = page.locator(`[data-lk-card="${await kinds.getAttribute('data-lk-card')}"]`);
  await kinds.locator('button', { hasText: '新建' }).click();
  await form.locator('input[name="head"]').waitFor();
  await o.onStep?.(1, form);
  await form.locator('input[name="head"]').fill('张三');
  await form.locator('input[name="contact"]').fill('王五');
  await form.locator('input[name="phone"]').fill('0564-5222333');
  await form.locator('input[name="email"]').fill('wang@example.cn');
  await form.locator('input[name="project_name"]').fill(o.project);
  await form.locator('input[name="construction_period"]').fill('2027年01月至2027年12月');
  await form.locator('button', { hasText: /^下一步$/ }).click();
  await form.locator('input[name="investment_wan"]').waitFor();
  await o.onStep?.(2, form);
  await form.locator('input[name="investment_wan"]').fill('80');
  await form.locator('input[name="funding_fiscal_wan"]').fill('50');
  await form.locator('input[name="funding_self_wan"]').fill('30');
  await form.locator('textarea[name="basis_and_content"]').fill(o.content);
  for (const select of await form.locator('select[name^="fact_"]').all()) await select.selectOption({ label: '否' });
  await form.locator('button', { hasText: '下一步：核对并提交' }).click();
  await form.locator('button', { hasText: '提交申报' }).waitFor();
  await o.onStep?.(3, form);
  await form.locator('button', { hasText: '提交申报' }).click();
  let number = '';
  for (let i = 0; i < 75 && !number; i++) {
    number = /[A-Z]{1,8}-\d{4}-\d{4}/.exec((await page.locator('#toast').textContent()) ?? '')?.[0] ?? '';
    if (!number) await page.waitForTimeout(200);
  }
  if (!number) throw new Error(`no project number in the toast: ${await page.locator('#toast').textContent()}`);
  return number;
}

/**
 * Every official of `officials` acts on the project's cards in the sandbox until `done()`: 同意 on an
 * approval card (with a short opinion where one is asked), 50 万 from 本级财政预算资金 on a funding card.
 */
export async function approveInSandbox(
  page: Page,
  o: { base: string; project: string; officials: readonly string[]; done: () => Promise<boolean> },
): Promise<void> {
  for (let round = 0; round < 10 && !(await o.done()); round++) {
    let progressed = false;
    for (const official of o.officials) {
      await page.goto(`${o.base}/sandbox?as=${official}`);
      await page.waitForTimeout(300);
      const approval = cardTitled(page, `待审批：${o.project}`);
      const finance = cardTitled(page, `资金安排：${o.project}`);
      if ((await approval.count()) && (await approval.locator('button[data-name="approve"]:not([disabled])').count())) {
        const comment = approval.locator('textarea[name="comment"]');
        if (await comment.count()) await comment.fill('同意立项。');
        await approval.locator('button[data-name="approve"]').click();
      } else if ((await finance.count()) && (await finance.locator('button[data-name="finance_submit"]').count())) {
        await finance.locator('input[name="amount_wan"]').fill('50');
        await finance.locator('select[name="fund_channel"]').selectOption('本级财政预算资金');
        await finance.locator('button[data-name="finance_submit"]').click();
      } else continue;
      // The answer's toast (it hides again after 3 s, so its text is what is waited for).
      await page.waitForFunction(() => Boolean(document.getElementById('toast')?.textContent));
      progressed = true;
    }
    if (!progressed) await page.waitForTimeout(1000);
  }
}

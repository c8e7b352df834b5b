/**
 * The console as an official sees it, on a desktop and on a 390×844 phone, in headless Chromium: a
 * 金寨 project declared and approved through the sandbox's cards (孙 records the funding), beside
 * synthetic projects of every region. On each screen (amounts, list, project page, deadlines): no
 * table cell narrower than 4 characters, no raw open_id, chart labels whole and inside their chart;
 * the project page shows each section once, the materials counted as the unit's card counted them;
 * the stage filter offers only the viewer's region's stages; the favicon answers 200. Screenshots go
 * to test-artifacts/console-<screen>-<size>.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoProjects } from '../../src/console/demo-data.js';
import { stageLabels } from '../../src/console/queries/pipeline.js';
import { packById } from '../../src/rules/packs/index.js';
import {
  HAVE_CHROMIUM,
  NO_BROWSER_MESSAGE,
  approveInSandbox,
  consoleSignIn,
  declareInSandbox,
  shot,
  startSandbox,
  type Sandbox,
} from './support.js';

if (!HAVE_CHROMIUM) console.warn(NO_BROWSER_MESSAGE);

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const APPLICANT = 'ou_jzEduZhou';
const REVIEWER = 'ou_jzZhbLi'; // 县智慧办: sees all of 金寨
const OFFICIALS = [REVIEWER, 'ou_jzGovChen', 'ou_jzCzjSun'];
const PROJECT = '智慧教育平台（控制台测试）';
const FUNDING = { wan: 50, channel: '本级财政预算资金' };
const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

/** Table cells with text narrower than 4 characters of their own font. */
function narrowCells(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('td')]
      .filter((td) => {
        const text = td.textContent?.trim();
        return text && td.getBoundingClientRect().width < 4 * Number.parseFloat(getComputedStyle(td).fontSize);
      })
      .map((td) => `${td.textContent?.trim().slice(0, 20)} (${Math.round(td.getBoundingClientRect().width)}px)`),
  );
}

/** Chart labels cut short (…) or drawn outside their chart's box. */
function clippedChartLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('svg.chart')].flatMap((svg) => {
      const box = (svg as SVGSVGElement).viewBox.baseVal;
      return [...svg.querySelectorAll('text')]
        .filter((t) => {
          const b = t.getBBox();
          const cut = t.dataset.label !== undefined && t.textContent !== t.dataset.label;
          return cut || b.x < box.x || b.x + b.width > box.x + box.width || b.y < box.y;
        })
        .map((t) => t.textContent ?? '');
    }),
  );
}

/** What a page shows a person: raw open_ids should not be among it. */
async function rawOpenIds(page: Page): Promise<string[]> {
  return ((await page.locator('body').textContent()) ?? '').match(/ou_[0-9A-Za-z_]+/g) ?? [];
}

describe.skipIf(!HAVE_CHROMIUM)('the console on a desktop and a 390×844 phone', () => {
  let s: Sandbox;
  let number = '';
  let unitCount = '';

  beforeAll(async () => {
    s = await startSandbox(NOW);
    const page = await s.browser.newPage({ viewport: SIZES[1].viewport });
    page.setDefaultTimeout(10_000);
    const declared = await declareInSandbox(page, s.base, {
      applicant: APPLICANT,
      name: PROJECT,
      content: '依据县教育信息化规划，建设智慧教育平台，部署在县云计算中心。',
      investmentWan: 80,
      fiscalWan: 50,
      selfWan: 30,
    });
    number = declared.number;
    unitCount = declared.materials;
    await approveInSandbox(page, s, { number, projectName: PROJECT, officials: OFFICIALS, funding: FUNDING });
    await page.close();
    await seedDemoProjects(s.database.db, s.server.runtime.ctx.packs, {
      count: 160,
      today: '2026-11-23',
      now: NOW,
      seed: 5,
    });
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  it('the favicon is served', async () => {
    const res = await fetch(`${s.base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/');
  });

  it('the sign-in page names every person of the example directory', async () => {
    const page = await s.browser.newPage({ viewport: SIZES[1].viewport });
    await page.goto(`${s.base}/console/login`);
    expect(await page.locator('a[data-person]').count()).toBeGreaterThan(20);
    expect(await rawOpenIds(page)).toEqual([]);
    await page.close();
  });

  for (const size of SIZES) {
    describe(`at ${size.viewport.width}×${size.viewport.height}`, () => {
      let page: Page;

      beforeAll(async () => {
        page = await s.browser.newPage({ viewport: size.viewport });
        page.setDefaultTimeout(10_000);
        await consoleSignIn(page, s.base, REVIEWER);
      });
      afterAll(async () => {
        await page?.close();
      });

      /** Every screen: no cramped cell, no open_id, no cut chart label; then its screenshot. */
      async function checkScreen(name: string) {
        expect(await narrowCells(page), name).toEqual([]);
        expect(await rawOpenIds(page), name).toEqual([]);
        expect(await clippedChartLabels(page), name).toEqual([]);
        await shot(page, `console-${name}-${size.name}.png`);
      }

      it('amounts: declared by channel and what 孙 arranged', async () => {
        await page.goto(`${s.base}/console`);
        const arranged = page.locator('section[data-region="jinzhai"] [data-arranged]');
        expect((await arranged.textContent()) ?? '').toContain(FUNDING.channel);
        expect((await arranged.textContent()) ?? '').toContain('50万元');
        await checkScreen('amounts');
      });

      it('the project list: its stage filter offers only 金寨’s stages', async () => {
        await page.goto(`${s.base}/console/projects`);
        const options = await page
          .locator('select[name="stage"] option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
        expect(options).toEqual(stageLabels(packById('jinzhai-2022')));
        expect(await page.locator(`tr[data-project="${number}"]`).count()).toBe(1);
        await checkScreen('list');
      });

      it('the project page: each section once, the unit’s material count, the funding in the trail', async () => {
        await page.goto(`${s.base}/console/projects/${number}`);
        const headings = await page.locator('main h2').allTextContents();
        expect(headings.length).toBeGreaterThan(4);
        expect(new Set(headings).size, headings.join(' | ')).toBe(headings.length);
        // The approval history is told once: each audit row once, the funding decision once.
        const main = (await page.locator('main').textContent()) ?? '';
        expect(main.split(`安排资金 ${FUNDING.wan} 万元（${FUNDING.channel}）`).length - 1).toBe(1);
        expect(main.split('同意立项。').length - 1).toBeGreaterThanOrEqual(1);
        const audits = await page
          .locator('[data-audit]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-audit')));
        expect(audits.length).toBeGreaterThanOrEqual(3);
        expect(new Set(audits).size).toBe(audits.length);
        expect(unitCount).toMatch(/^\d+\/\d+$/);
        expect(await page.locator('#materials h2').textContent()).toBe(`申报材料（${unitCount}项已附）`);
        expect(main).not.toContain('ou_');
        await checkScreen('project');
      });

      it('deadlines: the weekly chart’s labels whole', async () => {
        await page.goto(`${s.base}/console/deadlines`);
        const labels = await page.locator('svg.chart text[data-label]').allTextContents();
        expect(labels).toContain('已逾期');
        expect(labels.some((l) => l.startsWith('本周 ') && l.endsWith('11/29'))).toBe(true);
        await checkScreen('deadlines');
      });
    });
  }
});

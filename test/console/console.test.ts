/**
 * The console: who sees what (admin everything, an office its region, a unit its own projects), each
 * page against the database it reads, the 项目库 .xlsx and the 申报表 .docx. Runs on the sandbox's
 * sign-in (the Feishu sign-in is console-oauth.test.ts).
 */
import ExcelJS from 'exceljs';
import { and, count, eq, inArray, lt, sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalTasks, deadlines, offices, projects, units } from '../../db/schema/index.js';
import type { Database } from '../../db/client.js';
import { seedDemoProjects } from '../../src/console/demo-data.js';
import { safeNext, authorizeEndpoint } from '../../src/console/auth.js';
import { mondayOf, addDays, waited } from '../../src/console/pages/format.js';
import { channelLabel } from '../../src/console/queries/pipeline.js';
import { projectMaterialStatus } from '../../src/declaration/compliance.js';
import { ladder } from '../../src/lifecycle/rectification.js';
import { packById } from '../../src/rules/packs/index.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday
const TODAY = '2026-11-23';

describe('the console', () => {
  let database: Database;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;
  const cookies = new Map<string, string>();

  async function signIn(openId: string): Promise<string> {
    if (cookies.has(openId)) return cookies.get(openId)!;
    const res = await fetch(`${base}/console/sandbox-login?as=${openId}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('zw_console='))!
      .split(';')[0]!;
    cookies.set(openId, cookie);
    return cookie;
  }
  async function get(openId: string, path: string): Promise<Response> {
    return fetch(`${base}${path}`, { headers: { cookie: await signIn(openId) }, redirect: 'manual' });
  }
  const page = async (openId: string, path: string) => {
    const res = await get(openId, path);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    server = await startServer(
      { PORT: '0', HOST: '127.0.0.1', BACKGROUND_LOOPS: 'off' },
      { database, clock: () => NOW, log: () => {} },
    );
    base = `http://127.0.0.1:${server.port}`;
    await seedDemoProjects(database.db, server.runtime.ctx.packs, { count: 240, today: TODAY, now: NOW, seed: 3 });
    const [unit] = await database.db.select().from(units).where(eq(units.name, '区市场监管局'));
    await database.db.insert(projects).values({
      number: 'MD-2026-0777',
      regionId: 'mudan',
      policy: 'mudan-2023',
      unitId: unit!.id,
      kind: packById('mudan-2023')!.projectKinds[0]!.id,
      name: '<script>alert(1)</script>市场监管平台',
      investmentYuan: 1_234_500,
      fields: {},
      facts: {},
      status: 'submitted',
      createdBy: 'ou_mdScjGao',
      submittedAt: NOW,
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('without a session every page sends you to sign in, and back afterwards', async () => {
    const res = await fetch(`${base}/console/deadlines?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/console/login?next=${encodeURIComponent('/console/deadlines?x=1')}`);
    const login = await (await fetch(`${base}/console/login`)).text();
    expect(login).toContain('data-person="ou_jzZhbLi"');
    expect(login).toContain('沙盒中没有飞书可供登录');
    // A forged or tampered session cookie is no session.
    const cookie = await signIn('ou_jzEduZhou');
    const forged = cookie.replace(
      /=([^.]*)\./,
      '=eyJvcGVuSWQiOiJvdV9hZG1pblpoYW5nIiwibmFtZSI6IngiLCJleHBpcmVzQXQiOjk5OTk5OTk5OTk5OTl9.',
    );
    expect((await fetch(`${base}/console`, { headers: { cookie: forged }, redirect: 'manual' })).status).toBe(302);
    expect(safeNext('//evil.example/console')).toBe('/console');
    expect(safeNext('https://evil.example')).toBe('/console');
    expect(safeNext('/console/projects?q=1')).toBe('/console/projects?q=1');
  });

  it('someone outside the directory has nothing to see', async () => {
    const res = await get('ou_sandboxGuest', '/console');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('不在组织目录中');
  });

  it('an admin sees every region; the pipeline adds up to every project, with a chart', async () => {
    const html = await page('ou_adminZhang', '/console');
    for (const r of ['jinzhai', 'mudan', 'huaian', 'gaoping']) expect(html).toContain(`data-region="${r}"`);
    const total = (await database.db.select({ n: count() }).from(projects))[0]!.n;
    const shown = [...html.matchAll(/<div class="kpi"><b>(\d+)<\/b><span>项目数<\/span>/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    expect(shown).toBe(total);
    expect(html).toMatch(/<svg class="chart"[^>]*role="img" aria-label="金寨县各阶段项目数"/);
    expect(html).toContain('财政资金');
  });

  it('a reviewer office sees its whole region and nothing else', async () => {
    const html = await page('ou_jzZhbLi', '/console');
    expect(html).toContain('data-region="jinzhai"');
    expect(html).not.toContain('data-region="mudan"');
    const list = await page('ou_jzZhbLi', '/console/projects');
    const numbers = [...list.matchAll(/data-project="([^"]+)"/g)].map((m) => m[1]!);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((n) => n.startsWith('JZ-'))).toBe(true);
    const jz = (await database.db.select({ n: count() }).from(projects).where(eq(projects.regionId, 'jinzhai')))[0]!.n;
    expect(list).toContain(`<h1>项目（${jz}）</h1>`);
    expect((await get('ou_jzZhbLi', '/console/projects/MD-2026-0777')).status).toBe(404);
    expect((await get('ou_jzZhbLi', '/console/export/mudan.xlsx')).status).toBe(404);
  });

  it('a unit member sees only the unit’s projects; user text is escaped', async () => {
    const [unit] = await database.db.select().from(units).where(eq(units.name, '区市场监管局'));
    const own = (await database.db.select({ n: count() }).from(projects).where(eq(projects.unitId, unit!.id)))[0]!.n;
    const list = await page('ou_mdScjGao', '/console/projects');
    expect(list).toContain(`<h1>项目（${own}）</h1>`);
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;市场监管平台');
    expect(list).not.toContain('<script>alert(1)');
    const detail = await page('ou_mdScjGao', '/console/projects/MD-2026-0777');
    expect(detail).toContain('<b data-stage="已提交待审核">已提交待审核</b>');
    expect(detail).toContain('123.45万元');
    const feedback = await page('ou_mdScjGao', '/console/feedback');
    expect(feedback).toContain('仅管理员和主管部门可以查看问答反馈');
  });

  it('the projects list filters by region, stage and text, and pages', async () => {
    const all = (await database.db.select({ n: count() }).from(projects))[0]!.n;
    const first = await page('ou_adminZhang', '/console/projects');
    expect(first).toContain(`第 1 / ${Math.ceil(all / 50)} 页`);
    const second = await page('ou_adminZhang', '/console/projects?page=2');
    const a = [...first.matchAll(/data-project="([^"]+)"/g)].map((m) => m[1]);
    const b = [...second.matchAll(/data-project="([^"]+)"/g)].map((m) => m[1]);
    expect(a.filter((x) => b.includes(x))).toEqual([]);
    const returned = (
      await database.db
        .select({ n: count() })
        .from(projects)
        .where(and(eq(projects.status, 'returned'), eq(projects.regionId, 'huaian')))
    )[0]!.n;
    expect(
      await page('ou_adminZhang', `/console/projects?region=huaian&stage=${encodeURIComponent('退回修改')}`),
    ).toContain(`<h1>项目（${returned}）</h1>`);
    expect(await page('ou_adminZhang', `/console/projects?q=${encodeURIComponent('MD-2026-0777')}`)).toContain(
      '<h1>项目（1）</h1>',
    );
  });

  it('the stage filter offers only the stages of the regions the viewer sees', async () => {
    const options = (html: string) => {
      const select = /<select name="stage">([\s\S]*?)<\/select>/.exec(html)![1]!;
      return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
    };
    const jinzhai = options(await page('ou_jzZhbLi', '/console/projects'));
    for (const s of packById('jinzhai-2022')!.stages) expect(jinzhai).toContain(s.name);
    expect(jinzhai).not.toContain('签订《项目建设主体责任书》'); // 牡丹区's
    expect(jinzhai).not.toContain('竣工验收');
    // An admin sees every region; with one chosen, only its stages.
    expect(options(await page('ou_adminZhang', '/console/projects'))).toContain('竣工验收');
    expect(options(await page('ou_adminZhang', '/console/projects?region=jinzhai'))).not.toContain('竣工验收');
  });

  it('deadlines: overdue, this week and by unit agree with the deadlines table', async () => {
    const html = await page('ou_adminZhang', '/console/deadlines');
    const open = and(eq(deadlines.state, 'open'), inArray(deadlines.type, ['deadline', 'window']));
    const overdue = (
      await database.db
        .select({ n: count() })
        .from(deadlines)
        .where(and(open, lt(deadlines.due, TODAY)))
    )[0]!.n;
    const sunday = addDays(mondayOf(TODAY), 6);
    const week = (
      await database.db
        .select({ n: count() })
        .from(deadlines)
        .where(and(open, sql`${deadlines.due} between ${TODAY} and ${sunday}`))
    )[0]!.n;
    expect(overdue).toBeGreaterThan(0);
    expect(html).toContain(`<h2>已逾期（${overdue}）</h2>`);
    expect(html).toContain(`<h2>本周到期（${week}）</h2>`);
    expect(html).toMatch(/aria-label="每周到期的期限数"/);
    expect(html).toContain('第二十条');
    // A unit member sees its own unit's rows only.
    const unitHtml = await page('ou_jzEduZhou', '/console/deadlines');
    const units_ = [...unitHtml.matchAll(/<tr data-unit="([^"]+)">/g)].map((m) => m[1]);
    expect(units_.every((u) => u === '县教育局')).toBe(true);
  });

  it('pending approvals per office with how long each has waited', async () => {
    const html = await page('ou_jzZhbLi', '/console/approvals');
    const [reviewer] = await database.db
      .select()
      .from(offices)
      .where(and(eq(offices.regionId, 'jinzhai'), eq(offices.role, 'reviewer')));
    const pending = (
      await database.db
        .select({ n: count() })
        .from(approvalTasks)
        .where(and(eq(approvalTasks.status, 'pending'), eq(approvalTasks.officeId, reviewer!.id)))
    )[0]!.n;
    expect(pending).toBeGreaterThan(0);
    expect(html).toContain(`<h2>金寨县 · 县智慧办（${pending}）</h2>`);
    expect(html).toMatch(/<td class="num"[^>]*>\d+天(\d+小时)?<\/td>/);
    expect(waited(new Date('2026-11-20T01:00:00Z'), NOW)).toBe('3天1小时');
  });

  it('rectifications show their state and the rung of the pack’s ladder', async () => {
    const html = await page('ou_adminZhang', '/console/rectifications');
    expect(html).toContain('未按期报送建设进度');
    expect(html).toContain(ladder(packById('jinzhai-2022')!)[0]!.name);
  });

  it('Q&A feedback lists the answers people marked 👎', async () => {
    expect(await page('ou_adminZhang', '/console/feedback')).toContain('终验需要什么材料？');
  });

  it('a project page: fields, materials, approval trail, deadlines, audit log; and its 申报表 .docx', async () => {
    const [p] = await database.db
      .select()
      .from(projects)
      .where(and(eq(projects.regionId, 'jinzhai'), eq(projects.status, 'approved')))
      .limit(1);
    const html = await page('ou_jzZhbLi', `/console/projects/${p!.number}`);
    for (const h of ['申报信息', '审批轨迹', '期限']) expect(html).toContain(`<h2>${h}</h2>`);
    expect(html).not.toContain('<h2>其他操作记录</h2>'); // no log rows beside the approval trail: no empty section
    // Materials counted as the unit's review card counts them: its 申报表 is generated from the declaration.
    const status = projectMaterialStatus(packById(p!.policy)!, p!.kind, p!.facts, []);
    const attached = status.filter((m) => m.attached).length;
    expect(attached).toBeGreaterThan(0);
    expect(html).toContain(`<h2>申报材料（${attached}/${status.length}项已附）</h2>`);
    expect(html).toContain('由本申报表生成');
    expect(html).toContain(p!.name);
    const rows = (await database.db.select({ n: count() }).from(deadlines).where(eq(deadlines.projectId, p!.id)))[0]!.n;
    expect([...html.matchAll(/<tr data-deadline=/g)].length).toBe(rows);
    const docx = await get('ou_jzZhbLi', `/console/projects/${p!.number}/declaration.docx`);
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']!);
    expect(xml).toContain(p!.name);
  });

  it('the region’s 项目库 exports to an .xlsx that opens and holds every project the viewer sees', async () => {
    const res = await get('ou_jzZhbLi', '/console/export/jinzhai.xlsx');
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('金寨县项目库');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual([
      '项目编号',
      '项目名称',
      '地区',
      '建设单位',
      '项目类型',
      '阶段',
      '状态',
      '总投资（万元）',
    ]);
    expect(header).toContain('财政资金（万元）');
    expect(header.some((h) => String(h).startsWith('申报表：'))).toBe(true);
    const jz = await database.db.select().from(projects).where(eq(projects.regionId, 'jinzhai'));
    expect(sheet.rowCount).toBe(jz.length + 1);
    const sample = jz[0]!;
    let row: unknown[] | undefined;
    sheet.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      if (v[0] === sample.number) row = v;
    });
    expect(row![1]).toBe(sample.name);
    expect(row![7]).toBe(sample.investmentYuan / 10000);
  });

  it('small helpers: channel names, the Feishu and Lark authorize pages', () => {
    expect(channelLabel({ label: '财政资金（万元）', role: 'fiscal_fund' })).toBe('财政资金');
    expect(channelLabel({ label: '单位自筹（万元）', role: 'fund' })).toBe('单位自筹');
    expect(authorizeEndpoint('https://open.feishu.cn')).toBe(
      'https://accounts.feishu.cn/open-apis/authen/v1/authorize',
    );
    expect(authorizeEndpoint('https://open.larksuite.com')).toBe(
      'https://accounts.larksuite.com/open-apis/authen/v1/authorize',
    );
    expect(authorizeEndpoint('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/open-apis/authen/v1/authorize');
  });
});

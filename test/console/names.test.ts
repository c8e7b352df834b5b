/**
 * With a Feishu app (no sandbox, no demo names) the console names people from the directory: the
 * file's `names` with the office or unit the person sits in; someone in the directory without a name
 * keeps the open_id, with the office; someone the directory does not know, the open_id alone.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, people, projects } from '../../db/schema/index.js';
import { parseOrgDirectory } from '../../src/org/directory.js';
import { declareProject } from '../support/declare.js';
import { EXAMPLE_ORG, startTestBot, type TestBot } from '../support/harness.js';

const NAMES = { ou_jzZhbLi: '李晓明', ou_jzEduZhou: '周建国', ou_jzGovChen: '陈志远', ou_adminZhang: '张伟' };
const ORG = JSON.stringify({ ...JSON.parse(EXAMPLE_ORG), names: NAMES });
const STRANGER = 'ou_formerStaff01';

describe('the console names people from the directory (Feishu mode)', () => {
  let bot: TestBot;
  let number = '';
  let cookie = '';

  const page = async (path: string) => {
    const res = await fetch(`${bot.url}${path}`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    bot = await startTestBot({ org: ORG });
    number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const [p] = await bot.database.db.select().from(projects).where(eq(projects.number, number));
    // Someone who has since left the directory once acted on the project.
    await bot.database.db
      .insert(auditLog)
      .values({ projectId: p!.id, actorOpenId: STRANGER, action: 'urge', detail: {}, at: new Date() });
    // Feishu web sign-in as the admin (Feishu's own name for the viewer is not the directory's).
    bot.fake.loginAs('ou_adminZhang', '张三丰');
    const start = await fetch(`${bot.url}/console/login?go=1`, { redirect: 'manual' });
    const state = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const back = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = await fetch(back.headers.get('location')!, { headers: { cookie: state }, redirect: 'manual' });
    expect(callback.status).toBe(302);
    cookie = callback.headers
      .getSetCookie()
      .find((c) => c.startsWith('zw_console='))!
      .split(';')[0]!;
  }, 120_000);
  afterAll(async () => bot?.close());

  it('the directory file’s names are imported (and only checked open_ids are accepted)', async () => {
    const rows = await bot.database.db.select().from(people);
    expect(Object.fromEntries(rows.map((r) => [r.openId, r.name]))).toEqual(NAMES);
    expect(() =>
      parseOrgDirectory(JSON.stringify({ ...JSON.parse(EXAMPLE_ORG), names: { 'li@example.cn': '李' } }), 'org.json', [
        'jinzhai-2022',
        'mudan-2023',
        'huaian-draft',
        'gaoping-2020',
      ]),
    ).toThrow(/ORG_CONFIG org\.json: names/);
  });

  it('pending approvals show the directory’s name and office instead of the open_id', async () => {
    const html = await page('/console/approvals');
    expect(html).toContain(number);
    expect(html).toContain('李晓明（县智慧办）');
    expect(html).not.toContain('ou_jzZhbLi');
    // In the directory without a name: the open_id, with the office.
    expect(html).toContain('ou_jzZhbWang（县智慧办）');
  });

  it('the project page: approval trail and audit log name people; an unknown person stays an open_id', async () => {
    const html = await page(`/console/projects/${number}`);
    expect(html).toContain('李晓明（县智慧办）');
    expect(html).toContain('周建国（县教育局）');
    expect(html).not.toContain('ou_jzEduZhou');
    expect(html).not.toContain('ou_jzZhbLi');
    expect(html).toContain(`>${STRANGER}<`);
  });
});

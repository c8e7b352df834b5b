import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgConfigError, parseOrgDirectory } from '../../src/org/directory.js';
import { importDirectory, lookupPerson, officesWithRole } from '../../src/org/store.js';
import type { Database } from '../../db/client.js';
import { openTestDatabase } from '../support/db.js';

const POLICIES = ['jinzhai-2022', 'mudan-2023', 'huaian-draft', 'gaoping-2020'];
const example = readFileSync(new URL('../../docs/org.example.json', import.meta.url), 'utf8');

describe('organisation directory file', () => {
  it('parses the README example covering the four regions', () => {
    const dir = parseOrgDirectory(example, 'org.json', POLICIES);
    expect(dir.regions.map((r) => r.policy)).toEqual(POLICIES);
    const huaian = dir.regions.find((r) => r.id === 'huaian')!;
    expect(huaian.offices.filter((o) => o.role === 'joint_reviewer').map((o) => o.name)).toEqual([
      '市委网信办',
      '市密码管理局',
      '市档案局',
    ]);
  });

  it('reads YAML as well', () => {
    const yaml = `admins: [ou_a]\nregions:\n  - id: jinzhai\n    policy: jinzhai-2022\n    name: 金寨县\n    offices:\n      - {name: 县智慧办, role: reviewer, members: [ou_b]}\n`;
    expect(parseOrgDirectory(yaml, 'org.yaml', POLICIES).regions[0]!.offices[0]!.members).toEqual(['ou_b']);
  });

  const broken = (mutate: (d: any) => void) => {
    const d = JSON.parse(example);
    mutate(d);
    return JSON.stringify(d);
  };

  it.each([
    [
      'a bad role',
      (d: any) => (d.regions[0].offices[1].role = 'boss'),
      /regions\[0\]\(金寨县\)\.offices\[1\]\(县政府\)\.role: 角色无效/,
    ],
    [
      'an open_id that is not one',
      (d: any) => (d.regions[1].units[0].members[0] = 'zhangsan'),
      /regions\[1\]\(牡丹区\)\.units\[0\]\(区市场监管局\)\.members\[0\]: 应为飞书 open_id/,
    ],
    [
      'an unknown policy',
      (d: any) => (d.regions[2].policy = 'huaian-2030'),
      /regions\[2\]\(淮安市\)\.policy: 未知的管理办法 "huaian-2030"/,
    ],
    [
      'a region without reviewer',
      (d: any) => (d.regions[3].offices = d.regions[3].offices.slice(1)),
      /regions\[3\]\(高平市\)\.offices: 缺少 role 为 reviewer/,
    ],
    [
      'an unknown key',
      (d: any) => (d.regions[0].offices[0].memebers = []),
      /regions\[0\]\(金寨县\)\.offices\[0\]\(县智慧办\)/,
    ],
    ['a duplicate region', (d: any) => d.regions.push(d.regions[0]), /地区 jinzhai 重复/],
  ])('names the bad entry: %s', (_name, mutate, message) => {
    expect(() => parseOrgDirectory(broken(mutate), 'org.json', POLICIES)).toThrow(OrgConfigError);
    expect(() => parseOrgDirectory(broken(mutate), 'org.json', POLICIES)).toThrow(message);
  });

  it('rejects a file that is not JSON', () => {
    expect(() => parseOrgDirectory('{', 'org.json', POLICIES)).toThrow(/ORG_CONFIG org.json: not valid JSON/);
  });
});

describe('directory import', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => database.close());

  it('imports idempotently and looks people up', async () => {
    const dir = parseOrgDirectory(example, 'org.json', POLICIES);
    await importDirectory(database.db, dir);
    await importDirectory(database.db, dir);
    const edu = await lookupPerson(database.db, 'ou_jzEduZhou');
    expect(edu.units).toEqual([
      expect.objectContaining({
        unitName: '县教育局',
        regionId: 'jinzhai',
        policy: 'jinzhai-2022',
        chatId: 'oc_jzEduGroup',
        position: 'member',
      }),
    ]);
    expect(edu.isAdmin).toBe(false);
    expect((await lookupPerson(database.db, 'ou_adminZhang')).isAdmin).toBe(true);
    const joint = await officesWithRole(database.db, 'huaian', 'joint_reviewer');
    expect(joint.map((o) => o.officeName).sort()).toEqual(['市委网信办', '市密码管理局', '市档案局'].sort());
    const reviewers = await officesWithRole(database.db, 'jinzhai', 'reviewer');
    expect(reviewers).toEqual([
      {
        officeId: expect.any(Number),
        officeName: '县智慧办',
        members: ['ou_jzZhbLi', 'ou_jzZhbWang'],
        leaders: ['ou_jzZhbZhao'],
      },
    ]);
  });

  it('a changed file moves people; a bound group chat survives a file without chat_id', async () => {
    const d = JSON.parse(example);
    d.regions[0].offices[0].members = ['ou_jzZhbNew'];
    delete d.regions[0].units[0].chat_id;
    await importDirectory(database.db, parseOrgDirectory(JSON.stringify(d), 'org.json', POLICIES));
    expect((await lookupPerson(database.db, 'ou_jzZhbLi')).offices).toEqual([]);
    expect((await lookupPerson(database.db, 'ou_jzZhbNew')).offices[0]!.officeName).toBe('县智慧办');
    expect((await lookupPerson(database.db, 'ou_jzEduZhou')).units[0]!.chatId).toBe('oc_jzEduGroup');
  });
});

describe('withRegion', () => {
  it('does not repeat the county: 金寨县 + 县智慧办 is 金寨县智慧办; other names get the region in front', async () => {
    const { withRegion } = await import('../../src/org/store.js');
    expect(withRegion('金寨县', '县智慧办')).toBe('金寨县智慧办');
    expect(withRegion('牡丹区', '区大数据局')).toBe('牡丹区大数据局');
    expect(withRegion('金寨县', '教育局')).toBe('金寨县教育局');
  });
});

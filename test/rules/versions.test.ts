import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '../../db/schema/index.js';
import { checkReport } from '../../src/lifecycle/report.js';
import { renderRulesMarkdown } from '../../src/rules/docs.js';
import { PACKS, packById } from '../../src/rules/packs/index.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { packChanges, packInForce } from '../../src/rules/versions.js';
import { mudanRevision } from '../fixtures/mudan-revision-pack.js';
import { declareProject } from '../support/declare.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { mutableClock, shanghai } from '../support/lifecycle.js';
import { citedQuotes } from '../support/pack-citations.js';

const packs = [...PACKS, mudanRevision];

describe('a revised text is a new pack beside the old one', () => {
  it('the revision quotes its own text and names the version it supersedes', () => {
    for (const q of citedQuotes(mudanRevision))
      expect(mudanRevision.articles.find((a) => a.no === q.article)!.text, q.where).toContain(q.quote);
    expect(mudanRevision.version.supersedes).toBe('mudan-2023');
    expect(mudanRevision.articles.find((a) => a.no === 22)!.text).toContain('签订正式采购合同5个工作日内');
  });

  it('a declaration takes the version in force that day: 2023 up to 2025-05-08, the revision from 2025-05-09', () => {
    expect(packInForce(packs, 'mudan-2023', '2025-05-08')!.id).toBe('mudan-2023');
    expect(packInForce(packs, 'mudan-2023', '2025-05-09')!.id).toBe('mudan-2025-test');
    expect(packInForce(PACKS, 'mudan-2023', '2026-01-01')!.id).toBe('mudan-2023'); // nothing supersedes the shipped pack
  });

  it('docs/rules.md shows what changed between them', () => {
    const changes = packChanges(mudan2023, mudanRevision);
    expect(changes.find((c) => c.id === 'contract_filing')).toMatchObject({ change: 'changed', kind: '时限' });
    expect(changes.find((c) => c.id === 'contract_filing')!.before).toContain('10个工作日');
    expect(changes.find((c) => c.id === 'contract_filing')!.after).toContain('5个工作日');
    const doc = renderRulesMarkdown(packs);
    expect(doc).toContain('### 与上一版本（`mudan-2023`，2023年试行版）相比的变化');
    expect(doc).toContain('- 修改时限：签订正式采购合同后将相关资料报项目主管部门备案（`contract_filing`）');
    expect(doc).toContain('- 版本：2025年修订（测试用），取代 `mudan-2023`');
  });
});

describe('a project declared under each version is judged by its own', () => {
  const time = mutableClock(shanghai('2025-05-08'));
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock, packs });
  });
  afterAll(async () => bot.close());

  it('declared 2025-05-08 under mudan-2023 and 2025-05-12 under the revision: 10 and 5 working days to file the contract', async () => {
    const USER = 'ou_mdScjGao';
    time.set('2025-05-08');
    const before = await declareProject(bot, USER, 'mudan-2023', { packs });
    time.set('2025-05-12');
    const after = await declareProject(bot, USER, 'mudan-2025-test', { packs });
    const rows = await bot.database.db.select().from(projects);
    const policy = (n: string) => rows.find((r) => r.number === n)!.policy;
    expect([policy(before), policy(after)]).toEqual(['mudan-2023', 'mudan-2025-test']);
    // each judged by its own pack, whatever is in force now
    const judge = (n: string) => {
      const pack = packById(policy(n), packs)!;
      const project = {
        kind: 'government_build',
        events: { approved: '2025-06-02', responsibility_letter_signed: '2025-06-03' },
        attachedMaterialIds: ['procurement_contract'],
      };
      const r = checkReport(pack, project, { event: 'contract_signed', date: '2025-06-06' }, '2025-06-06');
      return r.ok ? r.due.map((d) => [d.limit.id, d.due, d.limit.quote]) : r.problems;
    };
    // Fri 06-06: + 10 working days → 06-20; + 5 → 06-13
    expect(judge(before)).toEqual([
      ['contract_filing', '2025-06-20', '项目建设单位签订正式采购合同10个工作日内，应将相关资料向项目主管部门备案'],
    ]);
    expect(judge(after)).toEqual([
      ['contract_filing', '2025-06-13', '项目建设单位签订正式采购合同5个工作日内，应将相关资料向项目主管部门备案'],
    ]);
    const [p] = await bot.database.db.select().from(projects).where(eq(projects.number, before));
    expect(p!.policy).toBe('mudan-2023');
  });
});

import { describe, expect, it } from 'vitest';
import { answerQuestion, regionAliases } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { yunling2024 } from '../fixtures/demo-region-pack.js';

const TODAY = '2025-06-16';
const ask = (question: string, regionPackId?: string, packs = PACKS) =>
  answerQuestion({ packs, question, today: TODAY, ...(regionPackId ? { regionPackId } : {}) });

describe('region of a question', () => {
  it('derives the names from region.name: 金寨县 → 金寨县, 金寨, 金寨市, 金寨区', () => {
    const jz = PACKS.find((p) => p.id === 'jinzhai-2022')!;
    expect(regionAliases(jz)).toEqual(expect.arrayContaining(['金寨县', '金寨', '金寨市', '金寨区']));
    const md = PACKS.find((p) => p.id === 'mudan-2023')!;
    expect(regionAliases(md)).toEqual(expect.arrayContaining(['牡丹区', '牡丹', '牡丹县']));
  });

  it.each([
    ['金寨终验需要什么材料', 'jinzhai-2022'],
    ['金寨县终验需要什么材料', 'jinzhai-2022'],
    ['牡丹终验需要什么材料', 'mudan-2023'],
    ['牡丹区终验需要什么材料', 'mudan-2023'],
    ['淮安终验需要什么材料', 'huaian-draft'],
    ['淮安市终验需要什么材料', 'huaian-draft'],
    ['高平终验需要什么材料', 'gaoping-2020'],
    ['高平县终验需要什么材料', 'gaoping-2020'],
    ['高平市终验需要什么材料', 'gaoping-2020'],
  ])('%s → %s', (q, packId) => {
    expect(ask(q).packId).toBe(packId);
  });

  it('a region named in the question wins over the asker’s', () => {
    const a = ask('高平合同签了几天内要备案', 'mudan-2023');
    expect(a.packId).toBe('gaoping-2020');
    expect(a.lines.join('')).toContain('5个工作日');
  });

  it('without a region named, the asker’s region answers', () => {
    const a = ask('合同签了几天内要备案', 'mudan-2023');
    expect(a.packId).toBe('mudan-2023');
    expect(a.lines.join('')).toContain('10个工作日');
  });

  it('with neither: ask_region with every pack as a choice', () => {
    const a = ask('合同签了几天内要备案');
    expect(a.kind).toBe('ask_region');
    expect(a.choices).toEqual(PACKS.map((p) => ({ packId: p.id, name: p.region.name })));
    expect(a.citations).toEqual([]);
    expect(a.question).toBe('合同签了几天内要备案');
  });

  it('an unknown asker pack is as good as none', () => {
    expect(ask('合同签了几天内要备案', 'nowhere-1999').kind).toBe('ask_region');
  });

  it('a fifth region works by adding its pack: names, rules and articles come from it', () => {
    const packs = [...PACKS, yunling2024];
    const a = ask('云岭县合同签订后几天内要备案', undefined, packs);
    expect(a.packId).toBe('yunling-2024');
    expect(a.topic).toEqual({ type: 'limit', id: 'contract_filing' });
    expect(a.lines.join('')).toContain('5个工作日');
    expect(a.citations[0]).toMatchObject({ article: 3, label: '第三条' });
    const b = ask('云岭竣工验收要什么材料', undefined, packs);
    expect(b.topic).toEqual({ type: 'stage', id: 'final_acceptance' });
    expect(b.materials?.map((m) => m.name)).toEqual(['第三方测评报告']);
    expect(ask('合同几天内备案', undefined, packs).choices?.map((c) => c.name)).toContain('云岭县');
  });
});

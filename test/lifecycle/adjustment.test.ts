import { describe, expect, it } from 'vitest';
import { classifyAdjustment } from '../../src/lifecycle/adjustment.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import type { RulePack } from '../../src/rules/types.js';

describe('classifyAdjustment', () => {
  it('牡丹区 ≤ 15 %: the unit may adjust and file, on the conditions of 第二十一条', () => {
    const c = classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 1_150_000 });
    expect(c.mode).toBe('file');
    expect(c.ratio).toBeCloseTo(0.15);
    expect(c.limitRatio).toBe(0.15);
    expect(c.article).toBe(21);
    expect(c.quote).toContain('同时向项目主管部门备案');
    expect(c.conditions.join('\n')).toContain('在采购前调整');
    // a decrease counts by its size too
    expect(classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 900_000 }).mode).toBe('file');
  });

  it('牡丹区 > 15 %: a change approval (项目变更手续)', () => {
    const c = classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 1_150_001 });
    expect(c.mode).toBe('approval');
    expect(c.checkId).toBe('budget_adjustment_over_limit');
    expect(c.message).toContain('履行项目变更手续');
    expect(c.conditions).toEqual([]);
  });

  it('reads the bound from the pack, not from the code: a pack with 10 % files 12 % as approval', () => {
    const tighter: RulePack = {
      ...mudan2023,
      checks: mudan2023.checks.map((c) =>
        c.id === 'budget_adjustment_over_limit'
          ? { ...c, when: { fact: 'budgetAdjustmentRatio', op: '>', value: 0.1 } }
          : c.id === 'budget_adjustment_within_limit'
            ? { ...c, when: { all: [{ fact: 'budgetAdjustmentRatio', op: '>', value: 0 }, { fact: 'budgetAdjustmentRatio', op: '<=', value: 0.1 }] } }
            : c,
      ),
    };
    expect(classifyAdjustment(tighter, { approvedYuan: 100, adjustedYuan: 112 }).mode).toBe('approval');
    expect(classifyAdjustment(tighter, { approvedYuan: 100, adjustedYuan: 108 })).toMatchObject({ mode: 'file', limitRatio: 0.1 });
  });

  it('金寨: every adjustment goes to 县政府 (第十五条), even a content-only one', () => {
    const c = classifyAdjustment(jinzhai2022, { approvedYuan: 500_000, adjustedYuan: 505_000 });
    expect([c.mode, c.article]).toEqual(['approval', 15]);
    expect(classifyAdjustment(jinzhai2022, { approvedYuan: 500_000, adjustedYuan: 500_000 }).mode).toBe('approval');
  });

  it('淮安: no tolerance → approval (第二十五条)', () => {
    expect(classifyAdjustment(huaianDraft, { approvedYuan: 100, adjustedYuan: 101 })).toMatchObject({ mode: 'approval', article: 25 });
  });

  it('高平 has no rule on the ratio: approval, citing its rule on 调整申请 (第十九条)', () => {
    expect(classifyAdjustment(gaoping2020, { approvedYuan: 100, adjustedYuan: 101 })).toMatchObject({ mode: 'approval', article: 19 });
  });

  it('rejects an approved amount of zero', () => {
    expect(() => classifyAdjustment(mudan2023, { approvedYuan: 0, adjustedYuan: 1 })).toThrow();
  });
});

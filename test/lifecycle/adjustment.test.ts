import { describe, expect, it } from 'vitest';
import { classifyAdjustment } from '../../src/lifecycle/adjustment.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import type { RulePack } from '../../src/rules/types.js';

describe('classifyAdjustment', () => {
  // 第二十一条: “项目投资规模未超出概算批复、建设目标不变，主要建设内容在采购前确需调整且调整内容涉及资金数额不超过概算总投资15%”
  const before = { procurementStarted: false } as const;

  it('牡丹区 第二十一条 “项目投资规模未超出概算批复”: 100 → 115 万 is above the approved estimate, so 项目变更手续', () => {
    const c = classifyAdjustment(mudan2023, {
      approvedYuan: 1_000_000,
      adjustedYuan: 1_150_000,
      contentYuan: 150_000,
      ...before,
    });
    expect(c.mode).toBe('approval');
    expect(c.checkId).toBe('adjustment_exceeds_estimate');
    expect(c.quote).toContain('项目投资规模未超出概算批复');
    // even without the unit's answers: a total above the estimate never files
    expect(classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 1_000_001 }).mode).toBe('approval');
  });

  it('牡丹区 第二十一条 “调整内容涉及资金数额不超过概算总投资15%”: the share of content changed, not the change of the total', () => {
    // the total unchanged, 30 % of the content moved: over 15 %
    const moved = classifyAdjustment(mudan2023, {
      approvedYuan: 1_000_000,
      adjustedYuan: 1_000_000,
      contentYuan: 300_000,
      ...before,
    });
    expect([moved.mode, moved.checkId]).toEqual(['approval', 'budget_adjustment_over_limit']);
    // 15 % of content, total down: the unit adjusts and files, on the remaining conditions
    const c = classifyAdjustment(mudan2023, {
      approvedYuan: 1_000_000,
      adjustedYuan: 900_000,
      contentYuan: 150_000,
      ...before,
    });
    expect(c.mode).toBe('file');
    expect(c.limitRatio).toBe(0.15);
    expect(c.article).toBe(21);
    expect(c.quote).toContain('同时向项目主管部门备案');
    expect(c.conditions.join('\n')).toContain('建设目标不变');
    expect(
      classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 900_000, contentYuan: 150_001, ...before })
        .mode,
    ).toBe('approval');
  });

  it('牡丹区 第二十一条 “在采购前”: after procurement the unit is told it needs 项目变更手续', () => {
    const c = classifyAdjustment(mudan2023, {
      approvedYuan: 1_000_000,
      adjustedYuan: 950_000,
      contentYuan: 50_000,
      procurementStarted: true,
    });
    expect([c.mode, c.checkId]).toEqual(['approval', 'adjustment_after_procurement']);
    expect(c.message).toContain('采购前');
  });

  it('牡丹区: without the content share or the procurement state the pack asks for them', () => {
    expect(classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 950_000 })).toMatchObject({
      mode: 'ask',
      needs: ['content', 'procurement'],
    });
    expect(
      classifyAdjustment(mudan2023, { approvedYuan: 1_000_000, adjustedYuan: 950_000, procurementStarted: false }),
    ).toMatchObject({ mode: 'ask', needs: ['content'] });
  });

  it('牡丹区 > 15 %: a change approval (项目变更手续)', () => {
    const c = classifyAdjustment(mudan2023, {
      approvedYuan: 1_000_000,
      adjustedYuan: 1_000_000,
      contentYuan: 150_001,
      ...before,
    });
    expect(c.mode).toBe('approval');
    expect(c.checkId).toBe('budget_adjustment_over_limit');
    expect(c.message).toContain('履行项目变更手续');
    expect(c.conditions).toEqual([]);
  });

  it('reads the bound from the pack, not from the code: a pack with 10 % files 12 % of content as approval', () => {
    const tighter: RulePack = {
      ...mudan2023,
      checks: mudan2023.checks.map((c) =>
        c.id === 'budget_adjustment_over_limit'
          ? { ...c, when: { fact: 'adjustedContentRatio', op: '>', value: 0.1 } }
          : c.id === 'budget_adjustment_within_limit'
            ? {
                ...c,
                when: {
                  all: [
                    { fact: 'adjustedTotalExceedsApproved', op: '==', value: false },
                    { fact: 'adjustedContentRatio', op: '<=', value: 0.1 },
                  ],
                },
              }
            : c,
      ),
    };
    expect(classifyAdjustment(tighter, { approvedYuan: 100, adjustedYuan: 100, contentYuan: 12, ...before }).mode).toBe(
      'approval',
    );
    expect(
      classifyAdjustment(tighter, { approvedYuan: 100, adjustedYuan: 100, contentYuan: 8, ...before }),
    ).toMatchObject({ mode: 'file', limitRatio: 0.1 });
  });

  it('金寨: every adjustment goes to 县政府 (第十五条), even a content-only one', () => {
    const c = classifyAdjustment(jinzhai2022, { approvedYuan: 500_000, adjustedYuan: 505_000 });
    expect([c.mode, c.article]).toEqual(['approval', 15]);
    expect(classifyAdjustment(jinzhai2022, { approvedYuan: 500_000, adjustedYuan: 500_000 }).mode).toBe('approval');
  });

  it('淮安: no tolerance → approval (第二十五条)', () => {
    expect(classifyAdjustment(huaianDraft, { approvedYuan: 100, adjustedYuan: 101 })).toMatchObject({
      mode: 'approval',
      article: 25,
    });
  });

  it('高平 has no rule on the ratio: approval, citing its rule on 调整申请 (第十九条)', () => {
    expect(classifyAdjustment(gaoping2020, { approvedYuan: 100, adjustedYuan: 101 })).toMatchObject({
      mode: 'approval',
      article: 19,
    });
  });

  it('rejects an approved amount of zero', () => {
    expect(() => classifyAdjustment(mudan2023, { approvedYuan: 0, adjustedYuan: 1 })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { answerQuestion, type Answer, type ProjectSnapshot } from '../../src/answer/index.js';
import { describeDuration, describeTimeLimit, dueDate } from '../../src/rules/engine.js';
import { PACKS } from '../../src/rules/packs/index.js';

const TODAY = '2025-06-16';

function ask(question: string, extra: { regionPackId?: string; project?: ProjectSnapshot } = {}): Answer {
  return answerQuestion({ packs: PACKS, question, today: TODAY, ...extra });
}

const articles = (a: Answer) => a.citations.map((c) => c.article);

describe('every material list of every pack is answered exactly, with its article', () => {
  for (const pack of PACKS) {
    for (const stage of pack.stages.filter((s) => s.materials.length > 0)) {
      it(`${pack.id}: ${stage.name}需要什么材料`, () => {
        const a = ask(`${pack.region.name}${stage.name}需要什么材料`);
        expect(a.kind).toBe('structured');
        expect(a.packId).toBe(pack.id);
        expect(a.topic).toEqual({ type: 'stage', id: stage.id });
        expect(a.materials?.map((m) => m.id)).toEqual(stage.materials.map((m) => m.id));
        for (const m of stage.materials) {
          expect(
            a.lines.some((l) => l.includes(m.name)),
            m.name,
          ).toBe(true);
          expect(articles(a)).toContain(m.article);
        }
        expect(stage.materials.map((m) => m.article)).toContain(a.citations[0]!.article);
        // Nothing listed that the stage does not have.
        expect(a.lines.filter((l) => /^\d+\. /.test(l))).toHaveLength(stage.materials.length);
      });
    }

    for (const kind of pack.projectKinds) {
      it(`${pack.id}: ${kind.label}项目申报要交什么材料`, () => {
        const a = ask(`${pack.region.name}${kind.label}项目申报要交什么材料`);
        expect(a.kind).toBe('structured');
        expect(a.topic).toEqual({ type: 'kind', id: kind.id });
        expect(a.materials?.map((m) => m.id)).toEqual(kind.materials.map((m) => m.id));
        expect(a.lines.filter((l) => /^\d+\. /.test(l))).toHaveLength(kind.materials.length);
        for (const m of kind.materials) {
          expect(
            a.lines.some((l) => l.includes(m.name)),
            m.name,
          ).toBe(true);
          expect(articles(a)).toContain(m.article);
          if (m.when) expect(a.materials?.find((x) => x.id === m.id)?.condition).toBeTruthy();
        }
        expect(kind.materials.map((m) => m.article)).toContain(a.citations[0]!.article);
      });
    }

    for (const stage of pack.stages.filter((s) => s.materials.length === 0)) {
      it(`${pack.id}: ${stage.name} lists no materials, so none are invented`, () => {
        const a = ask(`${pack.region.name}${stage.name}需要什么材料`);
        expect(a.packId).toBe(pack.id);
        if (a.topic?.type === 'stage' && a.topic.id === stage.id) {
          expect(a.materials).toEqual([]);
          expect(a.lines[0]).toContain('没有为');
        } else {
          // Another rule answered (e.g. 项目申报 → the declaration materials): it is a listed one.
          expect(['kind', 'stage', 'material']).toContain(a.topic?.type);
        }
      });
    }
  }
});

describe('every time limit of every pack is answered with its length and its article', () => {
  for (const pack of PACKS) {
    for (const limit of pack.timeLimits) {
      const obligation = limit.obligation.replace(/（[^）]*）/g, '');
      it(`${pack.id}: ${obligation}`, () => {
        const a = ask(`${pack.region.name}${obligation}，期限是多久？`);
        expect(a.kind).toBe('structured');
        expect(a.topic).toEqual({ type: 'limit', id: limit.id });
        const text = a.lines.join('\n');
        expect(text).toContain(describeTimeLimit(limit, pack));
        if (limit.offset.amount > 0) expect(text).toContain(describeDuration(limit.offset));
        if (limit.until) expect(text).toContain(describeDuration(limit.until));
        expect(a.citations[0]!.article).toBe(limit.article);
        expect(a.citations[0]!.quote).toBe(limit.quote);
      });

      if (limit.trigger.kind === 'event' || limit.trigger.kind === 'budget_year_end') {
        const event = limit.trigger.event;
        it(`${pack.id}: ${limit.id} computes the due date from the project's ${event}`, () => {
          // A limit that counts from the later of two events (通过终验并投入运行后) needs both.
          const alsoAfter = 'alsoAfter' in limit.trigger ? (limit.trigger.alsoAfter ?? []) : [];
          const events = Object.fromEntries([event, ...alsoAfter].map((e) => [e, '2025-03-03']));
          const project: ProjectSnapshot = {
            number: 'XM-001',
            name: '测试项目',
            packId: pack.id,
            kind: pack.projectKinds[0]!.id,
            stage: null,
            events,
            attachedMaterialIds: [],
            facts: {},
            openDeadlines: [],
            rectifications: [],
          };
          const a = ask(`${pack.region.name}${obligation}，期限是多久？`, { project });
          expect(a.topic).toEqual({ type: 'limit', id: limit.id });
          const due = dueDate(pack, limit.id, events)!;
          expect(a.lines.join('\n')).toContain(due.due);
        });
      } else {
        it(`${pack.id}: ${limit.id} gives the next date after today`, () => {
          const a = ask(`${pack.region.name}${obligation}，期限是多久？`);
          const due = dueDate(pack, limit.id, { asOf: TODAY })!;
          expect(a.lines.join('\n')).toContain(`最近一次：${due.due}`);
        });
      }
    }
  }
});

describe('the questions users ask', () => {
  it('合同签了几天内要备案 (牡丹区): 10个工作日, 第二十二条, with the expired trial note', () => {
    const a = ask('牡丹区合同签了几天内要备案');
    expect(a.topic).toEqual({ type: 'limit', id: 'contract_filing' });
    expect(a.lines.join('')).toContain('10个工作日');
    expect(a.citations[0]).toMatchObject({ packId: 'mudan-2023', article: 22, label: '第二十二条' });
    expect(a.citations[0]!.text).toBe(
      '《牡丹区政务信息化项目管理办法（试行）》第二十二条：“项目建设单位签订正式采购合同10个工作日内，应将相关资料向项目主管部门备案”',
    );
    expect(a.validityNote).toContain('已过期');
  });

  it('一百万以下要不要监理 (牡丹区): the under-100万 rule applies, the over-100万 one does not lead', () => {
    const a = ask('一百万以下要不要监理', { regionPackId: 'mudan-2023' });
    expect(a.topic).toEqual({ type: 'check', id: 'supervision_optional' });
    expect(a.citations[0]!.article).toBe(17);
    expect(a.lines.join('\n')).toContain('这一条适用');
  });

  it('120万的项目要请监理吗 (牡丹区): 工程监理制 applies', () => {
    const a = ask('120万的项目要请监理吗', { regionPackId: 'mudan-2023' });
    expect(a.topic).toEqual({ type: 'check', id: 'supervision_required' });
  });

  it('我能自己改15%的预算吗 (牡丹区): 第二十一条, when the unit may adjust and file, and when the change route applies', () => {
    const a = ask('我能自己改15%的预算吗', { regionPackId: 'mudan-2023' });
    expect(a.citations[0]!.article).toBe(21);
    const text = a.lines.join('\n');
    // “项目投资规模未超出概算批复……调整内容涉及资金数额不超过概算总投资15%……可以由项目建设单位调整，同时向项目主管部门备案”
    expect(text).toMatch(
      /未超出概算批复、在采购前调整、调整内容涉及资金数额不超过概算总投资15%.*同时向项目主管部门备案/,
    );
    expect(text).toContain('超过概算总投资15%的，不能由项目建设单位自行调整，应当履行项目变更手续');
  });

  it('绩效自评价什么时候做 (金寨): 终验后6个月内, 第十八条', () => {
    const a = ask('绩效自评价什么时候做', { regionPackId: 'jinzhai-2022' });
    expect(a.topic).toEqual({ type: 'limit', id: 'performance_self_evaluation' });
    expect(a.lines.join('')).toContain('6个月');
    expect(a.citations[0]!.article).toBe(18);
    expect(a.validityNote).toBeUndefined();
  });

  it('淮安 answers carry the draft note', () => {
    const a = ask('淮安竣工验收后多久要备案');
    expect(a.citations[0]!.article).toBe(27);
    expect(a.validityNote).toContain('征求意见稿');
  });

  it('这个办法还有效吗: the validity of the asker’s pack, citing its 施行 article', () => {
    const a = ask('这个办法还有效吗', { regionPackId: 'mudan-2023' });
    expect(a.topic?.type).toBe('validity');
    expect(a.lines[0]).toContain('已过期');
    expect(a.citations[0]!.article).toBe(43);
  });

  it('涉密项目归不归这个办法管: the scope exclusion with its article', () => {
    const a = ask('涉密项目归不归金寨这个办法管');
    expect(a.topic).toEqual({ type: 'scope', id: 'classified' });
    expect(a.citations[0]!.article).toBe(3);
  });

  it('逾期不整改会怎么样: the ladder in order', () => {
    const a = ask('金寨逾期不整改会怎么样');
    expect(a.topic?.type).toBe('ladder');
    const names = PACKS[0]!.consequences.map((c) => c.name);
    const text = a.lines.join('\n');
    for (let i = 1; i < names.length; i++) expect(text.indexOf(names[i]!)).toBeGreaterThan(text.indexOf(names[i - 1]!));
  });

  it('项目审核完了谁来批准 (金寨): the approval route, led by 第十条', () => {
    const a = ask('项目审核完了谁来批准', { regionPackId: 'jinzhai-2022' });
    expect(a.topic?.type).toBe('route');
    expect(a.citations[0]!.article).toBe(10);
  });

  it('高平的主管部门是哪个: the office from roleNames, citing where the measures name it', () => {
    const a = ask('高平的主管部门是哪个');
    expect(a.topic).toEqual({ type: 'role', id: 'reviewer' });
    expect(a.title).toContain('市行政审批服务管理局');
    expect(a.citations[0]!.article).toBe(5);
  });

  it('every citation quotes words of its article', () => {
    for (const q of [
      '金寨终验需要什么材料',
      '牡丹区申报项目要交什么材料',
      '淮安市医院的信息化项目归谁管',
      '高平擅自调整建设内容有啥后果',
    ]) {
      const a = ask(q);
      for (const c of a.citations) {
        const pack = PACKS.find((p) => p.id === c.packId)!;
        expect(pack.articles.find((x) => x.no === c.article)!.text).toContain(c.quote);
        expect(c.text).toBe(`《${pack.identity.title}》${c.label}：“${c.quote}”`);
      }
    }
  });
});

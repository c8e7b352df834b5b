import { describe, expect, it } from 'vitest';
import {
  applicantUpdateCard,
  approvalCard,
  closedCard,
  decidedCard,
  delegateCard,
  escalationMessage,
  financeCard,
  formatShanghaiTime,
  handledByOtherCard,
  timelineCard,
  type ProjectSummary,
} from '../cards/approval/index.js';
import type { ApplicantNext } from '../src/approval/progress.js';
import { CARD_MAX_BYTES, cardByteLength, validateCardV2 } from './support/card-schema.js';

const project: ProjectSummary = {
  number: 'JZ-2025-0007',
  name: '**紧急** 智慧教育平台',
  unitName: '县教育局',
  regionName: '金寨县',
  kindLabel: '新建',
  investmentWan: 180.5,
  review: {
    content: [{ label: '项目实施依据及主要内容', text: '建设内容：教学资源库、在线课堂' }],
    funding: [{ label: '财政资金', value: '180.5万元' }],
    period: [{ label: '建设年度', value: '2026年01月至2026年12月' }],
    answers: [],
    items: [],
  },
};
const step = {
  name: '县智慧办会同有关部门审核项目方案',
  produces: '审核意见',
  article: 9,
  quote: '会同有关部门及时对项目方案进行审核',
  mode: 'all' as const,
  offices: ['县智慧办', '县委网信办'],
  position: { index: 0, total: 5 },
  dueOn: '2025-06-06',
};
const at = new Date('2025-06-03T06:05:00Z');
const li = { openId: 'ou_jzZhbLi', name: '李明' };

/** Long and hostile inputs: every text field huge, full of markdown and characters that grow when escaped. */
const nasty = (n: number) => '&<>*_[](http://x)`|\\#'.repeat(Math.ceil(n / 20)).slice(0, n) + '智慧'.repeat(n);
const longProject: ProjectSummary = {
  number: nasty(200),
  name: nasty(3000),
  unitName: nasty(1000),
  regionName: nasty(500),
  kindLabel: nasty(500),
  investmentWan: 123456789.123456,
  review: {
    content: Array.from({ length: 40 }, (_, i) => ({ label: nasty(100), text: `${i} ${nasty(8000)}` })),
    funding: Array.from({ length: 40 }, () => ({ label: nasty(100), value: nasty(100) })),
    period: [{ label: nasty(100), value: nasty(800) }],
    answers: Array.from({ length: 400 }, (_, i) => ({ label: `${i} ${nasty(800)}`, value: nasty(50) })),
    items: Array.from({ length: 400 }, (_, i) => `${i} ${nasty(800)}`),
  },
};

function expectValid(card: object) {
  expect(validateCardV2(card)).toEqual([]);
  expect(cardByteLength(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
}

type Obj = Record<string, unknown>;
function all(v: unknown, pred: (o: Obj) => boolean, out: Obj[] = []): Obj[] {
  if (Array.isArray(v)) v.forEach((x) => all(x, pred, out));
  else if (v && typeof v === 'object') {
    if (pred(v as Obj)) out.push(v as Obj);
    Object.values(v).forEach((x) => all(x, pred, out));
  }
  return out;
}
const buttons = (c: object) => all(c, (o) => o.tag === 'button');
const values = (c: object) => buttons(c).map((b) => (b.behaviors as { value: unknown }[])[0]!.value);
const text = (c: object) => JSON.stringify(c);

describe('approvalCard', () => {
  it('a notify step (金寨 审核意见反馈至建设单位) is confirmed with one button: no 退回修改, no 不同意', () => {
    const c = approvalCard({
      project,
      step: { ...step, kind: 'notify', name: '县智慧办将审核意见反馈至建设单位' },
      findings: [],
      materials: [],
      taskToken: 'tok-n',
    });
    expectValid(c);
    const labels = buttons(c).map((b) => (b.text as Obj).content);
    expect(labels).toContain('已反馈建设单位');
    expect(labels).not.toContain('不同意');
    expect(labels).not.toContain('退回修改');
  });

  it('missing materials are a warning, and 退回修改 comes pre-filled asking for them', () => {
    const c = approvalCard({
      project,
      step,
      findings: [],
      materials: [
        { name: '申报表', attached: true, generated: true },
        { name: '项目建设方案', attached: false },
      ],
      taskToken: 'tok-m',
    });
    const s = JSON.stringify(c);
    expect(s).not.toContain('未发现问题');
    expect(s).toContain('已附 1/2');
    expect(s).toContain('请补充申报材料：“项目建设方案”');
  });

  const card = approvalCard({
    project,
    step,
    findings: [{ level: 'warning', message: '项目投资额100万元以上的，应当委托工程监理', article: 12 }],
    materials: [
      { name: '项目建设方案', attached: true },
      { name: '现有资源情况', attached: false },
    ],
    taskToken: 'tok-1',
  });

  it('is valid Card JSON 2.0', () => expectValid(card));

  it('has a comment box and 同意 / 退回修改 / 不同意 as form submits, then 详情 and 转交', () => {
    const form = all(card, (o) => o.tag === 'form')[0]!;
    const input = all(form, (o) => o.tag === 'input')[0]!;
    expect(input).toMatchObject({ name: 'comment', input_type: 'multiline_text' });
    const submits = buttons(form).filter((b) => b.form_action_type === 'submit');
    expect(submits.map((b) => (b.text as { content: string }).content)).toEqual(['同意', '退回修改', '不同意']);
    expect(values(card)).toEqual([
      { action: 'approval.decide', decision: 'approve', task: 'tok-1' },
      { action: 'approval.decide', decision: 'return', task: 'tok-1' },
      { action: 'approval.decide', decision: 'reject', task: 'tok-1' },
      { action: 'approval.details', task: 'tok-1' },
      { action: 'approval.delegate', task: 'tok-1' },
    ]);
  });

  it('shows the summary, step, 会签, article, warnings and materials, with user text escaped', () => {
    const s = text(card);
    expect(s).toContain('&#42;&#42;紧急&#42;&#42; 智慧教育平台'); // escaped in markdown, then in JSON
    expect(s).toContain('第1步/共5步');
    expect(s).toContain('会签（县智慧办、县委网信办均须同意）');
    expect(s).toContain('第九条');
    expect(s).toContain('应当委托工程监理（第十二条）');
    expect(s).toContain('✅ 项目建设方案');
    expect(s).toContain('❌ 现有资源情况（未附）');
    expect(s).toContain('已附 1/2');
    expect(s).toContain('2025年6月6日前');
    expect(s).toContain('180.5 万元');
  });

  it('tells a deputy whom they act for', () => {
    const c = approvalCard({
      project,
      step,
      findings: [],
      materials: [],
      taskToken: 't',
      onBehalfOf: li,
      transferNote: '出差，请代审',
    });
    expectValid(c);
    expect(text(c)).toContain('您代李明办理此项审批，说明：出差，请代审');
    expect(text(c)).toContain('未发现问题');
  });

  it('stays valid and under 30 KB with very long inputs', () => {
    const c = approvalCard({
      project: longProject,
      step: {
        ...step,
        name: nasty(2000),
        produces: nasty(2000),
        quote: nasty(3000),
        offices: Array.from({ length: 50 }, () => nasty(100)),
      },
      findings: Array.from(
        { length: 300 },
        (_, i) => ({ level: i % 2 ? 'warning' : 'blocker', message: nasty(1000), article: 10 }) as const,
      ),
      materials: Array.from({ length: 500 }, (_, i) => ({ name: nasty(300), attached: i % 3 === 0 })),
      taskToken: 'x'.repeat(300),
      onBehalfOf: { openId: 'ou_x', name: nasty(500) },
      transferNote: nasty(3000),
    });
    expectValid(c);
    expect(text(c)).toContain('另有');
  });
});

describe('decidedCard / handledByOtherCard / closedCard', () => {
  it('shows who, when, the decision and the comment; 代 when on behalf', () => {
    const c = decidedCard({
      project,
      step,
      decision: 'return',
      by: { openId: 'ou_deputy' },
      onBehalfOf: li,
      at,
      comment: '请补充\n可行性研究报告',
      taskToken: 't',
    });
    expectValid(c);
    const s = text(c);
    expect(s).toContain('退回修改');
    expect(s).toContain('<at id=ou_deputy></at>（代李明）');
    expect(s).toContain('2025-06-03 14:05');
    expect(s).toContain('> 请补充\\n> 可行性研究报告');
    expect((c as { header: { template: string } }).header.template).toBe('orange');
    expect(values(c)).toEqual([{ action: 'approval.details', task: 't' }]);
  });

  it('the other members see 已由某某处理 and no buttons', () => {
    const c = handledByOtherCard({ project, step, by: li, decision: 'approve', at, officeName: '县智慧办' });
    expectValid(c);
    expect(text(c)).toContain('本环节已由县智慧办 李明 于 2025-06-03 14:05 处理（同意），无需您再操作');
    expect(buttons(c)).toEqual([]);
  });

  it('a closed card says why', () => {
    const c = closedCard({ project, step, reason: '县委网信办已不同意，审批流程已结束' });
    expectValid(c);
    expect(text(c)).toContain('县委网信办已不同意');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      decidedCard({
        project: longProject,
        step: { name: nasty(3000) },
        decision: 'reject',
        by: { openId: 'ou_a', name: nasty(400) },
        at,
        comment: nasty(20000),
      }),
    );
    expectValid(
      handledByOtherCard({
        project: longProject,
        step: { name: nasty(3000) },
        decision: 'reject',
        by: { openId: 'not an id <b>' },
        officeName: nasty(500),
      }),
    );
    expectValid(closedCard({ project: longProject, step: { name: nasty(3000) }, reason: nasty(5000) }));
  });
});

describe('applicantUpdateCard', () => {
  const decided = { stepName: step.name, officeName: '县智慧办', decision: 'approve' as const, by: li, at };

  it('pending: the next step and its offices, with 查看进度 and 催办', () => {
    const c = applicantUpdateCard({
      project,
      decided,
      next: {
        kind: 'pending',
        stepName: '县智慧办形成书面审核意见',
        offices: ['县智慧办'],
        position: { index: 1, total: 5 },
      },
    });
    expectValid(c);
    expect(text(c)).toContain('第2步/共5步“县智慧办形成书面审核意见”，待县智慧办办理');
    expect(values(c)).toEqual([
      { action: 'approval.timeline', project: 'JZ-2025-0007' },
      { action: 'approval.urge', project: 'JZ-2025-0007' },
    ]);
  });

  it('returned: where resubmission resumes, and the edit button when given', () => {
    const next: ApplicantNext = {
      kind: 'returned',
      stepName: '市数据局联合评审',
      resubmitFrom: 'returning_step',
      resumeStepName: '市数据局联合评审',
    };
    const c = applicantUpdateCard({
      project,
      decided: { ...decided, decision: 'return', comment: '补充密评方案' },
      next,
      editAction: { action: 'project.edit', project: 'JZ-2025-0007' },
    });
    expectValid(c);
    expect(text(c)).toContain('重新提交后将从“市数据局联合评审”环节继续审批');
    expect(text(c)).toContain('补充密评方案');
    expect(values(c)[0]).toEqual({ action: 'project.edit', project: 'JZ-2025-0007' });
    const fromStart = applicantUpdateCard({ project, next: { ...next, resubmitFrom: 'start' } });
    expect(text(fromStart)).toContain('重新提交后将从第一个环节重新审批');
  });

  it('approved and rejected; submitted without a decision', () => {
    const ok = applicantUpdateCard({
      project,
      decided,
      next: { kind: 'approved', outputs: ['审核意见', '县政府批准'] },
    });
    expectValid(ok);
    expect(text(ok)).toContain('审核意见；县政府批准');
    expect((ok as { header: { template: string } }).header.template).toBe('green');
    const no = applicantUpdateCard({
      project,
      decided: { ...decided, decision: 'reject', comment: '不符合规划' },
      next: { kind: 'rejected', stepName: '报县政府批准' },
    });
    expectValid(no);
    expect(text(no)).toContain('审批流程已终止');
    const submitted = applicantUpdateCard({
      project,
      next: {
        kind: 'pending',
        stepName: step.name,
        offices: ['县智慧办', '县委网信办'],
        position: { index: 0, total: 5 },
      },
    });
    expect(text(submitted)).toContain('项目已提交，进入审批流程');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      applicantUpdateCard({
        project: longProject,
        decided: {
          stepName: nasty(2000),
          officeName: nasty(500),
          decision: 'return',
          by: { openId: 'ou_a', name: nasty(300) },
          at,
          comment: nasty(20000),
        },
        next: {
          kind: 'pending',
          stepName: nasty(2000),
          offices: Array.from({ length: 100 }, () => nasty(100)),
          position: { index: 0, total: 1 },
        },
      }),
    );
    expectValid(
      applicantUpdateCard({
        project: longProject,
        next: { kind: 'approved', outputs: Array.from({ length: 100 }, () => nasty(300)) },
      }),
    );
  });
});

describe('timelineCard', () => {
  const steps = [
    {
      name: step.name,
      status: 'approved' as const,
      mode: 'all' as const,
      offices: [
        { officeName: '县智慧办', status: 'approved' as const, by: { openId: 'ou_jzZhbLi' }, at: at.toISOString() },
        {
          officeName: '县委网信办',
          status: 'approved' as const,
          by: { openId: 'ou_b' },
          onBehalfOf: { openId: 'ou_c' },
          at: at.toISOString(),
        },
      ],
    },
    {
      name: '报县政府批准',
      status: 'pending' as const,
      mode: 'all' as const,
      offices: [{ officeName: '县政府', status: 'pending' as const }],
    },
    {
      name: '县财政局安排、拨付资金',
      status: 'waiting' as const,
      mode: 'all' as const,
      offices: [{ officeName: '县财政局', status: 'pending' as const }],
    },
  ];

  it('shows each step’s status and the history', () => {
    const c = timelineCard({
      project,
      outcome: 'pending',
      steps,
      entries: [
        { at, actor: li, action: '提交申报' },
        { at, actor: null, action: '超期提醒', detail: '已加急通知县政府' },
      ],
      canUrge: true,
    });
    expectValid(c);
    const s = text(c);
    expect(s).toContain('1. ✅ 已通过 县智慧办会同有关部门审核项目方案（会签）');
    expect(s).toContain('县委网信办：同意 <at id=ou_b></at>（代<at id=ou_c></at>）');
    expect(s).toContain('2. 🟡 办理中 报县政府批准');
    expect(s).toContain('3. ⚪ 待办');
    expect(s).toContain('2025-06-03 14:05 李明 提交申报');
    expect(s).toContain('超期提醒：已加急通知县政府');
    expect(values(c)).toEqual([{ action: 'approval.urge', project: 'JZ-2025-0007' }]);
    expect(buttons(timelineCard({ project, outcome: 'approved', steps, entries: [], canUrge: true }))).toEqual([]);
  });

  it('a long history is cut to the latest entries and stays under 30 KB', () => {
    const c = timelineCard({
      project: longProject,
      outcome: 'pending',
      steps: Array.from({ length: 30 }, () => ({
        ...steps[0]!,
        name: nasty(500),
        offices: Array.from({ length: 10 }, () => ({ ...steps[0]!.offices[1]!, officeName: nasty(200) })),
      })),
      entries: Array.from({ length: 2000 }, (_, i) => ({
        at,
        actor: { openId: 'ou_a', name: nasty(100) },
        action: nasty(100),
        detail: `${i} ${nasty(1000)}`,
      })),
    });
    expectValid(c);
    expect(text(c)).toContain('条记录未显示');
  });
});

describe('delegateCard', () => {
  it('a select of colleagues, a note and 确认转交', () => {
    const c = delegateCard({ task: 'tok', colleagues: [li, { openId: 'ou_jzZhbWang', name: '王芳' }], project, step });
    expectValid(c);
    const select = all(c, (o) => o.tag === 'select_static')[0]!;
    expect(select).toMatchObject({ name: 'delegate_to' });
    expect((select.options as { value: string }[]).map((o) => o.value)).toEqual(['ou_jzZhbLi', 'ou_jzZhbWang']);
    expect(all(c, (o) => o.tag === 'input')[0]).toMatchObject({ name: 'delegate_note' });
    expect(values(c)).toEqual([{ action: 'approval.delegate.confirm', task: 'tok' }]);
  });

  it('without names it lets Lark show the people (select_person); with nobody it says so', () => {
    const c = delegateCard({ task: 'tok', colleagues: [{ openId: 'ou_a' }, { openId: 'ou_b', name: 'B' }] });
    expectValid(c);
    expect(all(c, (o) => o.tag === 'select_person')[0]).toMatchObject({
      options: [{ value: 'ou_a' }, { value: 'ou_b' }],
    });
    const none = delegateCard({ task: 'tok', colleagues: [] });
    expectValid(none);
    expect(buttons(none)).toEqual([]);
    expect(text(none)).toContain('没有可转交的同事');
  });

  it('many colleagues with long names stay under 30 KB', () => {
    expectValid(
      delegateCard({
        task: 'tok',
        project: longProject,
        step: { name: nasty(2000) },
        colleagues: Array.from({ length: 500 }, (_, i) => ({ openId: `ou_${i}`, name: nasty(200) })),
      }),
    );
  });
});

describe('financeCard', () => {
  it('amount in 万元, a fund channel select and 确认安排资金; 退回 and 不同意 as on the approval card', () => {
    const c = financeCard({
      project,
      task: 'tok',
      step: { name: '县财政局安排、拨付资金', article: 4 },
      suggestedAmountWan: 180.5,
    });
    expectValid(c);
    expect(all(c, (o) => o.tag === 'input' && o.name === 'amount_wan')[0]).toMatchObject({ default_value: '180.5' });
    const select = all(c, (o) => o.tag === 'select_static')[0]!;
    expect(select.name).toBe('fund_channel');
    expect((select.options as unknown[]).length).toBeGreaterThan(1);
    expect(values(c)).toEqual([
      { action: 'approval.finance', task: 'tok' },
      { action: 'approval.decide', decision: 'return', task: 'tok' },
      { action: 'approval.decide', decision: 'reject', task: 'tok' },
      { action: 'approval.details', task: 'tok' },
    ]);
    expect(text(c)).toContain('第四条');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      financeCard({
        project: longProject,
        task: 'tok',
        channels: Array.from({ length: 200 }, (_, i) => `${i}${nasty(100)}`),
      }),
    );
  });
});

describe('escalationMessage', () => {
  const base = {
    project,
    step,
    officeName: '县政府',
    since: at,
    pendingWorkingDays: 4,
    limitWorkingDays: 3,
    dueOn: '2025-06-06',
  };

  it('urge, urgent (加急) and leader messages', () => {
    const urge = escalationMessage({
      ...base,
      level: 'urge',
      urgedBy: { openId: 'ou_jzEduZhou', name: '周老师' },
      task: 'tok',
    });
    expectValid(urge);
    expect(text(urge)).toContain('周老师 催办');
    expect(values(urge)).toEqual([{ action: 'approval.details', task: 'tok' }]);
    const urgent = escalationMessage({ ...base, level: 'urgent', task: 'tok' });
    expectValid(urgent);
    expect(text(urgent)).toContain('【加急】');
    expect(text(urgent)).toContain('应于2025年6月6日前办结');
    const leader = escalationMessage({
      ...base,
      level: 'leader',
      approvers: [{ openId: 'ou_jzGovChen' }],
      task: 'tok',
    });
    expectValid(leader);
    expect(text(leader)).toContain('请督促<at id=ou_jzGovChen></at>尽快处理');
    expect(buttons(leader)).toEqual([]);
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      escalationMessage({
        ...base,
        project: longProject,
        step: { name: nasty(3000) },
        officeName: nasty(1000),
        level: 'leader',
        approvers: Array.from({ length: 300 }, (_, i) => ({ openId: `ou_${i}`, name: nasty(200) })),
      }),
    );
  });
});

describe('formatShanghaiTime', () => {
  it('formats in Beijing time', () => {
    expect(formatShanghaiTime('2025-06-02T16:30:00Z')).toBe('2025-06-03 00:30');
  });
});

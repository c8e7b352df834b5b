import { describe, expect, it } from 'vitest';
import { validateCardV2 } from '../support/card-schema.js';
import { lifecycleReplyCard } from '../../cards/lifecycle.js';
import { digestCard, regionNoticeCard, reminderCard } from '../../cards/reminder.js';
import {
  rectificationNoticeCard,
  rectificationReportCard,
  rectificationReviewCard,
  rungProposalCard,
} from '../../cards/rectification.js';
import { checkReport } from '../../src/lifecycle/report.js';
import { projectDeadlines, type DeadlineRow } from '../../src/lifecycle/deadlines.js';
import { digestEntries, regionNotices, remindersDue } from '../../src/lifecycle/reminders.js';
import {
  applyRectificationAction,
  escalationDue,
  issueRectification,
  type Rectification,
} from '../../src/lifecycle/rectification.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';

const project = { id: 7, name: '**智慧**教育[平台](http://x)', number: 'JZ-2025-0007' };

/** Every callback value in a card, in order. */
function actions(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'callback' && o.value && typeof o.value === 'object') out.push(o.value as Record<string, unknown>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

const text = (card: unknown) => JSON.stringify(card);

function valid(card: unknown): void {
  expect(validateCardV2(card)).toEqual([]);
}

describe('lifecycleReplyCard', () => {
  const events = {
    approved: '2025-01-10',
    initial_acceptance: '2025-05-20',
    trial_run_started: '2025-05-23',
    operation_started: '2025-05-23',
  };
  const base = { kind: 'new_build', facts: {}, events, attachedMaterialIds: [] as string[] };

  it('refused: every problem with its article, the project name escaped', () => {
    const check = checkReport(jinzhai2022, base, { event: 'final_acceptance', date: '2025-08-23' }, '2025-08-23');
    const card = lifecycleReplyCard({
      pack: jinzhai2022,
      project,
      reportedLabel: '通过终验',
      check,
      today: '2025-08-23',
    });
    valid(card);
    expect(text(card)).toContain('不得早于2025年8月24日');
    expect(text(card)).toContain('第十七条');
    expect(text(card)).toContain('&#42;&#42;智慧&#42;&#42;');
    expect(text(card)).not.toContain('**智慧**');
  });

  it('recorded: next stage, needs and what falls due with the article', () => {
    const attached = jinzhai2022.stages.find((s) => s.id === 'final_acceptance')!.materials.map((m) => m.id);
    const check = checkReport(
      jinzhai2022,
      { ...base, attachedMaterialIds: attached },
      { event: 'final_acceptance', date: '2025-08-25' },
      '2025-08-25',
    );
    const card = lifecycleReplyCard({
      pack: jinzhai2022,
      project,
      reportedLabel: '通过终验',
      check,
      today: '2025-08-25',
    });
    valid(card);
    const t = text(card);
    expect(t).toContain('下一阶段');
    expect(t).toContain('绩效自评价');
    expect(t).toContain('2026年2月25日');
    expect(t).toContain('第十八条');
  });
});

describe('reminderCard', () => {
  const mudanRows = projectDeadlines(
    mudan2023,
    {
      kind: 'government_build',
      facts: {},
      attachedMaterialIds: [],
      events: { approved: '2024-06-03', contract_signed: '2024-09-27', construction_completed: '2025-01-10' },
    },
    '2025-01-10',
  );
  const acceptance = mudanRows.find((r) => r.limitId === 'final_acceptance')!;
  const filing = mudanRows.find((r) => r.limitId === 'contract_filing')!;

  it('has 已完成 / 上传材料 / 申请延期 where the pack allows an extension (牡丹区 第三十条)', () => {
    const [reminder] = remindersDue(acceptance, { today: '2025-07-01', state: 'open', graceWorkingDays: 3 }).slice(-1);
    const card = reminderCard({
      pack: mudan2023,
      project,
      deadlineId: 41,
      deadline: acceptance,
      reminder: reminder!,
      missing: mudan2023.stages.find((s) => s.id === 'final_acceptance')!.materials,
      today: '2025-07-01',
    });
    valid(card);
    expect(actions(card).map((v) => v.action)).toEqual(['deadline.done', 'deadline.upload', 'deadline.extend']);
    expect(actions(card)[0]).toMatchObject({ deadlineId: 41, projectId: 7 });
    const t = text(card);
    expect(t).toContain('2025年7月10日');
    expect(t).toContain('尚缺材料');
    expect(t).toContain('第三十条');
    expect(t).toContain('有效期至2025年5月8日'); // the trial measures had expired on 2025-07-01
  });

  it('no 申请延期 where the pack has none; overdue and escalation titles', () => {
    const overdue = remindersDue(filing, { today: '2024-10-21', state: 'open', graceWorkingDays: 3 });
    const o = reminderCard({
      pack: mudan2023,
      project,
      deadlineId: 42,
      deadline: filing,
      reminder: overdue.find((r) => r.kind === 'overdue')!,
      today: '2024-10-21',
    });
    valid(o);
    expect(actions(o).map((v) => v.action)).toEqual(['deadline.done', 'deadline.upload']);
    expect(text(o)).toContain('已逾期3个工作日'); // 10-17, 10-18, 10-21
    const e = reminderCard({
      pack: mudan2023,
      project,
      deadlineId: 42,
      deadline: filing,
      reminder: { kind: 'escalate' },
      today: '2024-10-21',
    });
    valid(e);
    expect(text(e)).toContain('逾期督办');
  });

  it('a not_before row: a notice without buttons', () => {
    const nb = projectDeadlines(
      jinzhai2022,
      { kind: 'new_build', facts: {}, attachedMaterialIds: [], events: { trial_run_started: '2025-05-23' } },
      '2025-05-23',
    )[0]!;
    const card = reminderCard({
      pack: jinzhai2022,
      project,
      deadlineId: 1,
      deadline: nb,
      reminder: { kind: 'on' },
      today: '2025-08-25',
    });
    valid(card);
    expect(actions(card)).toEqual([]);
    expect(text(card)).toContain('最早可办理日期');
  });
});

describe('digestCard', () => {
  it('lists due and overdue items per project, and stays valid with many projects', () => {
    const rows: (DeadlineRow & { state: 'open' })[] = projectDeadlines(
      mudan2023,
      {
        kind: 'government_build',
        facts: {},
        attachedMaterialIds: [],
        events: { approved: '2024-06-03', contract_signed: '2024-09-27' },
      },
      '2024-09-27',
    ).map((r) => ({ ...r, state: 'open' }));
    const entries = digestEntries(rows, '2024-10-17');
    const card = digestCard({ unitName: '区教育局', date: '2024-10-17', projects: [{ project, entries }] });
    valid(card);
    const t = text(card);
    expect(t).toContain('已逾期1个工作日');
    expect(t).toContain('第二十二条');
    const many = Array.from({ length: 60 }, (_, i) => ({
      project: { id: i, name: `项目${i}`.repeat(5) },
      entries: [...entries, ...entries, ...entries, ...entries],
    }));
    const big = digestCard({ unitName: '区教育局', date: '2024-10-17', projects: many });
    valid(big);
    const listed = (big as { body: { elements: { content?: string }[] } }).body.elements.filter((e) =>
      e.content?.startsWith('**项目'),
    ).length;
    const more = Number(/另有(\d+)个项目有待办事项/.exec(text(big))?.[1]);
    expect(listed).toBeGreaterThan(0);
    expect(listed + more).toBe(60);
    const none = digestCard({ unitName: '区教育局', date: '2024-10-17', projects: [] });
    valid(none);
  });
});

describe('regionNoticeCard', () => {
  it('says what, by when, with the article', () => {
    const [notice] = regionNotices(huaianDraft, '2026-09-08').slice(-1);
    const card = regionNoticeCard({ pack: huaianDraft, notice: notice!, today: '2026-09-08' });
    valid(card);
    expect(text(card)).toContain('2026年9月15日');
    expect(text(card)).toContain('征求意见稿'); // the draft is cited as such
  });
});

describe('rectification cards', () => {
  const issued: Rectification = (() => {
    const r = issueRectification(jinzhai2022, {
      id: 'r9',
      issuedOn: '2025-09-26',
      problems: '未按批复内容建设 *加粗*',
      failedCheckIds: ['no_own_hardware'],
      deadline: { workingDays: 6 },
    });
    if (!r.ok) throw new Error(r.error);
    return r.rect;
  })();

  it('notice: problems, basis, deadline, a button to report', () => {
    const card = rectificationNoticeCard({ pack: jinzhai2022, project, rect: issued, today: '2025-09-26' });
    valid(card);
    expect(actions(card)).toEqual([{ action: 'rect.report', mode: 'open', rectificationId: 'r9', projectId: 7 }]);
    const t = text(card);
    expect(t).toContain('2025年10月11日');
    expect(t).toContain('第二十条');
    expect(t).toContain('第八条');
    expect(t).toContain('&#42;加粗&#42;');
  });

  it('report form: text input in a form with submit, and 上传材料', () => {
    const card = rectificationReportCard({
      project,
      rect: issued,
      uploaded: ['整改说明.pdf'],
      error: '请填写整改情况',
    });
    valid(card);
    expect(actions(card).map((v) => [v.action, v.mode])).toEqual([
      ['rect.report', 'submit'],
      ['rect.report', 'upload'],
    ]);
    expect(text(card)).toContain('"name":"report_text"');
  });

  it('review: accept or return, with the report shown', () => {
    const reported = applyRectificationAction(issued, {
      type: 'report',
      at: '2025-10-09',
      text: '已拆除 <b>服务器</b>',
      materialIds: ['m1'],
    });
    if (!reported.ok) throw new Error(reported.error);
    const card = rectificationReviewCard({
      pack: jinzhai2022,
      project,
      rect: reported.rect,
      materials: ['整改说明.pdf'],
      today: '2025-10-09',
    });
    valid(card);
    expect(actions(card).map((v) => v.action)).toEqual(['rect.accept', 'rect.return']);
    expect(text(card)).toContain('&lt;b&gt;');
  });

  it('rung proposal: confirm or cancel, with the article of the rung', () => {
    const proposal = escalationDue(jinzhai2022, issued, '2025-10-13')!;
    const card = rungProposalCard({ pack: jinzhai2022, project, rect: issued, proposal, today: '2025-10-13' });
    valid(card);
    expect(actions(card).map((v) => [v.action, v.rung])).toEqual([
      ['rung.confirm', 2],
      ['rung.cancel', 2],
    ]);
    expect(text(card)).toContain('暂缓安排投资计划');
    expect(text(card)).toContain('相关部门可对其暂缓安排投资计划');
  });
});

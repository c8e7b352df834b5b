/** @jsxImportSource hono/jsx */
/** The list pages: approvals waiting per office, 整改 notices, answers marked 👎. */
import { Page } from '../layout.js';
import type { FeedbackItem } from '../queries/feedback.js';
import { RECT_STATE_LABELS, type PendingTask, type RectificationItem } from '../queries/lists.js';
import type { Viewer } from '../scope.js';
import { shanghai, type Columns } from '../table.js';
import { waited } from './format.js';
import { Empty, Person, ProjectLink, Table, TableSection } from './parts.js';

export function ApprovalsPage(props: {
  viewer: Viewer;
  tasks: PendingTask[];
  now: Date;
  name: (openId: string) => string;
  sandbox?: boolean;
}) {
  const byOffice = new Map<string, PendingTask[]>();
  for (const t of props.tasks) {
    const key = `${t.regionName} · ${t.officeName}`;
    byOffice.set(key, [...(byOffice.get(key) ?? []), t]);
  }
  const columns: Columns<PendingTask> = [
    { head: '项目', cell: (t) => <ProjectLink number={t.projectNumber} name={t.projectName} /> },
    { head: '已等待', num: true, cell: (t) => waited(t.createdAt, props.now) },
    { head: '经办人', cell: (t) => <Person id={t.assignee} onBehalfOf={t.onBehalfOf} name={props.name} /> },
    { head: '建设单位', cell: (t) => t.unitName },
    { head: '送达时间', cell: (t) => shanghai(t.createdAt) },
  ];
  return (
    <Page title="待审批" viewer={props.viewer} active="approvals" sandbox={props.sandbox}>
      <h1>待审批（{props.tasks.length}）</h1>
      {props.tasks.length === 0 ? <Empty>暂无数据</Empty> : null}
      {[...byOffice.entries()].map(([office, tasks]) => (
        <TableSection title={`${office}（${tasks.length}）`} empty="暂无数据" columns={columns} rows={tasks} />
      ))}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Rectifications

export function RectificationsPage(props: {
  viewer: Viewer;
  items: RectificationItem[];
  today: string;
  sandbox?: boolean;
}) {
  return (
    <Page title="整改" viewer={props.viewer} active="rectifications" sandbox={props.sandbox}>
      <h1>整改通知</h1>
      {props.items.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <Table columns={rectificationColumns(props.today, true)} rows={props.items} />
      )}
    </Page>
  );
}

const OPEN_RECT_STATES = ['issued', 'returned', 'refused'];

export function rectificationColumns(today: string, showProject: boolean): Columns<RectificationItem> {
  const open = (r: RectificationItem) => OPEN_RECT_STATES.includes(r.state);
  return [
    showProject && {
      head: '项目',
      cell: (r) => (
        <>
          <ProjectLink number={r.projectNumber} name={r.projectName} />
          <div class="muted">{r.unitName}</div>
        </>
      ),
    },
    { head: '问题', cell: (r) => r.problems.join('；') },
    {
      head: '整改期限',
      cell: (r) => (
        <>
          {r.deadline}
          {open(r) && r.deadline < today ? <span class="tag red">已超期</span> : null}
        </>
      ),
    },
    {
      head: '状态',
      cell: (r) => (
        <span
          class={`tag ${r.state === 'accepted' ? 'green' : r.state === 'refused' ? 'red' : open(r) ? 'orange' : 'grey'}`}
        >
          {RECT_STATE_LABELS[r.state] ?? r.state}
        </span>
      ),
    },
    {
      head: '处理等级',
      cell: (r) => (
        <>
          {r.rungName}
          {r.proposedRungName ? <div class="muted">拟升级：{r.proposedRungName}</div> : null}
        </>
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Q&A feedback

const FEEDBACK_COLUMNS: Columns<FeedbackItem> = [
  { head: '问题', cell: (f) => f.question },
  { head: '回答', cell: (f) => f.title },
  { head: '引用条文', cell: (f) => f.citations.join('、') },
  { head: '👎', num: true, cell: (f) => f.downVotes },
  { head: '最近', cell: (f) => shanghai(f.lastAt) },
];

export function FeedbackPage(props: { viewer: Viewer; items: FeedbackItem[] | null; sandbox?: boolean }) {
  return (
    <Page title="问答反馈" viewer={props.viewer} active="feedback" sandbox={props.sandbox}>
      <h1>问答反馈（👎 待改进的回答）</h1>
      {props.items === null ? (
        <Empty>仅管理员和主管部门可以查看问答反馈。</Empty>
      ) : props.items.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <Table columns={FEEDBACK_COLUMNS} rows={props.items} />
      )}
    </Page>
  );
}

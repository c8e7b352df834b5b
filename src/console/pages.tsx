/** @jsxImportSource hono/jsx */
/** The console's pages: pure views of what queries.ts returns. */
import type { OpinionEntry } from '../services/opinions.js';
import { DECISION_LABELS } from '../approval/machine.js';
import type { Child } from 'hono/jsx';
import { articleLabel } from '../rules/articles.js';
import { formatWan } from '../money.js';
import { BarChart, type Bar } from './charts.js';
import { Page } from './layout.js';
import type { DirectoryPerson } from '../org/people.js';
import { describePerson } from '../org/people.js';
import {
  PAGE_SIZE,
  RECT_STATE_LABELS,
  auditDetail,
  auditLabel,
  isApprovalAction,
  stageLabels,
  type DeadlineCount,
  type DeadlineItem,
  type FeedbackItem,
  type PendingTask,
  type PipelineRegion,
  type ProjectDetail,
  type ProjectListFilter,
  type ProjectListRow,
  type RectificationItem,
} from './queries.js';
import { materialColumns, type MaterialRow } from './material-list.js';
import { type Column, type Columns, shanghai } from './table.js';
import type { Viewer } from './scope.js';
import type { TimelineEntry } from '../lifecycle/timeline.js';
import type { RulePack } from '../rules/types.js';

// ---------------------------------------------------------------------------------------------
// Formatting

/** 元 (possibly fractional, from 元 fields with 分) → "12.5万元". */
export function wan(yuan: number): string {
  return `${formatWan(Math.max(0, Math.round(yuan)))}万元`;
}

/** How long since `from`: 2天3小时 / 5小时 / 12分钟. */
export function waited(from: Date, now: Date): string {
  const mins = Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 60000));
  const days = Math.floor(mins / 1440);
  const hours = Math.floor((mins % 1440) / 60);
  if (days > 0) return `${days}天${hours ? `${hours}小时` : ''}`;
  if (hours > 0) return `${hours}小时`;
  return `${mins}分钟`;
}

/** 'YYYY-MM-DD' + n days. */
export function addDays(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
}

/** The Monday of the week of d. */
export function mondayOf(d: string): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, day)).getUTCDay(); // 0 = Sunday
  return addDays(d, wd === 0 ? -6 : 1 - wd);
}

const md = (d: string) => `${Number(d.slice(5, 7))}/${Number(d.slice(8, 10))}`;

function Empty(props: { children: Child }) {
  return <div class="empty">{props.children}</div>;
}

function ProjectLink(props: { number: string | null; name?: string | null }) {
  if (!props.number) return <span class="muted">（地区年度事项）</span>;
  return (
    <a href={`/console/projects/${encodeURIComponent(props.number)}`}>
      {props.number}
      {props.name ? ` ${props.name}` : ''}
    </a>
  );
}

// ---------------------------------------------------------------------------------------------
// Sign-in

export function LoginPage(props: {
  mode: 'sandbox' | 'feishu' | 'none';
  people?: DirectoryPerson[];
  name?: (openId: string) => string;
  next?: string;
  message?: string;
}) {
  return (
    <Page title="登录" sandbox={props.mode === 'sandbox'}>
      <h1>登录管理后台</h1>
      {props.message ? <p class="box">{props.message}</p> : null}
      {props.mode === 'feishu' ? (
        <p>
          <a
            class="btn primary"
            href={`/console/login?go=1${props.next ? `&next=${encodeURIComponent(props.next)}` : ''}`}
          >
            使用飞书登录
          </a>
        </p>
      ) : null}
      {props.mode === 'none' ? <p>未配置飞书应用，无法登录。配置方法见 README。</p> : null}
      {props.mode === 'sandbox' ? (
        <div class="people">
          <p class="muted">沙盒中没有飞书可供登录：选择以组织目录中的谁的身份查看。</p>
          {(props.people ?? []).map((p) => (
            <a href={`/console/sandbox-login?as=${encodeURIComponent(p.openId)}`} data-person={p.openId}>
              {props.name ? props.name(p.openId) : p.openId}
              <small>{describePerson(p)}</small>
            </a>
          ))}
        </div>
      ) : null}
    </Page>
  );
}

export function NoAccessPage(props: { openId: string; name: string; sandbox?: boolean }) {
  return (
    <Page title="无权访问" sandbox={props.sandbox}>
      <h1>无权访问</h1>
      <p>
        {props.name}（{props.openId}
        ）不在组织目录中，管理后台没有可以给你看的内容。请联系管理员把你加入所在的单位或部门（ORG_CONFIG）。
      </p>
      <p>
        <a href="/console/logout">换个账号</a>
      </p>
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Tables

interface TableProps<T> {
  columns: Columns<T>;
  rows: readonly T[];
  /** A row's data attributes (what tests and links find it by). */
  attrs?: (row: T) => Record<string, string | number>;
}

/** A table of `rows`, in a box that scrolls sideways on a phone unless `scroll` is false. */
export function Table<T>(props: TableProps<T> & { scroll?: boolean }) {
  const cols = props.columns.filter((c): c is Column<T> => c !== false);
  const cls = (c: Column<T>) => (c.num ? 'num' : undefined);
  const table = (
    <table>
      <thead>
        <tr>
          {cols.map((c) => (
            <th class={cls(c)}>{c.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr {...(props.attrs?.(r) ?? {})}>
            {cols.map((c) => (
              <td class={cls(c)} data-label={typeof c.head === 'string' ? c.head : undefined}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return props.scroll === false ? table : <div class="scroll">{table}</div>;
}

/** A section of a page: its title, its table or, without rows, `empty` as a muted line; `children` come after. */
export function TableSection<T>(
  props: TableProps<T> & { title: string; id?: string; empty: string; note?: Child; children?: Child },
) {
  return (
    <section class="box" id={props.id}>
      <h2>{props.title}</h2>
      {props.note ?? null}
      {props.rows.length ? (
        <Table columns={props.columns} rows={props.rows} attrs={props.attrs} />
      ) : (
        <p class="muted">{props.empty}</p>
      )}
      {props.children ?? null}
    </section>
  );
}

/** A figure of a page's header row: the value in bold, what it is below. */
function Kpi(props: { label: string; attrs?: Record<string, string>; children: Child }) {
  return (
    <div class="kpi">
      <b {...(props.attrs ?? {})}>{props.children}</b>
      <span>{props.label}</span>
    </div>
  );
}

/** A person as the page names them, and whom they acted for. */
function Person(props: { id: string; onBehalfOf?: string | null; name: (openId: string) => string }) {
  return (
    <>
      {props.name(props.id)}
      {props.onBehalfOf ? <span class="muted">（代 {props.name(props.onBehalfOf)}）</span> : null}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Pipeline

export function PipelinePage(props: {
  viewer: Viewer;
  regions: PipelineRegion[];
  packs: readonly RulePack[];
  sandbox?: boolean;
}) {
  return (
    <Page title="总览" viewer={props.viewer} active="pipeline" sandbox={props.sandbox}>
      <h1>项目总览</h1>
      {props.regions.length === 0 ? <Empty>暂无数据</Empty> : null}
      {props.regions.map((r) => {
        const bars: Bar[] = r.stages.map((s) => ({ label: s.label, value: s.count, note: wan(s.investmentYuan) }));
        return (
          <section class="box" data-region={r.regionId}>
            <h2>{r.regionName}</h2>
            <div class="kpis">
              <Kpi label="项目数">{r.count}</Kpi>
              <Kpi label="总投资">{wan(r.investmentYuan)}</Kpi>
              <div class="kpi">
                <a class="btn" href={`/console/export/${encodeURIComponent(r.regionId)}.xlsx`}>
                  导出项目库 .xlsx
                </a>
              </div>
            </div>
            {r.count === 0 ? (
              <Empty>暂无项目</Empty>
            ) : (
              <div class="grid">
                <div>
                  <BarChart title={`${r.regionName}各阶段项目数`} bars={bars} unit="个" />
                </div>
                <div class="scroll">
                  <Table
                    scroll={false}
                    rows={r.stages}
                    columns={[
                      {
                        head: '阶段',
                        cell: (s) => (
                          <a
                            href={`/console/projects?region=${encodeURIComponent(r.regionId)}&stage=${encodeURIComponent(s.label)}`}
                          >
                            {s.label}
                          </a>
                        ),
                      },
                      { head: '项目数', num: true, cell: (s) => s.count },
                      { head: '总投资', num: true, cell: (s) => wan(s.investmentYuan) },
                    ]}
                  />
                  <h2>资金来源</h2>
                  {r.channels.length === 0 ? (
                    <p class="muted">申报中未填写资金来源。</p>
                  ) : (
                    <Table
                      scroll={false}
                      rows={r.channels}
                      columns={[
                        { head: '资金渠道', cell: (c) => c.label },
                        { head: '金额', num: true, cell: (c) => wan(c.yuan) },
                      ]}
                    />
                  )}
                  {r.arranged && r.arranged.length > 0 ? (
                    <section data-arranged>
                      <h2>财政安排资金</h2>
                      <Table
                        scroll={false}
                        rows={r.arranged}
                        columns={[
                          { head: '资金渠道', cell: (c) => c.label },
                          { head: '安排金额', num: true, cell: (c) => wan(c.yuan) },
                        ]}
                      />
                    </section>
                  ) : null}
                </div>
              </div>
            )}
          </section>
        );
      })}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Projects

const PROJECT_COLUMNS: Columns<ProjectListRow> = [
  { head: '项目编号', cell: (r) => <a href={`/console/projects/${encodeURIComponent(r.number)}`}>{r.number}</a> },
  { head: '项目名称', cell: (r) => r.name },
  { head: '地区', cell: (r) => r.regionName },
  { head: '建设单位', cell: (r) => r.unitName },
  { head: '类型', cell: (r) => r.kind },
  {
    head: '阶段',
    cell: (r) => (
      <span class="tag" data-stage={r.stage}>
        {r.stage}
      </span>
    ),
  },
  { head: '总投资', num: true, cell: (r) => wan(r.investmentYuan) },
  { head: '提交时间', cell: (r) => shanghai(r.submittedAt) },
];

export function ProjectsPage(props: {
  viewer: Viewer;
  rows: ProjectListRow[];
  total: number;
  page: number;
  filter: ProjectListFilter;
  regions: { id: string; name: string; policy?: string }[];
  packs: readonly RulePack[];
  sandbox?: boolean;
}) {
  const f = props.filter;
  const labels = [...new Set(props.packs.flatMap((p) => stageLabels(p)))];
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const link = (page: number) => {
    const q = new URLSearchParams();
    if (f.regionId) q.set('region', f.regionId);
    if (f.stage) q.set('stage', f.stage);
    if (f.q) q.set('q', f.q);
    q.set('page', String(page));
    return `/console/projects?${q.toString()}`;
  };
  return (
    <Page title="项目" viewer={props.viewer} active="projects" sandbox={props.sandbox}>
      <h1>项目（{props.total}）</h1>
      <form class="filters" method="get" action="/console/projects">
        <select name="region">
          <option value="">全部地区</option>
          {props.regions.map((r) => (
            <option value={r.id} selected={r.id === f.regionId}>
              {r.name}
            </option>
          ))}
        </select>
        <select name="stage">
          <option value="">全部阶段</option>
          {labels.map((l) => (
            <option value={l} selected={l === f.stage}>
              {l}
            </option>
          ))}
        </select>
        <input type="search" name="q" value={f.q ?? ''} placeholder="项目编号或名称" />
        <button class="btn" type="submit">
          筛选
        </button>
      </form>
      {props.rows.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <Table columns={PROJECT_COLUMNS} rows={props.rows} attrs={(r) => ({ 'data-project': r.number })} />
      )}
      {pages > 1 ? (
        <div class="pager">
          {props.page > 1 ? <a href={link(props.page - 1)}>上一页</a> : null}
          <span class="muted">
            第 {props.page} / {pages} 页
          </span>
          {props.page < pages ? <a href={link(props.page + 1)}>下一页</a> : null}
        </div>
      ) : null}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Deadlines

/** Where a deadline row stands: done, cancelled, overdue or still to come. */
function DeadlineState(props: { d: Pick<DeadlineItem, 'state' | 'lastDay'>; today: string }) {
  const d = props.d;
  if (d.state === 'done') return <span class="tag green">已完成</span>;
  if (d.state === 'cancelled') return <span class="tag grey">已取消</span>;
  if (d.state === 'open' && d.lastDay < props.today) return <span class="tag red">已逾期</span>;
  return <span class="tag">未到期</span>;
}

function LastDay(props: { day: string; provisional: boolean }) {
  return (
    <>
      {props.day}
      {props.provisional ? <span class="muted">（暂定）</span> : null}
    </>
  );
}

/** The deadlines board's columns: every project's rows, with the article's words on hover. */
function deadlineColumns(today: string): Columns<DeadlineItem> {
  return [
    { head: '截止', cell: (d) => <LastDay day={d.lastDay} provisional={d.provisional} /> },
    { head: '项目', cell: (d) => <ProjectLink number={d.projectNumber} name={d.projectName} /> },
    { head: '事项', cell: (d) => d.obligation },
    { head: '责任单位', cell: (d) => d.unitName ?? d.regionName },
    { head: '依据', cell: (d) => <span title={d.articleQuote}>{articleLabel(d.article)}</span> },
    { head: '状态', cell: (d) => <DeadlineState d={d} today={today} /> },
  ];
}

/** Open deadlines per week, overdue first: what the weeks ahead hold. */
export function weeklyBars(counts: DeadlineCount[], today: string, weeks = 8): Bar[] {
  const monday = mondayOf(today);
  const sum = (pred: (d: string) => boolean) => counts.filter((c) => pred(c.lastDay)).reduce((n, c) => n + c.n, 0);
  const bars: Bar[] = [{ label: '已逾期', value: sum((d) => d < today), color: '#f54a45' }];
  for (let w = 0; w < weeks; w++) {
    const from = addDays(monday, w * 7);
    const to = addDays(from, 6);
    const start = w === 0 ? today : from;
    bars.push({
      label: w === 0 ? `本周 ${md(from)}–${md(to)}` : `${md(from)}–${md(to)}`,
      value: sum((d) => d >= start && d <= to),
    });
  }
  return bars;
}

/** How many rows a list of the board shows; the counts above it are complete. */
export const BOARD_LIST_LIMIT = 100;

interface UnitCounts {
  unit: string;
  overdue: number;
  week: number;
  later: number;
}

const UNIT_COLUMNS: Columns<UnitCounts> = [
  { head: '单位', cell: (u) => u.unit },
  { head: '已逾期', num: true, cell: (u) => u.overdue },
  { head: '本周到期', num: true, cell: (u) => u.week },
  { head: '以后', num: true, cell: (u) => u.later },
];

export function DeadlinesPage(props: {
  viewer: Viewer;
  counts: DeadlineCount[];
  overdue: DeadlineItem[];
  thisWeek: DeadlineItem[];
  today: string;
  sandbox?: boolean;
}) {
  const sunday = addDays(mondayOf(props.today), 6);
  const total = (pred: (d: string) => boolean) =>
    props.counts.filter((c) => pred(c.lastDay)).reduce((n, c) => n + c.n, 0);
  const overdueCount = total((d) => d < props.today);
  const weekCount = total((d) => d >= props.today && d <= sunday);
  const byUnit = new Map<string, UnitCounts>();
  for (const c of props.counts) {
    const key = c.unitName ?? `${c.regionName}（地区）`;
    const e = byUnit.get(key) ?? { unit: key, overdue: 0, week: 0, later: 0 };
    if (c.lastDay < props.today) e.overdue += c.n;
    else if (c.lastDay <= sunday) e.week += c.n;
    else e.later += c.n;
    byUnit.set(key, e);
  }
  const more = (shown: number, all: number) =>
    all > shown ? <p class="muted">另有 {all - shown} 项未列出（按截止日期排在后面）。</p> : null;
  const columns = deadlineColumns(props.today);
  const rowAttrs = (d: DeadlineItem) => ({ 'data-deadline': d.id });
  return (
    <Page title="期限" viewer={props.viewer} active="deadlines" sandbox={props.sandbox}>
      <h1>法定期限</h1>
      <p class="muted">
        今天 {props.today}（北京时间）；本周至 {sunday}。期限按办法和工作日日历计算。
      </p>
      {props.counts.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <>
          <section class="box">
            <h2>每周到期数</h2>
            <BarChart title="每周到期的期限数" bars={weeklyBars(props.counts, props.today)} unit="项" />
          </section>
          <TableSection
            title={`已逾期（${overdueCount}）`}
            id="overdue"
            empty="没有逾期事项。"
            columns={columns}
            rows={props.overdue}
            attrs={rowAttrs}
          >
            {more(props.overdue.length, overdueCount)}
          </TableSection>
          <TableSection
            title={`本周到期（${weekCount}）`}
            id="this-week"
            empty="本周没有到期事项。"
            columns={columns}
            rows={props.thisWeek}
            attrs={rowAttrs}
          >
            {more(props.thisWeek.length, weekCount)}
          </TableSection>
          <TableSection
            title="按单位"
            empty="暂无数据"
            columns={UNIT_COLUMNS}
            rows={[...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.week - a.week)}
            attrs={(u) => ({ 'data-unit': u.unit })}
          />
        </>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Pending approvals

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

function rectificationColumns(today: string, showProject: boolean): Columns<RectificationItem> {
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

// ---------------------------------------------------------------------------------------------
// One project

type TimelineRow = TimelineEntry<DeadlineItem>;

/**
 * The project's whole statutory timeline: dated rows with their state, the unit's annual
 * obligations, and the limits not yet triggered (待起算) with their trigger in words; every row with
 * its article and the article's words.
 */
function timelineColumns(today: string, responsible: (role: string) => string): Columns<TimelineRow> {
  return [
    {
      head: '截止',
      cell: (e) =>
        e.kind === 'dated' ? (
          <LastDay day={e.row.lastDay} provisional={e.row.provisional} />
        ) : e.kind === 'annual' ? (
          <LastDay day={e.due} provisional={e.provisional} />
        ) : (
          <span data-when>{e.when}</span>
        ),
    },
    { head: '事项', cell: (e) => (e.kind === 'dated' ? e.row.obligation : e.obligation) },
    { head: '责任', cell: (e) => responsible(e.kind === 'dated' ? e.row.responsible : e.responsible) },
    {
      head: '依据',
      cell: (e) => {
        const [article, quote] = e.kind === 'dated' ? [e.row.article, e.row.articleQuote] : [e.article, e.quote];
        return (
          <>
            <span data-article>{articleLabel(article)}</span>
            {quote ? <div class="muted">“{quote}”</div> : null}
          </>
        );
      },
    },
    {
      head: '状态',
      cell: (e) =>
        e.kind === 'dated' ? (
          <DeadlineState d={e.row} today={today} />
        ) : e.kind === 'annual' ? (
          <span class="tag">{`每年（${e.when}）`}</span>
        ) : (
          <span class="tag grey">待起算</span>
        ),
    },
  ];
}

const timelineAttrs = (e: TimelineRow): Record<string, string | number> =>
  e.kind === 'dated' ? { 'data-deadline': e.row.id } : { 'data-timeline': e.kind, 'data-limit': e.limitId };

function TaskState(props: { status: string }) {
  if (props.status === 'pending') return <span class="tag orange">待办理</span>;
  if (props.status === 'done') return <span class="tag green">已办理</span>;
  return <span class="tag grey">已关闭</span>;
}

export function ProjectPage(props: {
  viewer: Viewer;
  d: ProjectDetail;
  timeline: TimelineRow[];
  rectifications: RectificationItem[];
  today: string;
  name: (openId: string) => string;
  /** The written opinions of the deciding steps (审核意见书 .docx). */
  opinions?: readonly OpinionEntry[];
  sandbox?: boolean;
}) {
  const { d } = props;
  const p = d.project;
  const trail = d.audit.filter((a) => isApprovalAction(a.action));
  const who = (id: string) => (id === 'system' ? '系统' : props.name(id));
  const materials: MaterialRow[] = [
    ...d.materials.map((m) => ({ name: m.name, article: m.article, files: m.attached, other: false })),
    ...d.otherFiles.map((f) => ({ name: f.fileName, article: null, files: [f], other: true })),
  ];
  const responsible = (role: string) =>
    role === 'unit' ? d.unitName : (d.pack?.roleNames[role as keyof RulePack['roleNames']] ?? role);
  const taskColumns: Columns<ProjectDetail['tasks'][number]> = [
    { head: '轮次/环节', cell: (t) => `第${t.round}轮 · 第${t.stepIndex + 1}步` },
    { head: '部门', cell: (t) => t.officeName },
    { head: '经办人', cell: (t) => <Person id={t.assignee} onBehalfOf={t.onBehalfOf} name={props.name} /> },
    { head: '状态', cell: (t) => <TaskState status={t.status} /> },
    { head: '送达', cell: (t) => shanghai(t.createdAt) },
    { head: '办结', cell: (t) => shanghai(t.closedAt) },
  ];
  const auditColumns: Columns<ProjectDetail['audit'][number]> = [
    { head: '时间', cell: (a) => shanghai(a.at) },
    { head: '操作人', cell: (a) => <Person id={a.actorOpenId} onBehalfOf={a.onBehalfOf} name={who} /> },
    { head: '操作', cell: (a) => auditLabel(a.action) },
    { head: '说明', cell: (a) => auditDetail(a.detail, props.name) },
  ];
  return (
    <Page title={p.number} viewer={props.viewer} active="projects" sandbox={props.sandbox}>
      <h1>
        {p.number} {p.name}
      </h1>
      <div class="kpis">
        {/* An approved project's status (已立项) beside the lifecycle stage it is in (初验 …). */}
        {d.status !== d.stage ? (
          <Kpi label="状态" attrs={{ 'data-status': d.status }}>
            {d.status}
          </Kpi>
        ) : null}
        <Kpi label={d.status !== d.stage ? '当前阶段' : '阶段'} attrs={{ 'data-stage': d.stage }}>
          {d.stage}
        </Kpi>
        <Kpi label="总投资">{wan(p.investmentYuan)}</Kpi>
        <Kpi label={`${d.regionName} · 建设单位`}>{d.unitName}</Kpi>
        <div class="kpi">
          <a class="btn" href={`/console/projects/${encodeURIComponent(p.number)}/declaration.docx`}>
            下载申报表 .docx
          </a>
        </div>
      </div>
      {props.opinions && props.opinions.length > 0 ? (
        <section class="box" data-opinions>
          <h2>审核意见书</h2>
          <ul class="opinions">
            {props.opinions.map((o) => (
              <li data-opinion={o.auditId}>
                {shanghai(o.at)} {o.officeName} · {o.stepName} · {DECISION_LABELS[o.decision]}{' '}
                <a href={`/console/projects/${encodeURIComponent(p.number)}/opinion/${o.auditId}.docx`}>{o.fileName}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="box">
        <h2>申报信息</h2>
        <dl class="fields">
          <dt>项目类型</dt>
          <dd>{d.kindLabel}</dd>
          <dt>管理办法</dt>
          <dd>{d.pack ? `《${d.pack.identity.title}》` : p.policy}</dd>
          <dt>提交时间</dt>
          <dd>{shanghai(p.submittedAt)}</dd>
          {p.approvedAt ? (
            <>
              <dt>立项时间</dt>
              <dd>{shanghai(p.approvedAt)}</dd>
            </>
          ) : null}
          {d.fields
            .filter((f) => f.label !== '项目类型')
            .map((f) => (
              <>
                <dt>{f.label}</dt>
                <dd>{f.value || <span class="muted">（未填）</span>}</dd>
              </>
            ))}
        </dl>
      </section>
      <TableSection title="申报材料" empty="无" columns={materialColumns(d.project.number)} rows={materials} />
      <section class="box">
        <h2>审批轨迹</h2>
        {d.tasks.length === 0 && trail.length === 0 ? (
          <p class="muted">尚未进入审批。</p>
        ) : (
          <>
            <Table columns={taskColumns} rows={d.tasks} />
            {trail.length ? (
              <ul>
                {trail.map((a) => (
                  <li>
                    {shanghai(a.at)} {who(a.actorOpenId)}
                    {a.onBehalfOf ? `（代 ${props.name(a.onBehalfOf)}）` : ''}：<b>{auditLabel(a.action)}</b>
                    {auditDetail(a.detail, props.name) ? ` — ${auditDetail(a.detail, props.name)}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
      </section>
      <TableSection
        title="期限"
        empty="暂无数据"
        note={
          props.timeline.some((e) => e.kind !== 'dated') ? (
            <p class="muted">已起算的期限按日期排列；“待起算”的期限在所依据的事项报告后开始计算。</p>
          ) : null
        }
        columns={timelineColumns(props.today, responsible)}
        rows={props.timeline}
        attrs={timelineAttrs}
      />
      {props.rectifications.length ? (
        <section class="box">
          <h2>整改</h2>
          <Table columns={rectificationColumns(props.today, false)} rows={props.rectifications} />
        </section>
      ) : null}
      <TableSection title="操作记录" empty="暂无数据" columns={auditColumns} rows={d.audit} />
    </Page>
  );
}

export function NotFoundPage(props: { viewer?: Viewer; message: string; sandbox?: boolean }) {
  return (
    <Page title="未找到" viewer={props.viewer} sandbox={props.sandbox}>
      <h1>未找到</h1>
      <p>{props.message}</p>
    </Page>
  );
}

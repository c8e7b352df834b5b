/** @jsxImportSource hono/jsx */
/** The console's pages: pure views of what queries.ts returns. */
import type { Child } from 'hono/jsx';
import { articleLabel } from '../rules/articles.js';
import { formatWan } from '../money.js';
import { BarChart, type Bar } from './charts.js';
import { Page } from './layout.js';
import type { DirectoryPerson } from './people.js';
import { describePerson } from './people.js';
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
import type { Viewer } from './scope.js';
import type { RulePack } from '../rules/types.js';

// ---------------------------------------------------------------------------------------------
// Formatting

/** 元 (possibly fractional, from 元 fields with 分) → "12.5万元". */
export function wan(yuan: number): string {
  return `${formatWan(Math.max(0, Math.round(yuan)))}万元`;
}

/** An instant in Asia/Shanghai: 2026-03-15 14:30. */
export function shanghai(d: Date | string | null | undefined): string {
  if (!d) return '';
  const t = new Date(d).getTime();
  if (Number.isNaN(t)) return '';
  const s = new Date(t + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
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

export function LoginPage(props: { mode: 'sandbox' | 'feishu' | 'none'; people?: DirectoryPerson[]; name?: (openId: string) => string; next?: string; message?: string }) {
  return (
    <Page title="登录" sandbox={props.mode === 'sandbox'}>
      <h1>登录管理后台</h1>
      {props.message ? <p class="box">{props.message}</p> : null}
      {props.mode === 'feishu' ? (
        <p>
          <a class="btn primary" href={`/console/login?go=1${props.next ? `&next=${encodeURIComponent(props.next)}` : ''}`}>
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
        {props.name}（{props.openId}）不在组织目录中，管理后台没有可以给你看的内容。请联系管理员把你加入所在的单位或部门（ORG_CONFIG）。
      </p>
      <p>
        <a href="/console/logout">换个账号</a>
      </p>
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Pipeline

export function PipelinePage(props: { viewer: Viewer; regions: PipelineRegion[]; packs: readonly RulePack[]; sandbox?: boolean }) {
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
              <div class="kpi">
                <b>{r.count}</b>
                <span>项目数</span>
              </div>
              <div class="kpi">
                <b>{wan(r.investmentYuan)}</b>
                <span>总投资</span>
              </div>
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
                  <table>
                    <thead>
                      <tr>
                        <th>阶段</th>
                        <th class="num">项目数</th>
                        <th class="num">总投资</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.stages.map((s) => (
                        <tr>
                          <td>
                            <a href={`/console/projects?region=${encodeURIComponent(r.regionId)}&stage=${encodeURIComponent(s.label)}`}>{s.label}</a>
                          </td>
                          <td class="num">{s.count}</td>
                          <td class="num">{wan(s.investmentYuan)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <h2>资金来源</h2>
                  {r.channels.length === 0 ? (
                    <p class="muted">申报中未填写资金来源。</p>
                  ) : (
                    <table>
                      <thead>
                        <tr>
                          <th>资金渠道</th>
                          <th class="num">金额</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.channels.map((c) => (
                          <tr>
                            <td>{c.label}</td>
                            <td class="num">{wan(c.yuan)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
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
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>项目编号</th>
                <th>项目名称</th>
                <th>地区</th>
                <th>建设单位</th>
                <th>类型</th>
                <th>阶段</th>
                <th class="num">总投资</th>
                <th>提交时间</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-project={r.number}>
                  <td>
                    <a href={`/console/projects/${encodeURIComponent(r.number)}`}>{r.number}</a>
                  </td>
                  <td>{r.name}</td>
                  <td>{r.regionName}</td>
                  <td>{r.unitName}</td>
                  <td>{r.kind}</td>
                  <td>
                    <span class="tag" data-stage={r.stage}>
                      {r.stage}
                    </span>
                  </td>
                  <td class="num">{wan(r.investmentYuan)}</td>
                  <td>{shanghai(r.submittedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

function DeadlineTable(props: { items: DeadlineItem[]; today: string; showProject?: boolean }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>截止</th>
            {props.showProject === false ? null : <th>项目</th>}
            <th>事项</th>
            <th>责任单位</th>
            <th>依据</th>
            <th>状态</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((d) => {
            const overdue = d.state === 'open' && d.lastDay < props.today;
            return (
              <tr data-deadline={d.id}>
                <td>
                  {d.lastDay}
                  {d.provisional ? <span class="muted">（暂定）</span> : null}
                </td>
                {props.showProject === false ? null : (
                  <td>
                    <ProjectLink number={d.projectNumber} name={d.projectName} />
                  </td>
                )}
                <td>{d.obligation}</td>
                <td>{d.unitName ?? d.regionName}</td>
                <td title={d.articleQuote}>{articleLabel(d.article)}</td>
                <td>
                  {d.state === 'done' ? (
                    <span class="tag green">已完成</span>
                  ) : d.state === 'cancelled' ? (
                    <span class="tag grey">已取消</span>
                  ) : overdue ? (
                    <span class="tag red">已逾期</span>
                  ) : (
                    <span class="tag">未到期</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
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
    bars.push({ label: w === 0 ? `本周 ${md(from)}–${md(to)}` : `${md(from)}–${md(to)}`, value: sum((d) => d >= start && d <= to) });
  }
  return bars;
}

/** How many rows a list of the board shows; the counts above it are complete. */
export const BOARD_LIST_LIMIT = 100;

export function DeadlinesPage(props: { viewer: Viewer; counts: DeadlineCount[]; overdue: DeadlineItem[]; thisWeek: DeadlineItem[]; today: string; sandbox?: boolean }) {
  const sunday = addDays(mondayOf(props.today), 6);
  const total = (pred: (d: string) => boolean) => props.counts.filter((c) => pred(c.lastDay)).reduce((n, c) => n + c.n, 0);
  const overdueCount = total((d) => d < props.today);
  const weekCount = total((d) => d >= props.today && d <= sunday);
  const byUnit = new Map<string, { overdue: number; week: number; later: number }>();
  for (const c of props.counts) {
    const key = c.unitName ?? `${c.regionName}（地区）`;
    const e = byUnit.get(key) ?? { overdue: 0, week: 0, later: 0 };
    if (c.lastDay < props.today) e.overdue += c.n;
    else if (c.lastDay <= sunday) e.week += c.n;
    else e.later += c.n;
    byUnit.set(key, e);
  }
  const more = (shown: number, all: number) => (all > shown ? <p class="muted">另有 {all - shown} 项未列出（按截止日期排在后面）。</p> : null);
  return (
    <Page title="期限" viewer={props.viewer} active="deadlines" sandbox={props.sandbox}>
      <h1>法定期限</h1>
      <p class="muted">今天 {props.today}（北京时间）；本周至 {sunday}。期限按办法和工作日日历计算。</p>
      {props.counts.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <>
          <section class="box">
            <h2>每周到期数</h2>
            <BarChart title="每周到期的期限数" bars={weeklyBars(props.counts, props.today)} unit="项" />
          </section>
          <section class="box" id="overdue">
            <h2>已逾期（{overdueCount}）</h2>
            {props.overdue.length ? <DeadlineTable items={props.overdue} today={props.today} /> : <p class="muted">没有逾期事项。</p>}
            {more(props.overdue.length, overdueCount)}
          </section>
          <section class="box" id="this-week">
            <h2>本周到期（{weekCount}）</h2>
            {props.thisWeek.length ? <DeadlineTable items={props.thisWeek} today={props.today} /> : <p class="muted">本周没有到期事项。</p>}
            {more(props.thisWeek.length, weekCount)}
          </section>
          <section class="box">
            <h2>按单位</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>单位</th>
                    <th class="num">已逾期</th>
                    <th class="num">本周到期</th>
                    <th class="num">以后</th>
                  </tr>
                </thead>
                <tbody>
                  {[...byUnit.entries()]
                    .sort((a, b) => b[1].overdue - a[1].overdue || b[1].week - a[1].week)
                    .map(([unit, e]) => (
                      <tr data-unit={unit}>
                        <td>{unit}</td>
                        <td class="num">{e.overdue}</td>
                        <td class="num">{e.week}</td>
                        <td class="num">{e.later}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Pending approvals

export function ApprovalsPage(props: { viewer: Viewer; tasks: PendingTask[]; now: Date; name: (openId: string) => string; sandbox?: boolean }) {
  const byOffice = new Map<string, PendingTask[]>();
  for (const t of props.tasks) {
    const key = `${t.regionName} · ${t.officeName}`;
    byOffice.set(key, [...(byOffice.get(key) ?? []), t]);
  }
  return (
    <Page title="待审批" viewer={props.viewer} active="approvals" sandbox={props.sandbox}>
      <h1>待审批（{props.tasks.length}）</h1>
      {props.tasks.length === 0 ? <Empty>暂无数据</Empty> : null}
      {[...byOffice.entries()].map(([office, tasks]) => (
        <section class="box">
          <h2>
            {office}（{tasks.length}）
          </h2>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>项目</th>
                  <th class="num">已等待</th>
                  <th>经办人</th>
                  <th>建设单位</th>
                  <th>送达时间</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((t) => (
                  <tr>
                    <td>
                      <ProjectLink number={t.projectNumber} name={t.projectName} />
                    </td>
                    <td class="num">{waited(t.createdAt, props.now)}</td>
                    <td>
                      {props.name(t.assignee)}
                      {t.onBehalfOf ? <span class="muted">（代 {props.name(t.onBehalfOf)}）</span> : null}
                    </td>
                    <td>{t.unitName}</td>
                    <td>{shanghai(t.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Rectifications

export function RectificationsPage(props: { viewer: Viewer; items: RectificationItem[]; today: string; sandbox?: boolean }) {
  return (
    <Page title="整改" viewer={props.viewer} active="rectifications" sandbox={props.sandbox}>
      <h1>整改通知</h1>
      {props.items.length === 0 ? <Empty>暂无数据</Empty> : <RectificationTable items={props.items} today={props.today} />}
    </Page>
  );
}

function RectificationTable(props: { items: RectificationItem[]; today: string; showProject?: boolean }) {
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {props.showProject === false ? null : <th>项目</th>}
            <th>问题</th>
            <th>整改期限</th>
            <th>状态</th>
            <th>处理等级</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((r) => {
            const open = ['issued', 'returned', 'refused'].includes(r.state);
            return (
              <tr>
                {props.showProject === false ? null : (
                  <td>
                    <ProjectLink number={r.projectNumber} name={r.projectName} />
                    <div class="muted">{r.unitName}</div>
                  </td>
                )}
                <td>{r.problems.join('；')}</td>
                <td>
                  {r.deadline}
                  {open && r.deadline < props.today ? <span class="tag red">已超期</span> : null}
                </td>
                <td>
                  <span class={`tag ${r.state === 'accepted' ? 'green' : r.state === 'refused' ? 'red' : open ? 'orange' : 'grey'}`}>{RECT_STATE_LABELS[r.state] ?? r.state}</span>
                </td>
                <td>
                  {r.rungName}
                  {r.proposedRungName ? <div class="muted">拟升级：{r.proposedRungName}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Q&A feedback

export function FeedbackPage(props: { viewer: Viewer; items: FeedbackItem[] | null; sandbox?: boolean }) {
  return (
    <Page title="问答反馈" viewer={props.viewer} active="feedback" sandbox={props.sandbox}>
      <h1>问答反馈（👎 待改进的回答）</h1>
      {props.items === null ? (
        <Empty>仅管理员和主管部门可以查看问答反馈。</Empty>
      ) : props.items.length === 0 ? (
        <Empty>暂无数据</Empty>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>问题</th>
                <th>回答</th>
                <th>引用条文</th>
                <th class="num">👎</th>
                <th>最近</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((f) => (
                <tr>
                  <td>{f.question}</td>
                  <td>{f.title}</td>
                  <td>{f.citations.join('、')}</td>
                  <td class="num">{f.downVotes}</td>
                  <td>{shanghai(f.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// One project

export function ProjectPage(props: {
  viewer: Viewer;
  d: ProjectDetail;
  deadlines: DeadlineItem[];
  rectifications: RectificationItem[];
  today: string;
  name: (openId: string) => string;
  sandbox?: boolean;
}) {
  const { d } = props;
  const p = d.project;
  const trail = d.audit.filter((a) => isApprovalAction(a.action));
  const who = (id: string) => (id === 'system' ? '系统' : props.name(id));
  return (
    <Page title={p.number} viewer={props.viewer} active="projects" sandbox={props.sandbox}>
      <h1>
        {p.number} {p.name}
      </h1>
      <div class="kpis">
        <div class="kpi">
          <b data-stage={d.stage}>{d.stage}</b>
          <span>阶段</span>
        </div>
        <div class="kpi">
          <b>{wan(p.investmentYuan)}</b>
          <span>总投资</span>
        </div>
        <div class="kpi">
          <b>{d.unitName}</b>
          <span>{d.regionName} · 建设单位</span>
        </div>
        <div class="kpi">
          <a class="btn" href={`/console/projects/${encodeURIComponent(p.number)}/declaration.docx`}>
            下载申报表 .docx
          </a>
        </div>
      </div>
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
      <section class="box">
        <h2>申报材料</h2>
        {d.materials.length === 0 && d.otherFiles.length === 0 ? (
          <p class="muted">无</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>材料</th>
                <th>依据</th>
                <th>已附文件</th>
              </tr>
            </thead>
            <tbody>
              {d.materials.map((m) => (
                <tr>
                  <td>{m.name}</td>
                  <td>{m.article ? articleLabel(m.article) : ''}</td>
                  <td>{m.attached.length ? m.attached.map((f) => `${f.fileName}（${shanghai(f.receivedAt)}）`).join('；') : <span class="tag orange">未附</span>}</td>
                </tr>
              ))}
              {d.otherFiles.map((f) => (
                <tr>
                  <td class="muted">其他文件</td>
                  <td />
                  <td>
                    {f.fileName}（{shanghai(f.receivedAt)}）
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="box">
        <h2>审批轨迹</h2>
        {d.tasks.length === 0 && trail.length === 0 ? (
          <p class="muted">尚未进入审批。</p>
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>轮次/环节</th>
                  <th>部门</th>
                  <th>经办人</th>
                  <th>状态</th>
                  <th>送达</th>
                  <th>办结</th>
                </tr>
              </thead>
              <tbody>
                {d.tasks.map((t) => (
                  <tr>
                    <td>
                      第{t.round}轮 · 第{t.stepIndex + 1}步
                    </td>
                    <td>{t.officeName}</td>
                    <td>
                      {props.name(t.assignee)}
                      {t.onBehalfOf ? <span class="muted">（代 {props.name(t.onBehalfOf)}）</span> : null}
                    </td>
                    <td>{t.status === 'pending' ? <span class="tag orange">待办理</span> : t.status === 'done' ? <span class="tag green">已办理</span> : <span class="tag grey">已关闭</span>}</td>
                    <td>{shanghai(t.createdAt)}</td>
                    <td>{shanghai(t.closedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {trail.length ? (
              <ul>
                {trail.map((a) => (
                  <li>
                    {shanghai(a.at)} {who(a.actorOpenId)}
                    {a.onBehalfOf ? `（代 ${props.name(a.onBehalfOf)}）` : ''}：<b>{auditLabel(a.action)}</b>
                    {auditDetail(a.detail) ? ` — ${auditDetail(a.detail)}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </section>
      <section class="box">
        <h2>期限</h2>
        {props.deadlines.length === 0 ? <p class="muted">暂无数据</p> : <DeadlineTable items={props.deadlines} today={props.today} showProject={false} />}
      </section>
      {props.rectifications.length ? (
        <section class="box">
          <h2>整改</h2>
          <RectificationTable items={props.rectifications} today={props.today} showProject={false} />
        </section>
      ) : null}
      <section class="box">
        <h2>操作记录</h2>
        {d.audit.length === 0 ? (
          <p class="muted">暂无数据</p>
        ) : (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>时间</th>
                  <th>操作人</th>
                  <th>操作</th>
                  <th>说明</th>
                </tr>
              </thead>
              <tbody>
                {d.audit.map((a) => (
                  <tr>
                    <td>{shanghai(a.at)}</td>
                    <td>
                      {who(a.actorOpenId)}
                      {a.onBehalfOf ? <span class="muted">（代 {props.name(a.onBehalfOf)}）</span> : null}
                    </td>
                    <td>{auditLabel(a.action)}</td>
                    <td>{auditDetail(a.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
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

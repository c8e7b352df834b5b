import type { TimelineEntry } from '../../lifecycle/timeline.js';
import { articleLabel } from '../../rules/articles.js';
import type { RulePack } from '../../rules/types.js';
import type { OpinionEntry } from '../../services/opinions.js';
import { Page } from '../layout.js';
import { materialColumns, type MaterialRow } from '../material-list.js';
import { auditDetail, auditLabel, isApprovalAction } from '../queries/audit.js';
import type { DeadlineItem } from '../queries/deadlines.js';
import type { RectificationItem } from '../queries/lists.js';
import type { ProjectDetail } from '../queries/project.js';
import type { Viewer } from '../scope.js';
import { shanghai, type Columns } from '../table.js';
import { wan } from './format.js';
import { rectificationColumns } from './lists.js';
import { DeadlineState, Kpi, LastDay, Person, Table, TableSection } from './parts.js';

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

/** A row of the approval trail: a decision or other approval action taken, or a card still waiting. */
type TrailRow =
  | { kind: 'done'; a: ProjectDetail['audit'][number] }
  | { kind: 'pending'; t: ProjectDetail['tasks'][number] };

/** The approval trail's columns: each action once, with who took it and its detail (comment, funding …). */
function trailColumns(name: (openId: string) => string): Columns<TrailRow> {
  return [
    { head: '时间', cell: (r) => shanghai(r.kind === 'done' ? r.a.at : r.t.createdAt) },
    {
      head: '经办人',
      cell: (r) =>
        r.kind === 'done' ? (
          <Person id={r.a.actorOpenId} onBehalfOf={r.a.onBehalfOf} name={name} />
        ) : (
          <Person id={r.t.assignee} onBehalfOf={r.t.onBehalfOf} name={name} />
        ),
    },
    {
      head: '操作',
      cell: (r) =>
        r.kind === 'done' ? <b>{auditLabel(r.a.action)}</b> : <span class="tag orange">待{r.t.officeName}办理</span>,
    },
    {
      head: '说明',
      cell: (r) =>
        r.kind === 'done' ? auditDetail(r.a.detail, name) : `第${r.t.round}轮 · 第${r.t.stepIndex + 1}步，已送达`,
    },
  ];
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
  const who = (id: string) => (id === 'system' ? '系统' : props.name(id));
  const materials: MaterialRow[] = [
    ...d.materials.map((m) => ({
      name: m.name,
      article: m.article,
      files: m.attached,
      other: false,
      generated: m.generated,
    })),
    ...d.otherFiles.map((f) => ({ name: f.fileName, article: null, files: [f], other: true })),
  ];
  const responsible = (role: string) =>
    role === 'unit' ? d.unitName : (d.pack?.roleNames[role as keyof RulePack['roleNames']] ?? role);
  const trailRows: TrailRow[] = [
    ...d.audit.filter((a) => isApprovalAction(a.action)).map((a) => ({ kind: 'done' as const, a })),
    ...d.tasks.filter((t) => t.status === 'pending').map((t) => ({ kind: 'pending' as const, t })),
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
      <TableSection
        title={`申报材料（${d.materials.filter((m) => m.counted).length}/${d.materials.length}项已附）`}
        id="materials"
        empty="无"
        columns={materialColumns(d.project.number)}
        rows={materials}
      />
      <TableSection
        title="审批轨迹"
        id="trail"
        empty="尚未进入审批。"
        columns={trailColumns(who)}
        rows={trailRows}
        attrs={(r): Record<string, string | number> =>
          r.kind === 'done' ? { 'data-audit': r.a.id } : { 'data-pending-task': r.t.officeName }
        }
      >
        {props.opinions && props.opinions.length > 0 ? (
          <div>
            <h2>审核意见书</h2>
            <ul class="opinions" data-opinions>
              {props.opinions.map((o) => (
                <li data-opinion={o.auditId}>
                  <a href={`/console/projects/${encodeURIComponent(p.number)}/opinion/${o.auditId}.docx`}>
                    {o.fileName}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </TableSection>
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
      <TableSection
        title="其他操作记录"
        id="log"
        empty="审批以外暂无其他操作。"
        columns={auditColumns}
        rows={d.audit.filter((a) => !isApprovalAction(a.action))}
      />
    </Page>
  );
}

/** @jsxImportSource hono/jsx */
/** The project list: filters by region, stage and words, one page of projects. */
import { Page } from '../layout.js';
import { PAGE_SIZE, type ProjectListFilter, type ProjectListRow } from '../queries/project-list.js';
import { stageLabels } from '../queries/pipeline.js';
import type { Viewer } from '../scope.js';
import { shanghai, type Columns } from '../table.js';
import type { RulePack } from '../../rules/types.js';
import { wan } from './format.js';
import { Empty, Table } from './parts.js';

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
  regions: { id: string; name: string; policy: string }[];
  packs: readonly RulePack[];
  sandbox?: boolean;
}) {
  const f = props.filter;
  // Only the stages of the regions the viewer sees (of the chosen region, once one is chosen).
  const policies = props.regions.filter((r) => !f.regionId || r.id === f.regionId).map((r) => r.policy);
  const labels = [...new Set(props.packs.filter((p) => policies.includes(p.id)).flatMap((p) => stageLabels(p)))];
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

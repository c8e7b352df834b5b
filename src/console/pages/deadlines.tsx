/** @jsxImportSource hono/jsx */
/** The deadlines board: open deadlines per week, the overdue and this week's rows, counts per unit. */
import { articleLabel } from '../../rules/articles.js';
import { BarChart, type Bar } from '../charts.js';
import { Page } from '../layout.js';
import type { DeadlineCount, DeadlineItem } from '../queries/deadlines.js';
import type { Viewer } from '../scope.js';
import type { Columns } from '../table.js';
import { addDays, md, mondayOf } from './format.js';
import { DeadlineState, Empty, LastDay, ProjectLink, TableSection } from './parts.js';

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
  const lists = [
    { title: '已逾期', id: 'overdue', empty: '没有逾期事项。', rows: props.overdue, count: overdueCount },
    { title: '本周到期', id: 'this-week', empty: '本周没有到期事项。', rows: props.thisWeek, count: weekCount },
  ];
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
          {lists.map((l) => (
            <TableSection
              title={`${l.title}（${l.count}）`}
              id={l.id}
              empty={l.empty}
              columns={columns}
              rows={l.rows}
              attrs={rowAttrs}
            >
              {more(l.rows.length, l.count)}
            </TableSection>
          ))}
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

/** @jsxImportSource hono/jsx */
/** The pipeline page: per region, projects per stage, investment, amounts declared and arranged by fund channel. */
import { BarChart, type Bar } from '../charts.js';
import { Page } from '../layout.js';
import type { PipelineRegion } from '../queries/pipeline.js';
import type { Viewer } from '../scope.js';
import type { RulePack } from '../../rules/types.js';
import { wan } from './format.js';
import { Empty, Kpi, Table } from './parts.js';

/** Amounts by fund channel: declared (金额) or arranged by the finance office (安排金额). */
function ChannelTable(props: { rows: { label: string; yuan: number }[]; amount: string }) {
  return (
    <Table
      scroll={false}
      rows={props.rows}
      columns={[
        { head: '资金渠道', cell: (c) => c.label },
        { head: props.amount, num: true, cell: (c) => wan(c.yuan) },
      ]}
    />
  );
}

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
                    <ChannelTable rows={r.channels} amount="金额" />
                  )}
                  {r.arranged && r.arranged.length > 0 ? (
                    <section data-arranged>
                      <h2>财政安排资金</h2>
                      <ChannelTable rows={r.arranged} amount="安排金额" />
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

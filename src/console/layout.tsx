/** @jsxImportSource hono/jsx */
/** The console's page frame: header with who is signed in, navigation, styles for phone and desktop. */
import type { Child } from 'hono/jsx';
import { HtmlDocument } from '../html-document.js';
import type { Viewer } from './scope.js';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f5f6f7;color:#1f2329}
a{color:#3370ff;text-decoration:none}a:hover{text-decoration:underline}
header{background:#1f2329;color:#fff;padding:10px 14px;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
header .brand{font-weight:600}
header .who{margin-left:auto;font-size:13px;color:#c9cdd4}
header .who a{color:#9ec0ff;margin-left:8px}
nav{background:#fff;border-bottom:1px solid #dee0e3;padding:0 8px;display:flex;overflow-x:auto;white-space:nowrap}
nav a{display:inline-block;padding:10px 10px;color:#1f2329}
nav a.on{color:#3370ff;border-bottom:2px solid #3370ff}
main{max-width:1100px;margin:0 auto;padding:14px 12px 40px}
h1{font-size:20px;margin:4px 0 12px}
h2{font-size:16px;margin:18px 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
.box{background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:12px 14px;margin-bottom:12px}
.box h2{margin-top:0}
.kpis{display:flex;flex-wrap:wrap;gap:8px 18px;margin:4px 0 8px}
.kpi b{font-size:20px;display:block}
.kpi span{font-size:12px;color:#646a73}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px;background:#fff}
th,td{border-bottom:1px solid #eff0f1;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f5f6f7;font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;white-space:nowrap}
.muted{color:#8f959e;font-size:13px}
.empty{color:#8f959e;padding:18px;text-align:center;background:#fff;border:1px dashed #dee0e3;border-radius:8px}
.tag{display:inline-block;font-size:12px;border-radius:4px;padding:0 6px;background:#e1eaff;color:#245bdb;white-space:nowrap}
.tag.red{background:#fde2e2;color:#d83931}.tag.orange{background:#feead2;color:#de7802}.tag.green{background:#d9f5d6;color:#237b19}.tag.grey{background:#eff0f1;color:#646a73}
form.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
form.filters input,form.filters select{font:inherit;padding:5px 8px;border:1px solid #d0d3d6;border-radius:6px;background:#fff}
.btn{display:inline-block;font:inherit;font-size:14px;padding:5px 12px;border:1px solid #3370ff;border-radius:6px;color:#3370ff;background:#fff;cursor:pointer}
.btn.primary{background:#3370ff;color:#fff}
dl.fields{display:grid;grid-template-columns:minmax(110px,200px) 1fr;gap:4px 12px;margin:0}
dl.fields dt{color:#646a73}dl.fields dd{margin:0;white-space:pre-wrap;word-break:break-word}
.pager{display:flex;gap:10px;align-items:center;margin-top:10px}
.people a{display:block;background:#fff;border:1px solid #dee0e3;border-radius:8px;padding:8px 12px;margin:6px 0}
.people small{display:block;color:#646a73}
svg.chart{max-width:100%;height:auto;display:block}
@media (max-width:600px){dl.fields{grid-template-columns:minmax(5em,7.5em) 1fr;gap:4px 10px}th,td{padding:5px 6px}}
/* On a phone a table becomes stacked rows: each cell after its column's name, short cells sharing a line, empty ones left out. */
@media (max-width:600px){table thead{display:none}table,table tbody,table tr{display:block;width:auto}table td{display:inline-block;max-width:100%;margin-right:10px;vertical-align:top}table td:empty{display:none}table tr{border-bottom:1px solid #dee0e3;padding:6px 0}table td{border:0;padding:2px 6px;text-align:left!important;white-space:normal!important}table td[data-label]::before{content:attr(data-label) '：';color:#8f959e}.scroll{overflow-x:visible}}
`;

export const NAV: { href: string; label: string; key: string }[] = [
  { href: '/console', label: '总览', key: 'pipeline' },
  { href: '/console/projects', label: '项目', key: 'projects' },
  { href: '/console/deadlines', label: '期限', key: 'deadlines' },
  { href: '/console/approvals', label: '待审批', key: 'approvals' },
  { href: '/console/rectifications', label: '整改', key: 'rectifications' },
  { href: '/console/feedback', label: '问答反馈', key: 'feedback' },
];

export function Page(props: { title: string; viewer?: Viewer; active?: string; sandbox?: boolean; children: Child }) {
  return (
    <HtmlDocument title={`${props.title} · 政务信息化项目管理后台`} style={STYLE}>
      <header>
        <span class="brand">政务信息化项目管理后台</span>
        {props.sandbox ? <span class="tag orange">沙盒</span> : null}
        {props.viewer ? (
          <span class="who">
            {props.viewer.name}
            {props.viewer.roles.length
              ? `（${props.viewer.roles.slice(0, 2).join('、')}${props.viewer.roles.length > 2 ? '…' : ''}）`
              : ''}
            {props.sandbox ? <a href="/sandbox">沙盒聊天</a> : null}
            <a href="/console/logout">退出</a>
          </span>
        ) : null}
      </header>
      {props.viewer ? (
        <nav>
          {NAV.map((n) => (
            <a href={n.href} class={n.key === props.active ? 'on' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
      ) : null}
      <main>{props.children}</main>
    </HtmlDocument>
  );
}

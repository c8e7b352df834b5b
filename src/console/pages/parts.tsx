/** @jsxImportSource hono/jsx */
/**
 * What every console page is built from: tables (a phone stacks their rows), sections, figures,
 * people, project links and deadline states.
 */
import type { Child } from 'hono/jsx';
import type { DeadlineItem } from '../queries/deadlines.js';
import type { Column, Columns } from '../table.js';

export function Empty(props: { children: Child }) {
  return <div class="empty">{props.children}</div>;
}

export function ProjectLink(props: { number: string | null; name?: string | null }) {
  if (!props.number) return <span class="muted">（地区年度事项）</span>;
  return (
    <a href={`/console/projects/${encodeURIComponent(props.number)}`}>
      {props.number}
      {props.name ? ` ${props.name}` : ''}
    </a>
  );
}

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
export function Kpi(props: { label: string; attrs?: Record<string, string>; children: Child }) {
  return (
    <div class="kpi">
      <b {...(props.attrs ?? {})}>{props.children}</b>
      <span>{props.label}</span>
    </div>
  );
}

/** A person as the page names them, and whom they acted for. */
export function Person(props: { id: string; onBehalfOf?: string | null; name: (openId: string) => string }) {
  return (
    <>
      {props.name(props.id)}
      {props.onBehalfOf ? <span class="muted">（代 {props.name(props.onBehalfOf)}）</span> : null}
    </>
  );
}

/** Where a deadline row stands: done, cancelled, overdue or still to come. */
export function DeadlineState(props: { d: Pick<DeadlineItem, 'state' | 'lastDay'>; today: string }) {
  const d = props.d;
  if (d.state === 'done') return <span class="tag green">已完成</span>;
  if (d.state === 'cancelled') return <span class="tag grey">已取消</span>;
  if (d.state === 'open' && d.lastDay < props.today) return <span class="tag red">已逾期</span>;
  return <span class="tag">未到期</span>;
}

export function LastDay(props: { day: string; provisional: boolean }) {
  return (
    <>
      {props.day}
      {props.provisional ? <span class="muted">（暂定）</span> : null}
    </>
  );
}

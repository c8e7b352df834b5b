/** @jsxImportSource hono/jsx */
/**
 * Server-rendered SVG charts: no script, readable on a phone (the SVG scales to the width), labels
 * in Chinese. Horizontal bars, because stage names and weeks are long labels.
 */

export interface Bar {
  label: string;
  value: number;
  /** Text after the value (e.g. an amount). */
  note?: string;
  color?: string;
}

const ROW = 28;
const LABEL_W = 124;
const WIDTH = 460;
const BAR_W = WIDTH - LABEL_W - 120;

/** Horizontal bar chart; `title` is the accessible name. */
export function BarChart(props: { title: string; bars: Bar[]; unit?: string; color?: string }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const height = Math.max(ROW, props.bars.length * ROW) + 8;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-label={props.title}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{props.title}</title>
      {props.bars.map((b, i) => {
        const y = i * ROW + 4;
        const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * BAR_W)) : 0;
        return (
          <g>
            <text x={LABEL_W - 8} y={y + 17} text-anchor="end" font-size="13" fill="#1f2329">
              {b.label.length > 9 ? `${b.label.slice(0, 8)}…` : b.label}
            </text>
            <rect x={LABEL_W} y={y + 3} width={w} height={ROW - 8} rx="3" fill={b.color ?? props.color ?? '#3370ff'} />
            <text x={LABEL_W + w + 6} y={y + 17} font-size="12" fill="#646a73">
              {b.value}
              {props.unit ?? ''}
              {b.note ? ` · ${b.note}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

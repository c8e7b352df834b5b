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
const BAR_W = 180;
/** Labels longer than this are cut with …; the full label is the bar's tooltip. */
const MAX_LABEL = 16;

/** How wide a text of `size` px is drawn: CJK characters a full em, the rest about 0.58 em. */
function textWidth(text: string, size: number): number {
  return [...text].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? size : size * 0.58), 0);
}

const shortLabel = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** Horizontal bar chart; `title` is the accessible name. */
export function BarChart(props: { title: string; bars: Bar[]; unit?: string; color?: string }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value));
  const height = Math.max(ROW, props.bars.length * ROW) + 8;
  const valueText = (b: Bar) => `${b.value}${props.unit ?? ''}${b.note ? ` · ${b.note}` : ''}`;
  // The chart is as wide as its longest label and value need: nothing is cut at the edges.
  const labelW = Math.ceil(Math.max(0, ...props.bars.map((b) => textWidth(shortLabel(b.label), 13)))) + 12;
  const valueW = Math.ceil(Math.max(0, ...props.bars.map((b) => textWidth(valueText(b), 12)))) + 12;
  const width = labelW + BAR_W + valueW;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
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
            <title>{`${b.label}：${valueText(b)}`}</title>
            <text x={labelW - 8} y={y + 17} text-anchor="end" font-size="13" fill="#1f2329" data-label={b.label}>
              {shortLabel(b.label)}
            </text>
            <rect x={labelW} y={y + 3} width={w} height={ROW - 8} rx="3" fill={b.color ?? props.color ?? '#3370ff'} />
            <text x={labelW + w + 6} y={y + 17} font-size="12" fill="#646a73">
              {valueText(b)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

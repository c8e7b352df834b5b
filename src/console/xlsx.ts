/**
 * The region's 项目库 as an .xlsx workbook (write-excel-file, which runs on Node and Workers alike):
 * one row per project with its number, name, unit, kind, stage, status, amounts (总投资 and each fund
 * channel, in 万元), dates, and every field of its declaration as filled in.
 */
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/universal';
import { STATUS_LABELS } from '../services/projects.js';
import type { LibraryRow } from './queries/library.js';

const header = (value: string): Cell => ({
  value,
  type: String,
  fontWeight: 'bold',
  backgroundColor: '#E1EAFF',
  wrap: true,
});
const text = (value: string | null | undefined): Cell => (value ? { value, type: String } : null);
const wan = (yuan: number): Cell => ({ value: Math.round(yuan) / 10000, type: Number, format: '0.0000' });

/** Asia/Shanghai date-time as text (Excel has no time zones; text reads the same everywhere). */
function shanghai(d: Date | null): string | null {
  if (!d) return null;
  const s = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

export const BASE_COLUMNS = [
  '项目编号',
  '项目名称',
  '地区',
  '建设单位',
  '项目类型',
  '阶段',
  '状态',
  '总投资（万元）',
] as const;

/** The 项目库 workbook's bytes. */
export async function projectLibraryXlsx(regionName: string, rows: LibraryRow[]): Promise<Uint8Array> {
  const channelLabels: string[] = [];
  const fieldLabels: string[] = [];
  for (const r of rows) {
    for (const c of r.channels) if (!channelLabels.includes(c.label)) channelLabels.push(c.label);
    for (const f of r.fields) if (!fieldLabels.includes(f.label)) fieldLabels.push(f.label);
  }
  const head: Row = [
    ...BASE_COLUMNS.map(header),
    ...channelLabels.map((l) => header(`${l}（万元）`)),
    header('提交时间'),
    header('立项时间'),
    header('更新时间'),
    ...fieldLabels.map((l) => header(`申报表：${l}`)),
  ];
  const data: Row[] = [head];
  for (const r of rows) {
    const p = r.project;
    const values = new Map(r.fields.map((f) => [f.label, f.value]));
    data.push([
      text(p.number),
      text(p.name),
      text(r.regionName),
      text(r.unitName),
      text(r.kindLabel),
      text(r.stage),
      text(STATUS_LABELS[p.status]),
      wan(p.investmentYuan),
      ...channelLabels.map((l) => {
        const c = r.channels.find((x) => x.label === l);
        return c ? wan(c.yuan) : null;
      }),
      text(shanghai(p.submittedAt)),
      text(shanghai(p.approvedAt)),
      text(shanghai(p.updatedAt)),
      ...fieldLabels.map((l) => text(values.get(l))),
    ]);
  }
  const columns = head.map((_, i) => ({ width: i === 1 ? 36 : i < BASE_COLUMNS.length ? 16 : 20 }));
  const blob = await writeXlsxFile(data, {
    sheet: `${regionName}项目库`.slice(0, 31),
    columns,
    stickyRowsCount: 1,
  }).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

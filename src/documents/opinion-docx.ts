/**
 * The written opinion (书面审核意见, 批复 …) of one deciding approval step as a .docx: the project,
 * the step and the office, the decision and its words, the date, and the article the step rests on
 * with its quoted text. The regulations ask for these in writing (金寨 第十条 “由县智慧办形成书面审核
 * 意见”); the bot builds one from each decision, sends it to the unit and lists it in the console.
 */
import type { Paragraph, Table, TableRow } from 'docx';
import { chineseDate } from '../calendar.js';
import { articleLabel } from '../rules/articles.js';
import type { LocalDate } from '../rules/types.js';
import { cell, columns, document, pack, paras, row, spanWidth, table, title } from './docx-kit.js';

export interface OpinionData {
  regionName: string;
  policyTitle: string;
  /** What the step produces: 审核意见, 书面审核意见, 县政府批准 … */
  produces: string;
  project: { number: string; name: string; unitName: string; investment: string; funding?: string; content?: string };
  step: { name: string; article: number; quote: string };
  officeName: string;
  /** 同意 / 退回修改 / 不同意. */
  decision: string;
  opinion: string;
  /** Who signed it in the bot, by name. */
  decidedBy: string;
  date: LocalDate;
}

/** The document's title: 金寨县政务信息化项目书面审核意见. */
export function opinionTitle(d: Pick<OpinionData, 'regionName' | 'produces'>): string {
  const what = /意见|批复|批准/.test(d.produces) ? d.produces.replace(/（.*?）/g, '') : '审核意见';
  return `${d.regionName}政务信息化项目${what.endsWith('批准') ? '批复' : what}`;
}

/** The file name the unit receives: JZ-2026-0001-县智慧办会同有关部门审核项目方案-审核意见.docx. */
export function opinionFileName(number: string, stepName: string): string {
  return `${number}-${stepName.replace(/[\\/:*?"<>|\s]+/g, '')}-审核意见.docx`.slice(0, 120);
}

export async function opinionDocx(d: OpinionData): Promise<Uint8Array> {
  const cols = columns(2400);
  const w = (from: number, span = 1) => spanWidth(cols, from, span);
  const pair = (l: string, v: string, minHeight?: number) =>
    row([cell(l, { width: w(0), align: 'center' }), cell(v, { width: w(1), align: 'both' })], minHeight);
  const rows: TableRow[] = [
    pair('项目编号', d.project.number),
    pair('项目名称', d.project.name),
    pair('建设单位', d.project.unitName),
    pair('总投资', d.project.funding ? `${d.project.investment}（${d.project.funding}）` : d.project.investment),
  ];
  if (d.project.content) rows.push(pair('项目实施依据及主要内容', d.project.content));
  rows.push(
    pair('审批环节', d.step.name),
    pair('办理部门', d.officeName),
    pair('审核结论', d.decision),
    pair('审核意见', d.opinion || d.decision, 1701),
    pair('办理人', d.decidedBy),
    pair('日期', chineseDate(d.date)),
    pair('依据', `《${d.policyTitle}》${articleLabel(d.step.article)}${d.step.quote ? `：“${d.step.quote}”` : ''}`),
  );
  const heading = opinionTitle(d);
  const body: (Paragraph | Table)[] = [
    ...title(heading),
    ...paras(`${d.officeName}　${d.project.number}`, { align: 'center', after: 120 }),
    table(cols, rows),
  ];
  return pack(document(heading, body));
}

/**
 * Approval cards (Card JSON 2.0): the card an approver acts on, its states after a decision, the
 * applicant's updates, the 进度 timeline, 转交, the finance record and escalation messages. Pure
 * functions from data to JSON. User text goes through `escapeMarkdown`; people are shown by name
 * when the caller knows it, else as a Lark mention `<at id=ou_…></at>` (Lark renders the name).
 * Every card fits Lark's 30 KB: long lists are cut with "另有 N 项", and a card still too large
 * is rebuilt with smaller budgets.
 */
import { articleLabel } from '../src/rules/articles.js';
import type { Decision, OfficeStatus, RouteOutcome, StepStatus } from '../src/approval/machine.js';
import { DECISION_LABELS, OUTCOME_LABELS } from '../src/approval/machine.js';
import {
  APPROVAL_ACTIONS,
  APPROVAL_FIELDS,
  COMMENT_MAX_CHARS,
  DEFAULT_FUND_CHANNELS,
  NOTE_MAX_CHARS,
} from '../src/approval/forms.js';
import type { ApplicantNext, TimelineStepView } from '../src/approval/progress.js';
import { chineseDate } from '../src/calendar.js';
import type { LocalDate } from '../src/rules/types.js';
import type { ReviewSummary } from '../src/declaration/review-summary.js';
import { escapeMarkdown, subtitleLine } from './markdown.js';

// ---------------------------------------------------------------------------------------------
// Inputs

export interface ProjectSummary {
  number: string;
  name: string;
  unitName: string;
  regionName: string;
  kindLabel: string;
  /** Total investment in 万元; null when not known. */
  investmentWan: number | null;
  /** What the reviewer judges: content, amount by fund source, 建设年度, the unit's answers. */
  review?: ReviewSummary;
  /** Set on every card of a change request's route (调整/变更): what the change is. */
  change?: ChangeSummary;
}

/** A change request (调整/变更) under approval. */
export interface ChangeSummary {
  approvedWan: number;
  adjustedWan: number;
  /** |adjusted − approved| / approved. */
  ratio: number;
  /** The unit's reason, in its words. */
  reason?: string;
  /** The pack's rule that makes the change need approval (牡丹区 第二十一条 …). */
  basis: { message: string; article: number | null; quote: string };
}

/** A person: shown by `name` if given, else as a Lark mention of `openId`. */
export interface Who {
  openId: string;
  name?: string;
}

/**
 * What a step asks of its office: decide (同意/退回修改/不同意), notify (a feedback the regulation
 * asks the office to give, confirmed with one button), or record funding (the finance card).
 */
export type StepKind = 'decide' | 'notify' | 'record_funding';

export interface StepInfo {
  name: string;
  kind?: StepKind;
  produces: string;
  article: number;
  quote?: string;
  mode?: 'all' | 'any';
  /** All offices of the step (shown for 会签/或签 when more than one). */
  offices?: readonly string[];
  /** 0-based index and number of steps. */
  position?: { index: number; total: number };
  /** Last working day the step is on time. */
  dueOn?: LocalDate;
}

export interface FindingLine {
  level: 'blocker' | 'warning';
  message: string;
  article: number;
}

type Card = {
  schema: '2.0';
  config: { update_multi: true };
  header: {
    title: { tag: 'plain_text'; content: string };
    subtitle?: { tag: 'plain_text'; content: string };
    template: string;
  };
  body: { elements: object[] };
};

// ---------------------------------------------------------------------------------------------
// Helpers

const CARD_BUDGET_BYTES = 28 * 1024;
const encoder = new TextEncoder();

/** Builds with budget scale 1, and again with smaller scales while the card is too large. */
function fit(build: (scale: number) => Card): Card {
  let card = build(1);
  for (const scale of [0.5, 0.25, 0.1, 0.03]) {
    if (encoder.encode(JSON.stringify(card)).length <= CARD_BUDGET_BYTES) break;
    card = build(scale);
  }
  return card;
}

function clip(s: string, max: number): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  const n = Math.max(1, Math.floor(max));
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

/** Keeps line breaks (for comments), but caps the length. */
function clipKeepLines(s: string, max: number): string {
  const chars = [...s.trim()];
  const n = Math.max(1, Math.floor(max));
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

/** Escaped user text, cut to `max` characters first. */
function md(s: string, max: number): string {
  return escapeMarkdown(clip(s, max));
}

/** Escaped multi-line user text (a comment) shown as a quote block. */
function mdBlock(s: string, max: number): string {
  return clipKeepLines(s, max)
    .split(/\r?\n/)
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
}

const OPEN_ID = /^ou_[0-9A-Za-z]+$/;

function who(p: Who): string {
  if (p.name && p.name.trim()) return md(p.name, 30);
  return OPEN_ID.test(p.openId) ? `<at id=${p.openId}></at>` : md(p.openId, 40);
}

function byLine(by: Who, onBehalfOf?: Who): string {
  return onBehalfOf && onBehalfOf.openId !== by.openId ? `${who(by)}（代${who(onBehalfOf)}）` : who(by);
}

const pad2 = (n: string) => n.padStart(2, '0');

/** `2025-05-08 14:03`, Asia/Shanghai. */
export function formatShanghaiTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${pad2(get('hour'))}:${pad2(get('minute'))}`;
}

function money(wan: number | null): string {
  if (wan === null || !Number.isFinite(wan)) return '未填写';
  return `${+wan.toFixed(4)} 万元`;
}

/** `items` as lines, at most `maxItems` and about `maxChars` characters, with 另有 N 项. */
function lines(items: readonly string[], maxItems: number, maxChars: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const item of items) {
    if (out.length >= Math.max(1, Math.floor(maxItems)) || (out.length > 0 && used + item.length > maxChars)) break;
    out.push(item);
    used += item.length;
  }
  if (out.length < items.length) out.push(`…另有 ${items.length - out.length} 项`);
  return out;
}

function header(title: string, template: string, subtitle?: string): Card['header'] {
  return {
    title: { tag: 'plain_text', content: clip(title, 60) },
    ...(subtitle ? { subtitle: { tag: 'plain_text', content: subtitleLine(subtitle) } } : {}),
    template,
  };
}

function card(h: Card['header'], elements: object[]): Card {
  return { schema: '2.0', config: { update_multi: true }, header: h, body: { elements } };
}

function markdown(content: string, size?: 'notation'): object {
  return { tag: 'markdown', content, ...(size ? { text_size: size } : {}) };
}

function callbackButton(
  text: string,
  value: Record<string, unknown>,
  opts: { type?: string; name?: string; submit?: boolean; confirm?: { title: string; text: string } } = {},
): object {
  return {
    tag: 'button',
    ...(opts.name ? { name: opts.name } : {}),
    text: { tag: 'plain_text', content: text },
    type: opts.type ?? 'default',
    ...(opts.submit ? { form_action_type: 'submit' } : {}),
    ...(opts.confirm
      ? {
          confirm: {
            title: { tag: 'plain_text', content: opts.confirm.title },
            text: { tag: 'plain_text', content: opts.confirm.text },
          },
        }
      : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

function buttonRow(buttons: object[]): object {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

function basisText(b: { article: number | null; quote: string }, scale: number): string {
  if (b.article === null) return '';
  return b.quote ? `${articleLabel(b.article)}：“${md(b.quote, 160 * scale)}”` : articleLabel(b.article);
}

function changeBlock(c: ChangeSummary, scale: number): string {
  const rows = [
    `**变更申请**：总投资由 ${money(c.approvedWan)}调整为 ${money(c.adjustedWan)}（调整幅度 ${percent(c.ratio)}）`,
  ];
  if (c.reason && c.reason.trim()) rows.push(`**调整理由**：${md(c.reason, 300 * scale)}`);
  const basis = basisText(c.basis, scale);
  rows.push(`**须审批的原因**：${md(c.basis.message, 200 * scale)}${basis ? `（${basis}）` : ''}`);
  return rows.join('\n');
}

/** `财政资金 50万元、单位自筹 30万元`: the amount by source, when the declaration names them. */
function fundingSplit(p: ProjectSummary): string {
  const parts = (p.review?.funding ?? []).slice(0, 8).map((f) => `${md(f.label, 20)} ${md(f.value, 20)}`);
  return parts.length ? `（${parts.join('、')}）` : '';
}

function projectBlock(p: ProjectSummary, scale: number, withSummary: boolean): string {
  const rows = [
    `**项目编号**：${md(p.number, 40)}　**项目类型**：${md(p.kindLabel, 30)}`,
    `**项目名称**：${md(p.name, 100)}`,
    `**建设单位**：${md(p.unitName, 50)}　**地区**：${md(p.regionName, 20)}`,
    `**总投资**：${money(p.investmentWan)}${fundingSplit(p)}`,
  ];
  if (p.change) rows.push(changeBlock(p.change, scale));
  if (withSummary && !p.change && p.review) {
    for (const r of p.review.period.slice(0, 3)) rows.push(`**${md(r.label, 20)}**：${md(r.value, 60)}`);
    if (p.review.answers.length)
      rows.push(
        `**单位填报的合规问答**：`,
        ...lines(
          p.review.answers.map((a) => `- ${md(a.label, 60)}：${md(a.value, 20)}`),
          12 * scale,
          1200 * scale,
        ),
      );
    if (p.review.items.length)
      rows.push(
        `**采购清单**：`,
        ...lines(
          p.review.items.map((i) => `- ${md(i, 120)}`),
          15 * scale,
          1500 * scale,
        ),
      );
  }
  return rows.join('\n');
}

/** Content shorter than this shows in full; longer content is folded into a panel. */
const CONTENT_FOLD_CHARS = 80;

/** 项目实施依据及主要内容 / 建设内容: in full when short, else its opening and a panel to unfold. */
function contentElements(p: ProjectSummary, scale: number): object[] {
  if (p.change || !p.review) return [];
  return p.review.content.slice(0, Math.max(1, Math.floor(4 * scale))).map((c) => {
    const text = clipKeepLines(c.text, 3000 * scale);
    if ([...text].length <= CONTENT_FOLD_CHARS) return markdown(`**${md(c.label, 40)}**：${escapeMarkdown(text)}`);
    return {
      tag: 'collapsible_panel',
      expanded: false,
      header: { title: { tag: 'plain_text', content: `${clip(c.label, 20)}：${clip(text, 14)}（展开）` } },
      elements: [markdown(text.split(/\r?\n/).map(escapeMarkdown).join('\n'))],
    };
  });
}

const DECISION_TEMPLATES: Record<Decision, string> = { approve: 'green', return: 'orange', reject: 'red' };
const DECISION_ICONS: Record<Decision, string> = { approve: '✅', return: '↩️', reject: '❌' };

/** The finance office's decision: how much is arranged, from which channel. */
export interface FundingRecord {
  amountWan: number;
  fundChannel: string;
}

export function fundingText(f: FundingRecord): string {
  return `${money(f.amountWan)}（${md(f.fundChannel, 40)}）`;
}

function decisionBlock(
  d: {
    decision: Decision;
    by: Who;
    onBehalfOf?: Who;
    at: Date | string;
    comment?: string;
    officeName?: string;
    funding?: FundingRecord;
  },
  scale: number,
): string {
  const rows = [
    `**处理结果**：${DECISION_ICONS[d.decision]} ${DECISION_LABELS[d.decision]}`,
    ...(d.funding ? [`**安排资金**：${fundingText(d.funding)}`] : []),
    `**处理人**：${d.officeName ? `${md(d.officeName, 30)} ` : ''}${byLine(d.by, d.onBehalfOf)}`,
    `**处理时间**：${formatShanghaiTime(d.at)}`,
  ];
  if (d.comment && d.comment.trim()) rows.push(`**意见**：\n${mdBlock(d.comment, COMMENT_MAX_CHARS * scale)}`);
  return rows.join('\n');
}

function modeText(step: StepInfo): string | null {
  const offices = step.offices ?? [];
  if (offices.length < 2) return null;
  const names = offices.map((o) => md(o, 30)).join('、');
  return step.mode === 'any' ? `或签（${names}任一部门同意即可）` : `会签（${names}均须同意）`;
}

// ---------------------------------------------------------------------------------------------
// The approver's card

export interface ApprovalCardInput {
  project: ProjectSummary;
  step: StepInfo;
  findings: readonly FindingLine[];
  materials: readonly MaterialLine[];
  taskToken: string;
  /** Set on a card sent to a deputy or transferee: whom they act for. */
  onBehalfOf?: Who;
  /** The note of a 转交, shown to the transferee. */
  transferNote?: string;
}

function stepBlock(step: StepInfo, scale: number): string {
  const pos = step.position ? `（第${step.position.index + 1}步/共${step.position.total}步）` : '';
  const rows = [`**当前环节**${pos}：${md(step.name, 80)}`, `**需出具**：${md(step.produces, 80)}`];
  const mode = modeText(step);
  if (mode) rows.push(`**办理方式**：${mode}`);
  if (step.dueOn) rows.push(`**办理时限**：${chineseDate(step.dueOn)}前`);
  const basis = step.quote
    ? `${articleLabel(step.article)}：“${md(step.quote, 160 * scale)}”`
    : articleLabel(step.article);
  rows.push(`**依据**：${basis}`);
  return rows.join('\n');
}

function findingsBlock(findings: readonly FindingLine[], missing: readonly MaterialLine[], scale: number): string {
  if (findings.length === 0 && missing.length === 0) return '**合规提示**：未发现问题';
  if (findings.length === 0) return `**合规提示**：⚠️ 缺少 ${missing.length} 项申报材料，见下`;
  const items = findings.map(
    (f) => `${f.level === 'blocker' ? '⛔' : '⚠️'} ${md(f.message, 200 * scale)}（${articleLabel(f.article)}）`,
  );
  return [`**合规提示**（${findings.length}项）`, ...lines(items, 15 * scale, 2000 * scale)].join('\n');
}

/** One required material: attached, or generated from the declaration itself (its 申报表). */
export interface MaterialLine {
  name: string;
  attached: boolean;
  generated?: boolean;
  article?: number;
}

function materialsBlock(materials: readonly MaterialLine[], scale: number): string {
  if (materials.length === 0) return '**申报材料**：无';
  const attached = materials.filter((m) => m.attached).length;
  const items = materials.map((m) =>
    m.attached
      ? `✅ ${md(m.name, 80 * scale)}${m.generated ? '（由申报表生成）' : ''}`
      : `<font color='red'>❌ ${md(m.name, 80 * scale)}（未附）</font>`,
  );
  const head = `**申报材料**（已附 ${attached}/${materials.length}）`;
  const warn =
    attached < materials.length
      ? `\n<font color='red'>⚠️ 缺少 ${materials.length - attached} 项必备材料，可退回修改要求补充</font>`
      : '';
  return [head + warn, ...lines(items, 25 * scale, 1500 * scale)].join('\n');
}

/** The comment a 退回修改 for missing materials needs, typed in for the reviewer. */
export function missingMaterialsComment(materials: readonly MaterialLine[]): string {
  const missing = materials.filter((m) => !m.attached).map((m) => `“${m.name}”`);
  return missing.length ? `请补充申报材料：${missing.join('、')}。` : '';
}

function rejectWarning(p: ProjectSummary): string {
  return p.change ? '不同意将终止该变更申请，项目按原批复执行。' : '不同意将终止该项目的审批流程。';
}

/**
 * The card an approver acts on: project summary, step, compliance warnings, materials, a comment
 * box and 同意 / 退回修改 / 不同意 (a form: the comment comes back in form_value.comment), then
 * 查看详情 and 转交. Buttons carry `{action, decision?, task}`.
 */
export function approvalCard(o: ApprovalCardInput): object {
  const task = o.taskToken;
  return fit((scale) => {
    const elements: object[] = [];
    if (o.onBehalfOf) {
      const note =
        o.transferNote && o.transferNote.trim() ? `，说明：${md(o.transferNote, NOTE_MAX_CHARS * scale)}` : '';
      elements.push(markdown(`📌 您代${who(o.onBehalfOf)}办理此项审批${note}`));
    }
    elements.push(markdown(projectBlock(o.project, scale, true)));
    elements.push(...contentElements(o.project, scale));
    elements.push({ tag: 'hr' });
    elements.push(markdown(stepBlock(o.step, scale)));
    const notify = o.step.kind === 'notify';
    if (!o.project.change && !notify) {
      const missing = o.materials.filter((m) => !m.attached);
      elements.push(markdown(findingsBlock(o.findings, missing, scale)));
      elements.push(markdown(materialsBlock(o.materials, scale)));
    }
    const prefill =
      notify || o.project.change ? '' : clipKeepLines(missingMaterialsComment(o.materials), COMMENT_MAX_CHARS * scale);
    const comment = {
      tag: 'input',
      name: APPROVAL_FIELDS.comment,
      input_type: 'multiline_text',
      rows: 3,
      auto_resize: true,
      max_length: COMMENT_MAX_CHARS,
      placeholder: { tag: 'plain_text', content: notify ? '反馈说明（选填）' : '审批意见（退回修改、不同意时必填）' },
      ...(prefill ? { default_value: prefill } : {}),
    };
    const decide = (decision: Decision) => ({ action: APPROVAL_ACTIONS.decide, decision, task });
    const buttons = notify
      ? [callbackButton('已反馈建设单位', decide('approve'), { type: 'primary_filled', name: 'approve', submit: true })]
      : [
          callbackButton('同意', decide('approve'), { type: 'primary_filled', name: 'approve', submit: true }),
          callbackButton('退回修改', decide('return'), { name: 'return', submit: true }),
          callbackButton('不同意', decide('reject'), {
            type: 'danger',
            name: 'reject',
            submit: true,
            confirm: { title: '确认不同意？', text: rejectWarning(o.project) },
          }),
        ];
    if (notify)
      elements.push(
        markdown(
          '本环节为告知环节：把审核意见反馈给建设单位后点“已反馈建设单位”。审核意见书已随审批结果发给建设单位。',
        ),
      );
    elements.push({ tag: 'form', name: 'approval_form', elements: [comment, buttonRow(buttons)] });
    elements.push(
      buttonRow([
        callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task }),
        callbackButton('转交', { action: APPROVAL_ACTIONS.delegate, task }),
      ]),
    );
    return card(
      header(
        `${o.project.change ? '待审批（项目变更）' : '待审批'}：${o.project.name}`,
        'blue',
        `${o.project.number} · ${o.project.unitName}`,
      ),
      elements,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// After a decision

export interface DecidedCardInput {
  project: ProjectSummary;
  step: { name: string };
  decision: Decision;
  by: Who;
  at: Date | string;
  comment?: string;
  onBehalfOf?: Who;
  /** Keeps a 查看详情 button when given. */
  taskToken?: string;
  funding?: FundingRecord;
}

/** The approver's card after they acted: who, when, decision, comment. */
export function decidedCard(o: DecidedCardInput): object {
  return fit((scale) => {
    const elements: object[] = [
      markdown(projectBlock(o.project, scale, false)),
      { tag: 'hr' },
      markdown(`**环节**：${md(o.step.name, 80)}\n${decisionBlock(o, scale)}`),
    ];
    if (o.taskToken)
      elements.push(buttonRow([callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task: o.taskToken })]));
    return card(
      header(
        `${DECISION_LABELS[o.decision]}：${o.project.name}`,
        DECISION_TEMPLATES[o.decision],
        `${o.project.number} · ${o.project.unitName}`,
      ),
      elements,
    );
  });
}

export interface HandledByOtherCardInput {
  project: ProjectSummary;
  step: { name: string };
  by: Who;
  decision: Decision;
  at?: Date | string;
  onBehalfOf?: Who;
  officeName?: string;
}

/** The card of the other members of the office: 已由某某处理. */
export function handledByOtherCard(o: HandledByOtherCardInput): object {
  return fit((scale) => {
    const when = o.at ? `于 ${formatShanghaiTime(o.at)} ` : '';
    return card(header(`已由他人处理：${o.project.name}`, 'grey', `${o.project.number} · ${o.project.unitName}`), [
      markdown(projectBlock(o.project, scale, false)),
      { tag: 'hr' },
      markdown(
        `**环节**：${md(o.step.name, 80)}\n本环节已由${o.officeName ? `${md(o.officeName, 30)} ` : ''}${byLine(o.by, o.onBehalfOf)} ${when}处理（${DECISION_LABELS[o.decision]}），无需您再操作。`,
      ),
    ]);
  });
}

/**
 * A card that no longer needs action for another reason: the other office of a 或签 step approved,
 * another office of a 会签 step refused or returned, or the project was resubmitted.
 */
export function closedCard(o: { project: ProjectSummary; step: { name: string }; reason: string }): object {
  return fit((scale) =>
    card(header(`无需处理：${o.project.name}`, 'grey', `${o.project.number} · ${o.project.unitName}`), [
      markdown(projectBlock(o.project, scale, false)),
      { tag: 'hr' },
      markdown(`**环节**：${md(o.step.name, 80)}\n${md(o.reason, 200)}，无需您再操作。`),
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// The applicant and the unit group

export interface ApplicantUpdateInput {
  project: ProjectSummary;
  /** The decision this message reports; leave out for "submitted / resubmitted". */
  decided?: {
    stepName: string;
    officeName: string;
    decision: Decision;
    by: Who;
    onBehalfOf?: Who;
    at: Date | string;
    comment?: string;
    funding?: FundingRecord;
  };
  next: ApplicantNext;
  /** Callback value of a 修改后重新提交 button, shown when the project was returned. */
  editAction?: Record<string, unknown>;
}

function changeNextBlock(
  next: ApplicantNext,
  c: ChangeSummary,
  number: string,
  scale: number,
): { text: string; template: string; title: string } {
  const basis = basisText(c.basis, scale);
  const cite = basis ? `\n**依据**：${basis}` : '';
  switch (next.kind) {
    case 'pending':
      return nextBlock(next);
    case 'approved':
      return {
        title: '变更已批准',
        template: 'green',
        text: `🎉 **变更审批已全部完成，项目总投资已调整为 ${money(c.adjustedWan)}。**${next.outputs.length ? `\n**审批结果**：${next.outputs.map((o) => md(o, 60)).join('；')}` : ''}${cite}`,
      };
    case 'rejected':
      return {
        title: '变更未获批准',
        template: 'red',
        text: `变更申请在“${md(next.stepName, 80)}”环节未获同意，项目仍按原批复（${money(c.approvedWan)}）执行。${cite}`,
      };
    case 'returned':
      return {
        title: '变更退回修改',
        template: 'orange',
        text: `变更申请在“${md(next.stepName, 80)}”环节被退回修改，项目仍按原批复执行。请按意见修改后重新发送“调整 ${md(number, 40)} 调整后总投资（万元） 理由”。${cite}`,
      };
  }
}

function nextBlock(next: ApplicantNext): { text: string; template: string; title: string } {
  switch (next.kind) {
    case 'pending': {
      const offices = next.offices.map((o) => md(o, 30)).join('、');
      return {
        title: '审批进展',
        template: 'blue',
        text: `**下一步**：第${next.position.index + 1}步/共${next.position.total}步“${md(next.stepName, 80)}”，待${offices}办理`,
      };
    }
    case 'approved': {
      const outputs = next.outputs.map((o) => md(o, 60)).join('；');
      return {
        title: '审批通过',
        template: 'green',
        text: `🎉 **审批流程已全部完成，项目已批复立项。**${outputs ? `\n**审批结果**：${outputs}` : ''}`,
      };
    }
    case 'rejected':
      return {
        title: '审批未通过',
        template: 'red',
        text: `项目在“${md(next.stepName, 80)}”环节未获同意，审批流程已终止。`,
      };
    case 'returned':
      return {
        title: '退回修改',
        template: 'orange',
        text:
          `项目在“${md(next.stepName, 80)}”环节被退回修改。请按意见修改后重新提交，` +
          (next.resubmitFrom === 'start'
            ? '重新提交后将从第一个环节重新审批。'
            : `重新提交后将从“${md(next.resumeStepName, 80)}”环节继续审批。`),
      };
  }
}

/** The message to the applicant and the unit group about a decision and what comes next. */
export function applicantUpdateCard(o: ApplicantUpdateInput): object {
  return fit((scale) => {
    const next = o.project.change
      ? changeNextBlock(o.next, o.project.change, o.project.number, scale)
      : nextBlock(o.next);
    const elements: object[] = [markdown(projectBlock(o.project, scale, false)), { tag: 'hr' }];
    if (o.decided) {
      elements.push(markdown(`**环节**：${md(o.decided.stepName, 80)}\n${decisionBlock({ ...o.decided }, scale)}`));
    } else {
      elements.push(markdown(o.project.change ? '变更申请已提交，进入变更审批流程。' : '项目已提交，进入审批流程。'));
    }
    elements.push(markdown(next.text));
    const number = o.project.number;
    const buttons = [callbackButton('查看进度', { action: APPROVAL_ACTIONS.timeline, project: number })];
    if (o.next.kind === 'pending')
      buttons.push(callbackButton('催办', { action: APPROVAL_ACTIONS.urge, project: number }));
    if (o.next.kind === 'returned' && o.editAction)
      buttons.unshift(callbackButton('修改后重新提交', o.editAction, { type: 'primary_filled' }));
    elements.push(buttonRow(buttons));
    return card(
      header(`${next.title}：${o.project.name}`, next.template, `${o.project.number} · ${o.project.unitName}`),
      elements,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 进度 <number>

export interface TimelineEntry {
  at: Date | string;
  /** null for the system (e.g. 自动提醒). */
  actor: Who | null;
  /** 提交申报 / 同意 / 转交 / 催办 … */
  action: string;
  detail?: string;
}

export interface TimelineCardInput {
  project: ProjectSummary;
  outcome: RouteOutcome;
  steps: readonly TimelineStepView[];
  entries: readonly TimelineEntry[];
  /** Show a 催办 button (the viewer is the applicant and the route is pending). */
  canUrge?: boolean;
}

const STEP_ICONS: Record<StepStatus, string> = {
  waiting: '⚪ 待办',
  pending: '🟡 办理中',
  approved: '✅ 已通过',
  returned: '↩️ 退回修改',
  rejected: '❌ 未通过',
  skipped: '➖ 未进行',
};
const OFFICE_STATUS: Record<OfficeStatus, string> = {
  pending: '待处理',
  approved: '同意',
  returned: '退回修改',
  rejected: '不同意',
};

/** The project's route with each step's status, and its history, newest last. */
export function timelineCard(o: TimelineCardInput): object {
  return fit((scale) => {
    const stepLines = o.steps.map((s, i) => {
      const offices = s.offices
        .map((f) => {
          const by = f.by ? ` ${byLine(f.by, f.onBehalfOf)}` : '';
          const at = f.at ? ` ${formatShanghaiTime(f.at)}` : '';
          return `${md(f.officeName, 30)}：${OFFICE_STATUS[f.status]}${f.status === 'pending' ? '' : `${by}${at}`}`;
        })
        .join('；');
      const mode = s.offices.length > 1 ? (s.mode === 'any' ? '（或签）' : '（会签）') : '';
      return `${i + 1}. ${STEP_ICONS[s.status]} ${md(s.name, 60 * Math.max(scale, 0.5))}${mode}${offices ? `\n　${offices}` : ''}`;
    });
    const maxEntries = Math.max(3, Math.floor(40 * scale));
    const shown = o.entries.slice(-maxEntries);
    const entryLines = shown.map((e) => {
      const actor = e.actor ? `${who(e.actor)} ` : '';
      const detail = e.detail && e.detail.trim() ? `：${md(e.detail, 120 * scale)}` : '';
      return `- ${formatShanghaiTime(e.at)} ${actor}${md(e.action, 30)}${detail}`;
    });
    if (shown.length < o.entries.length) entryLines.unshift(`…更早的 ${o.entries.length - shown.length} 条记录未显示`);
    const elements: object[] = [
      markdown(projectBlock(o.project, scale, true)),
      ...contentElements(o.project, scale),
      markdown(`**审批状态**：${OUTCOME_LABELS[o.outcome]}`),
      { tag: 'hr' },
      markdown(['**审批环节**', ...lines(stepLines, 30, 4000 * scale)].join('\n')),
      { tag: 'hr' },
      markdown(['**办理记录**', ...(entryLines.length ? entryLines : ['暂无记录'])].join('\n')),
    ];
    if (o.canUrge && o.outcome === 'pending')
      elements.push(buttonRow([callbackButton('催办', { action: APPROVAL_ACTIONS.urge, project: o.project.number })]));
    const template =
      o.outcome === 'approved'
        ? 'green'
        : o.outcome === 'rejected'
          ? 'red'
          : o.outcome === 'returned'
            ? 'orange'
            : 'blue';
    return card(
      header(`审批进度：${o.project.name}`, template, `${o.project.number} · ${o.project.unitName}`),
      elements,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 转交

export interface DelegateCardInput {
  task: string;
  colleagues: readonly Who[];
  project?: ProjectSummary;
  step?: { name: string };
}

/** Choose a colleague and write a note; 确认转交 sends `approval.delegate.confirm`. */
export function delegateCard(o: DelegateCardInput): object {
  return fit((scale) => {
    const elements: object[] = [];
    if (o.project) elements.push(markdown(projectBlock(o.project, scale, false)));
    if (o.step) elements.push(markdown(`**环节**：${md(o.step.name, 80)}`));
    const colleagues = o.colleagues
      .filter((c) => OPEN_ID.test(c.openId))
      .slice(0, Math.max(10, Math.floor(100 * scale)));
    if (colleagues.length === 0) {
      elements.push(markdown('没有可转交的同事。请联系管理员在组织架构中添加。'));
    } else {
      const named = colleagues.every((c) => c.name && c.name.trim());
      const select = named
        ? {
            tag: 'select_static',
            name: APPROVAL_FIELDS.delegateTo,
            required: true,
            placeholder: { tag: 'plain_text', content: '选择转交给谁' },
            options: colleagues.map((c) => ({
              text: { tag: 'plain_text', content: clip(c.name!, 30) },
              value: c.openId,
            })),
          }
        : {
            tag: 'select_person',
            name: APPROVAL_FIELDS.delegateTo,
            required: true,
            placeholder: { tag: 'plain_text', content: '选择转交给谁' },
            options: colleagues.map((c) => ({ value: c.openId })),
          };
      elements.push({
        tag: 'form',
        name: 'delegate_form',
        elements: [
          select,
          {
            tag: 'input',
            name: APPROVAL_FIELDS.delegateNote,
            input_type: 'multiline_text',
            rows: 2,
            max_length: NOTE_MAX_CHARS,
            placeholder: { tag: 'plain_text', content: '转交说明（选填）' },
          },
          callbackButton(
            '确认转交',
            { action: APPROVAL_ACTIONS.delegateConfirm, task: o.task },
            { type: 'primary_filled', name: 'delegate_submit', submit: true },
          ),
        ],
      });
    }
    return card(
      header('转交审批', 'blue', o.project ? `${o.project.number} · ${o.project.name}` : undefined),
      elements,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// 财政 step

export interface FinanceCardInput {
  project: ProjectSummary;
  task: string;
  step?: { name: string; article: number };
  /** The fund channels to offer (DEFAULT_FUND_CHANNELS unless the deployment has its own). */
  channels?: readonly string[];
  /** Prefills the amount (e.g. the approved investment). */
  suggestedAmountWan?: number;
}

/**
 * The finance office's card on the route's finance step: amount in 万元 and fund channel, then
 * 确认安排资金 (`approval.finance`); 退回修改 / 不同意 are the same decisions as on the approval card.
 */
export function financeCard(o: FinanceCardInput): object {
  const task = o.task;
  return fit((scale) => {
    // channel names are the option values (parseFinance matches them), so they are not cut: only their number is
    const channels = (o.channels ?? DEFAULT_FUND_CHANNELS).slice(0, Math.max(3, Math.floor(50 * scale)));
    const elements: object[] = [markdown(projectBlock(o.project, scale, true))];
    if (o.step)
      elements.push(markdown(`**当前环节**：${md(o.step.name, 80)}\n**依据**：${articleLabel(o.step.article)}`));
    elements.push({
      tag: 'form',
      name: 'finance_form',
      elements: [
        {
          tag: 'input',
          name: APPROVAL_FIELDS.amountWan,
          input_type: 'text',
          max_length: 20,
          label: { tag: 'plain_text', content: '安排金额（万元）' },
          placeholder: { tag: 'plain_text', content: '如 120.5' },
          ...(o.suggestedAmountWan !== undefined && Number.isFinite(o.suggestedAmountWan)
            ? { default_value: String(+o.suggestedAmountWan.toFixed(4)) }
            : {}),
        },
        {
          tag: 'select_static',
          name: APPROVAL_FIELDS.fundChannel,
          placeholder: { tag: 'plain_text', content: '资金渠道' },
          options: channels.map((c) => ({ text: { tag: 'plain_text', content: clip(c, 40) }, value: c })),
        },
        {
          tag: 'input',
          name: APPROVAL_FIELDS.comment,
          input_type: 'multiline_text',
          rows: 2,
          max_length: COMMENT_MAX_CHARS,
          placeholder: { tag: 'plain_text', content: '意见（退回修改、不同意时必填）' },
        },
        buttonRow([
          callbackButton(
            '确认安排资金',
            { action: APPROVAL_ACTIONS.finance, task },
            { type: 'primary_filled', name: 'finance_submit', submit: true },
          ),
          callbackButton(
            '退回修改',
            { action: APPROVAL_ACTIONS.decide, decision: 'return', task },
            { name: 'return', submit: true },
          ),
          callbackButton(
            '不同意',
            { action: APPROVAL_ACTIONS.decide, decision: 'reject', task },
            {
              type: 'danger',
              name: 'reject',
              submit: true,
              confirm: { title: '确认不同意？', text: rejectWarning(o.project) },
            },
          ),
        ]),
      ],
    });
    elements.push(buttonRow([callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task })]));
    return card(header(`资金安排：${o.project.name}`, 'blue', `${o.project.number} · ${o.project.unitName}`), elements);
  });
}

// ---------------------------------------------------------------------------------------------
// 催办 and escalation

export interface EscalationMessageInput {
  /** urge: the applicant urged; urgent: past the limit (加急, to the approvers); leader: to the office's leaders. */
  level: 'urge' | 'urgent' | 'leader';
  project: ProjectSummary;
  step: { name: string };
  officeName: string;
  /** When the step started waiting for this office. */
  since: Date | string;
  pendingWorkingDays: number;
  limitWorkingDays: number;
  dueOn?: LocalDate;
  /** Who urged (level urge). */
  urgedBy?: Who;
  /** The office's approvers (named to the leader). */
  approvers?: readonly Who[];
  /** Task token of the recipient's approval card, for a 查看详情 button (approvers only). */
  task?: string;
}

/** 催办 / 加急 / 督办 message. */
export function escalationMessage(o: EscalationMessageInput): object {
  return fit((scale) => {
    const stepText = `“${md(o.step.name, 80)}”`;
    const waited = `已于 ${formatShanghaiTime(o.since)} 送达${md(o.officeName, 30)}，已等待 ${o.pendingWorkingDays} 个工作日`;
    const due = o.dueOn
      ? `（办理时限 ${o.limitWorkingDays} 个工作日，应于${chineseDate(o.dueOn)}前办结）`
      : `（办理时限 ${o.limitWorkingDays} 个工作日）`;
    let title: string;
    let template: string;
    let text: string;
    switch (o.level) {
      case 'urge':
        title = `催办：${o.project.name}`;
        template = 'orange';
        text = `${o.urgedBy ? `${who(o.urgedBy)} ` : '建设单位'}催办：项目${stepText}环节${waited}，请尽快处理。`;
        break;
      case 'urgent':
        title = `【加急】待审批已超期：${o.project.name}`;
        template = 'red';
        text = `项目${stepText}环节${waited}，已超过办理时限${due}，请立即处理。`;
        break;
      case 'leader': {
        title = `督办提醒：${o.project.name}`;
        template = 'red';
        const approvers = (o.approvers ?? [])
          .slice(0, Math.max(5, Math.floor(30 * scale)))
          .map(who)
          .join('、');
        text = `贵部门的项目${stepText}环节${waited}，已超过办理时限${due}，经加急提醒后仍未办理。${approvers ? `请督促${approvers}尽快处理。` : '请督促尽快处理。'}`;
        break;
      }
    }
    const elements: object[] = [markdown(projectBlock(o.project, scale, false)), { tag: 'hr' }, markdown(text)];
    if (o.task && o.level !== 'leader')
      elements.push(buttonRow([callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task: o.task })]));
    return card(header(title, template, `${o.project.number} · ${o.project.unitName}`), elements);
  });
}

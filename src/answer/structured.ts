/**
 * Structured answers: built from the pack's rules (time limits, approval routes, checks,
 * consequences, scope, validity, offices, forms), each with the article it rests on, and what every
 * structured answer shares (the context, its shape). Answers that list materials are in materials.ts.
 */
import { articleLabel, chineseNumeralToInt } from '../rules/articles.js';
import {
  describeCondition,
  describeTimeLimit,
  dueDate,
  packValidity,
  roleName,
  scopeExclusions,
} from '../rules/engine.js';
import type {
  Check,
  ConsequenceRung,
  FormDefinition,
  LocalDate,
  Role,
  Route,
  RulePack,
  TimeLimit,
} from '../rules/types.js';
import { officeNames } from './knowledge.js';
import { addCitations, citationOf } from './cite.js';
import { contradicts, type QuestionFacts, supports } from './facts.js';
import type { Answer, Citation, ProjectSnapshot } from './types.js';

export interface BuildContext {
  pack: RulePack;
  today: LocalDate;
  question: string;
  /** The asker's project when it follows this pack (for due dates). */
  project?: ProjectSnapshot;
  qf: QuestionFacts;
}

const ASKS_EXTENSION = /延期|推迟|延后|顺延|延长|来不及|不能按期|无法按期/;

const LIMIT_TYPE_NOTES: Record<TimeLimit['type'], string> = {
  deadline: '须在此期限内完成',
  not_before: '不得早于此时间',
  window: '须在此期间内完成',
  minimum: '不得短于此期限',
};

export function regionName(pack: RulePack): string {
  return pack.region.name;
}

export function eventLabel(pack: RulePack, id: string): string {
  return pack.events.find((e) => e.id === id)?.label ?? id;
}

/** A structured answer of this pack: its title is the region's name, then `heading`. */
export function structured(
  pack: RulePack,
  heading: string,
  lines: string[],
  citations: Citation[],
  topic: NonNullable<Answer['topic']>,
  more: Partial<Answer> = {},
): Answer {
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${heading}`,
    lines,
    citations,
    topic,
    ...more,
  };
}

export function provisionalNote(provisional: boolean): string {
  return provisional ? '（该年度节假日安排尚未公布，按周一至周五推算，仅供参考）' : '';
}

/** The lines about one time limit, with a due date when it can be computed. */
function limitLines(ctx: BuildContext, limit: TimeLimit): string[] {
  const { pack } = ctx;
  const lines = [
    `时限：${describeTimeLimit(limit, pack)}（${LIMIT_TYPE_NOTES[limit.type]}）`,
    `责任：${roleName(pack, limit.responsible)}`,
  ];
  if (limit.when) lines.push(`适用：${describeCondition(limit.when, pack)}`);
  if (limit.extensionArticle) lines.push(`可申请延期：见${articleLabel(limit.extensionArticle)}`);
  const t = limit.trigger;
  if (t.kind === 'annual' || t.kind === 'quarterly') {
    const d = dueDate(pack, limit.id, { asOf: ctx.today });
    if (d) lines.push(`最近一次：${d.due}${provisionalNote(d.provisional)}`);
  } else if (ctx.project) {
    const d = dueDate(pack, limit.id, ctx.project.events);
    if (d) {
      const anchor =
        t.kind === 'budget_year_end' ? `${eventLabel(pack, t.event)}所在预算年度结束` : eventLabel(pack, t.event);
      const when =
        limit.type === 'window' && d.until
          ? `应在${d.due}至${d.until}之间`
          : limit.type === 'not_before'
            ? `最早${d.due}`
            : limit.type === 'minimum'
              ? `至少到${d.due}`
              : `截止${d.due}`;
      lines.push(`本项目（${ctx.project.number}）：${anchor}为${d.from}，${when}${provisionalNote(d.provisional)}`);
    }
  }
  return lines;
}

export function limitAnswer(ctx: BuildContext, limit: TimeLimit, related: readonly TimeLimit[] = []): Answer {
  const { pack } = ctx;
  const lines = [`${limit.obligation}`, ...limitLines(ctx, limit)];
  const main = citationOf(pack, limit.article, limit.quote);
  const ext = limit.extensionArticle ? citationOf(pack, limit.extensionArticle, undefined, '延期') : null;
  // Asked about an extension: the article that allows it answers first.
  const cites = addCitations([], ext && ASKS_EXTENSION.test(ctx.qf.facts.text ?? '') ? [ext, main] : [main, ext]);
  for (const r of related) {
    lines.push(`相关时限：${r.obligation}——${describeTimeLimit(r, pack)}（${articleLabel(r.article)}）`);
    addCitations(cites, [citationOf(pack, r.article, r.quote)]);
  }
  return structured(pack, `${limit.obligation}的时限`, lines, cites, { type: 'limit', id: limit.id });
}

export function routeAnswer(ctx: BuildContext, route: Route, leadArticle?: number): Answer {
  const { pack } = ctx;
  const lines = [`${route.name}：`];
  route.steps.forEach((s, i) => {
    const who = s.jointRoles?.length
      ? `${s.jointRoles.map((r) => roleName(pack, r)).join('、')}（${s.mode === 'all' ? '会签' : '或签'}）`
      : roleName(pack, s.role);
    const skip = s.skipWhen ? `（${describeCondition(s.skipWhen, pack)}时不经此步）` : '';
    lines.push(`${i + 1}. ${s.name}——办理：${who}；产出：${s.produces}${skip}（${articleLabel(s.article)}）`);
  });
  lines.push(`退回修改后：${route.resubmitFrom === 'start' ? '从头重新报送' : '回到退回的环节'}`);
  const cites: Citation[] = [];
  if (leadArticle !== undefined) {
    const step = route.steps.find((s) => s.article === leadArticle);
    addCitations(cites, [citationOf(pack, leadArticle, step?.quote)]);
  }
  addCitations(cites, [
    citationOf(pack, route.article, route.steps.find((s) => s.article === route.article)?.quote, route.name),
  ]);
  addCitations(
    cites,
    route.steps.map((s) => citationOf(pack, s.article, s.quote)),
  );
  return structured(pack, `${route.name}`, lines, cites, { type: 'route', id: route.id });
}

function checkLines(ctx: BuildContext, c: Check): string[] {
  const head = c.level === 'blocker' ? '必须遵守' : '提醒';
  const lines = [`${head}：${c.message}（${articleLabel(c.article)}）`];
  if (supports(c.when, ctx.qf)) lines.push('按您问题中的情况，这一条适用。');
  else if (contradicts(c.when, ctx.qf))
    lines.push(`按您问题中的情况，这一条不适用（适用条件：${describeCondition(c.when, ctx.pack)}）。`);
  return lines;
}

export function checkAnswer(ctx: BuildContext, checks: readonly Check[]): Answer {
  const { pack } = ctx;
  const lines = checks.flatMap((c) => checkLines(ctx, c));
  const cites: Citation[] = [];
  for (const c of checks) {
    addCitations(cites, [citationOf(pack, c.article, c.quote)]);
    // Articles the message refers to (…须经市政府同意后履行审批程序（第十条）).
    for (const m of c.message.matchAll(/第([一二三四五六七八九十百]+)条/g)) {
      addCitations(cites, [citationOf(pack, chineseNumeralToInt(m[1]!), undefined, c.message)]);
    }
  }
  return structured(pack, `相关规定`, lines, cites, { type: 'check', id: checks[0]!.id });
}

export function ladderAnswer(
  ctx: BuildContext,
  rungs: readonly ConsequenceRung[],
  direct: readonly ConsequenceRung[] = [],
): Answer {
  const { pack } = ctx;
  const lines = [
    '发现违规或不符合要求的，按以下顺序处理：',
    ...rungs.map((r, i) => `${i + 1}. ${r.name}（${articleLabel(r.article)}）`),
  ];
  for (const d of direct) lines.push(`另：${d.directFrom}的，${d.name}（${articleLabel(d.article)}）`);
  const cites = addCitations(
    [],
    [...rungs, ...direct].map((r) => citationOf(pack, r.article, undefined, rungs.map((x) => x.quote).join(' '))),
  );
  return structured(pack, `不整改的后果`, lines, cites, { type: 'ladder', id: 'ladder' });
}

export function consequenceAnswer(ctx: BuildContext, rungs: readonly ConsequenceRung[]): Answer {
  const { pack } = ctx;
  const lines = rungs.map((r) => `${r.directFrom}的：${r.name}（${articleLabel(r.article)}）`);
  const cites = addCitations(
    [],
    rungs.map((r) => citationOf(pack, r.article, r.quote)),
  );
  return structured(pack, `后果`, lines, cites, { type: 'consequence', id: String(rungs[0]!.rung) });
}

export function scopeAnswer(ctx: BuildContext, focus?: string): Answer {
  const { pack } = ctx;
  const hits = scopeExclusions(pack, ctx.qf.facts.text ?? '');
  const shown = hits.length ? hits : pack.scope.exclusions.filter((e) => e.id === focus);
  const lines = shown.length
    ? shown.map((e) => `不适用《${pack.identity.title}》：${e.label}（${articleLabel(e.article)}）`)
    : [];
  const others = pack.scope.exclusions.filter((e) => !shown.includes(e));
  if (others.length)
    lines.push(`${shown.length ? '另外' : '本办法'}不适用于：${others.map((e) => e.label).join('；')}`);
  const cites = addCitations(
    [],
    [...shown, ...others].map((e) => citationOf(pack, e.article, e.quote)),
  );
  return structured(pack, `适用范围`, lines, cites, { type: 'scope', id: shown[0]?.id ?? 'scope' });
}

/** The article that puts the document in force (施行), or the trial article. */
export function validityArticle(pack: RulePack): number | null {
  const s = pack.identity.status;
  if (s.kind === 'trial') return s.article;
  const a = [...pack.articles].reverse().find((x) => /施行/.test(x.text));
  return a?.no ?? null;
}

export function validityAnswer(ctx: BuildContext): Answer {
  const { pack } = ctx;
  const v = packValidity(pack, ctx.today);
  const id = pack.identity;
  const lines = [v.note];
  const meta = [id.docNumber, id.issuer, id.issued ? `印发日期${id.issued}` : undefined].filter(Boolean).join('，');
  if (meta) lines.push(`《${id.title}》：${meta}`);
  if (id.replaces) lines.push(`替代：${id.replaces}`);
  const art = validityArticle(pack);
  const cites = art === null ? [] : addCitations([], [citationOf(pack, art, undefined, '施行 有效期')]);
  return structured(pack, `办法的效力`, lines, cites, { type: 'validity', id: v.status });
}

const ROLE_LABELS: Record<Role, string> = {
  unit: '项目建设单位',
  reviewer: '主管部门（审核）',
  joint_reviewer: '会同审核部门',
  approver: '审批',
  finance: '财政',
  audit: '审计',
  leading_group: '领导小组',
};

/** The first article that names any of the office's names: where the measures define it. */
function definingArticle(pack: RulePack, names: readonly string[]): number | null {
  for (const a of pack.articles) if (names.some((n) => a.text.includes(n))) return a.no;
  return null;
}

export function roleAnswer(ctx: BuildContext, role: Role): Answer {
  const { pack } = ctx;
  const roles = Object.keys(pack.roleNames) as Role[];
  const ordered = [role, ...roles.filter((r) => r !== role)];
  const lines = ordered.map((r) => `${ROLE_LABELS[r]}：${roleName(pack, r)}`);
  const cites: Citation[] = [];
  for (const r of ordered.slice(0, 3)) {
    const names = officeNames(pack.roleNames[r] ?? '');
    const no = definingArticle(pack, names);
    if (no !== null) addCitations(cites, [citationOf(pack, no, undefined, names.join(' '))]);
  }
  return structured(pack, `${ROLE_LABELS[role]}是${roleName(pack, role)}`, lines, cites, { type: 'role', id: role });
}

export function formAnswer(ctx: BuildContext, form: FormDefinition): Answer {
  const { pack } = ctx;
  const lines = [`${form.title}的栏目：${form.fields.map((f) => f.label).join('、')}`];
  if (form.lineItems)
    lines.push(`明细（${form.lineItems.rows}行）：${form.lineItems.columns.map((c) => c.label).join('、')}`);
  for (const n of form.notes) lines.push(`说明：${n}`);
  return structured(
    pack,
    `${form.title}`,
    lines,
    addCitations([], [citationOf(pack, form.article, undefined, form.title)]),
    { type: 'form', id: form.id },
  );
}

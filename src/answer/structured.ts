/**
 * Structured answers: built from the pack's rules (stage and declaration materials, time limits,
 * approval routes, checks, consequences, scope, validity), each with the article it rests on.
 */
import { articleLabel, chineseNumeralToInt } from '../rules/articles.js';
import {
  describeCondition,
  describeDuration,
  describeTimeLimit,
  dueDate,
  packValidity,
  roleName,
  scopeExclusions,
} from '../rules/engine.js';
import { addDuration } from '../calendar.js';
import type {
  Check,
  ConsequenceRung,
  FormDefinition,
  LocalDate,
  Material,
  ProjectKind,
  Role,
  Route,
  RulePack,
  Stage,
  TimeLimit,
} from '../rules/types.js';
import { officeNames } from './knowledge.js';
import { addCitations, citationOf } from './cite.js';
import { contradicts, type QuestionFacts, supports } from './facts.js';
import type { Answer, Citation, ListedMaterial, ProjectSnapshot } from './types.js';

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

function eventLabel(pack: RulePack, id: string): string {
  return pack.events.find((e) => e.id === id)?.label ?? id;
}

/** 材料名（包括：…）（仅当…）【申报前置条件】 */
export function materialLine(pack: RulePack, m: Material): string {
  let s = m.name;
  if (m.contents?.length) s += `（包括：${m.contents.join('、')}）`;
  if (m.when) s += `（仅当${describeCondition(m.when, pack)}）`;
  if (m.precondition) s += '【申报前置条件】';
  return s;
}

export function listed(pack: RulePack, m: Material, attached?: boolean): ListedMaterial {
  const out: ListedMaterial = { id: m.id, name: m.name, article: m.article };
  if (m.when) out.condition = describeCondition(m.when, pack);
  if (attached !== undefined) out.attached = attached;
  return out;
}

/** Articles of a list of materials, most cited first, then in order of appearance. */
export function materialCitations(pack: RulePack, materials: readonly Material[]): Citation[] {
  const counts = new Map<number, { n: number; first: number; quote?: string }>();
  materials.forEach((m, i) => {
    const c = counts.get(m.article) ?? { n: 0, first: i };
    c.n++;
    if (!c.quote && m.quote) c.quote = m.quote;
    counts.set(m.article, c);
  });
  const order = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
  return addCitations(
    [],
    order.map(([article, c]) => citationOf(pack, article, c.quote, materials.find((m) => m.article === article)?.name)),
  );
}

function provisionalNote(provisional: boolean): string {
  return provisional ? '（该年度节假日安排尚未公布，按周一至周五推算，仅供参考）' : '';
}

// ---------------------------------------------------------------------------------------------

export function stageAnswer(ctx: BuildContext, stage: Stage): Answer {
  const { pack } = ctx;
  const lines: string[] = [];
  if (stage.materials.length) {
    lines.push(`${stage.name}需要以下材料：`);
    stage.materials.forEach((m, i) => lines.push(`${i + 1}. ${materialLine(pack, m)}`));
  } else {
    lines.push(`《${pack.identity.title}》没有为“${stage.name}”单独列出材料清单。`);
  }
  const cites = materialCitations(pack, stage.materials);
  addCitations(cites, [citationOf(pack, stage.article, undefined, stage.name)]);
  for (const r of stage.requires ?? []) {
    lines.push(`前提：${r.message}（${articleLabel(r.article)}）`);
    addCitations(cites, [citationOf(pack, r.article, undefined, r.message)]);
  }
  if (stage.notBefore) {
    const nb = stage.notBefore;
    if (nb.offset.amount > 0) {
      lines.push(
        `时间：“${eventLabel(pack, nb.event)}”满${describeDuration(nb.offset)}后方可进行（${articleLabel(nb.article)}）`,
      );
      const at = ctx.project?.events[nb.event];
      if (at) {
        const r = addDuration(at, nb.offset);
        lines.push(
          `本项目“${eventLabel(pack, nb.event)}”为${at}，最早可于${r.date}进行${provisionalNote(r.provisional)}`,
        );
      }
    }
    addCitations(cites, [citationOf(pack, nb.article, undefined, `${eventLabel(pack, nb.event)} ${stage.name}`)]);
  }
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${stage.name}需要的材料`,
    lines,
    citations: cites,
    topic: { type: 'stage', id: stage.id },
    materials: stage.materials.map((m) => listed(pack, m)),
  };
}

export function kindAnswer(ctx: BuildContext, kind: ProjectKind): Answer {
  const { pack } = ctx;
  const lines = [`${kind.label}项目申报需要以下材料：`];
  kind.materials.forEach((m, i) => lines.push(`${i + 1}. ${materialLine(pack, m)}`));
  const route = pack.routes.find((r) => r.id === kind.route);
  if (route) lines.push(`审批流程：${route.name}`);
  const others = pack.projectKinds.filter((k) => k.id !== kind.id).map((k) => k.label);
  if (others.length)
    lines.push(`其他项目类型（${others.join('、')}）的材料可能不同，可以问“${others[0]}项目申报要什么材料”。`);
  // The kind's own article leads when it is one the materials rest on (淮安 第七条); else the materials' articles.
  const byMaterials = materialCitations(pack, kind.materials);
  const own = byMaterials.find((c) => c.article === kind.article);
  const cites = own ? addCitations([own], byMaterials) : byMaterials;
  addCitations(cites, [citationOf(pack, kind.article, undefined, kind.label)]);
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${kind.label}项目申报材料`,
    lines,
    citations: cites,
    topic: { type: 'kind', id: kind.id },
    materials: kind.materials.map((m) => listed(pack, m)),
  };
}

export function materialAnswer(ctx: BuildContext, m: Material): Answer {
  const { pack } = ctx;
  const lines = m.contents?.length
    ? [`${m.name}应当包括：`, ...m.contents.map((c, i) => `${i + 1}. ${c}`)]
    : [`${m.name}（${articleLabel(m.article)}）`];
  if (m.when) lines.push(`（仅当${describeCondition(m.when, pack)}时需要）`);
  if (m.precondition) lines.push('这是申报的前置条件。');
  const usedBy = [
    ...pack.stages.filter((s) => s.materials.some((x) => x.id === m.id)).map((s) => s.name),
    ...pack.projectKinds.filter((k) => k.materials.some((x) => x.id === m.id)).map((k) => `${k.label}项目申报`),
  ];
  if (usedBy.length) lines.push(`需要的环节：${usedBy.join('、')}`);
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${m.name}`,
    lines,
    citations: addCitations([], [citationOf(pack, m.article, m.quote, m.name)]),
    topic: { type: 'material', id: m.id },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${limit.obligation}的时限`,
    lines,
    citations: cites,
    topic: { type: 'limit', id: limit.id },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${route.name}`,
    lines,
    citations: cites,
    topic: { type: 'route', id: route.id },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：相关规定`,
    lines,
    citations: cites,
    topic: { type: 'check', id: checks[0]!.id },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：不整改的后果`,
    lines,
    citations: cites,
    topic: { type: 'ladder', id: 'ladder' },
  };
}

export function consequenceAnswer(ctx: BuildContext, rungs: readonly ConsequenceRung[]): Answer {
  const { pack } = ctx;
  const lines = rungs.map((r) => `${r.directFrom}的：${r.name}（${articleLabel(r.article)}）`);
  const cites = addCitations(
    [],
    rungs.map((r) => citationOf(pack, r.article, r.quote)),
  );
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：后果`,
    lines,
    citations: cites,
    topic: { type: 'consequence', id: String(rungs[0]!.rung) },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：适用范围`,
    lines,
    citations: cites,
    topic: { type: 'scope', id: shown[0]?.id ?? 'scope' },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：办法的效力`,
    lines,
    citations: cites,
    topic: { type: 'validity', id: v.status },
  };
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
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${ROLE_LABELS[role]}是${roleName(pack, role)}`,
    lines,
    citations: cites,
    topic: { type: 'role', id: role },
  };
}

export function formAnswer(ctx: BuildContext, form: FormDefinition): Answer {
  const { pack } = ctx;
  const lines = [`${form.title}的栏目：${form.fields.map((f) => f.label).join('、')}`];
  if (form.lineItems)
    lines.push(`明细（${form.lineItems.rows}行）：${form.lineItems.columns.map((c) => c.label).join('、')}`);
  for (const n of form.notes) lines.push(`说明：${n}`);
  return {
    kind: 'structured',
    packId: pack.id,
    title: `${regionName(pack)}：${form.title}`,
    lines,
    citations: addCitations([], [citationOf(pack, form.article, undefined, form.title)]),
    topic: { type: 'form', id: form.id },
  };
}

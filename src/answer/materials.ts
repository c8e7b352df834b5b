/**
 * Answers that list materials: a stage's materials, a project kind's declaration materials, what
 * one material must contain; and the lines and citations of a list of materials (the own-project
 * answer uses them too). Split from structured.ts, which holds the other rule answers.
 */
import { articleLabel } from '../rules/articles.js';
import { describeCondition, describeDuration } from '../rules/engine.js';
import { addDuration } from '../calendar.js';
import type { Material, ProjectKind, RulePack, Stage } from '../rules/types.js';
import { addCitations, citationOf } from './cite.js';
import { type BuildContext, eventLabel, provisionalNote, structured } from './structured.js';
import type { Answer, Citation, ListedMaterial } from './types.js';

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
  const materials = stage.materials.map((m) => listed(pack, m));
  return structured(pack, `${stage.name}需要的材料`, lines, cites, { type: 'stage', id: stage.id }, { materials });
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
  const materials = kind.materials.map((m) => listed(pack, m));
  return structured(pack, `${kind.label}项目申报材料`, lines, cites, { type: 'kind', id: kind.id }, { materials });
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
  return structured(pack, `${m.name}`, lines, addCitations([], [citationOf(pack, m.article, m.quote, m.name)]), {
    type: 'material',
    id: m.id,
  });
}

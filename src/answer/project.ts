/**
 * Answers about the asker's own project (我们的项目终验还差什么): its stage, the materials that
 * stage needs with ✅/❌ against what is attached, the stage's preconditions, its open deadlines and
 * rectifications — all from the project snapshot and the pack.
 */
import { addDuration } from '../calendar.js';
import { articleLabel } from '../rules/articles.js';
import { describeDuration, evaluate, requiredMaterials } from '../rules/engine.js';
import { factsOf } from '../lifecycle/common.js';
import type { LocalDate, Material, RulePack, Stage } from '../rules/types.js';
import { addCitations, citationOf } from './cite.js';
import { listed, materialCitations, materialLine } from './materials.js';
import type { Answer, Citation, ListedMaterial, ProjectSnapshot } from './types.js';

function daysBetween(a: LocalDate, b: LocalDate): number {
  const t = (d: LocalDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

function eventLabel(pack: RulePack, id: string): string {
  return pack.events.find((e) => e.id === id)?.label ?? id;
}

export interface ProjectFocus {
  /** A stage the question names (终验还差什么), else null. */
  stage: Stage | null;
  /** The question asks what comes next. */
  next: boolean;
}

/** The stage to talk about: the one named, the next one, or the current one (null: declaration). */
function stageInFocus(pack: RulePack, p: ProjectSnapshot, focus: ProjectFocus): Stage | null {
  if (focus.stage) return focus.stage;
  const idx = pack.stages.findIndex((s) => s.id === p.stage);
  const start = focus.next ? idx + 1 : idx;
  if (start < 0) return null;
  // A stage that lists no materials (初验) says nothing about what is missing: the next one that does.
  for (let i = start; i < pack.stages.length; i++) if (pack.stages[i]!.materials.length) return pack.stages[i]!;
  return pack.stages[start] ?? null;
}

export function projectAnswer(pack: RulePack, p: ProjectSnapshot, today: LocalDate, focus: ProjectFocus): Answer {
  const attached = new Set(p.attachedMaterialIds);
  // The project's facts with what its reported events establish (淮安: 密码应用安全性评估通过).
  const facts = {
    ...factsOf(
      { kind: p.facts.kind ?? p.kind, facts: p.facts, attachedMaterialIds: p.attachedMaterialIds, events: p.events },
      pack,
    ),
  };
  const current = pack.stages.find((s) => s.id === p.stage);
  const lines: string[] = [`当前阶段：${current?.name ?? '申报（尚未进入后续阶段）'}`];
  const cites: Citation[] = [];
  let materials: ListedMaterial[] = [];

  const stage = stageInFocus(pack, p, focus);
  let needed: Material[];
  let heading: string;
  if (stage) {
    needed = stage.materials.filter((m) => !m.when || evaluate(m.when, facts));
    heading = `${stage.name}${stage.id === p.stage ? '（当前阶段）' : focus.stage ? '' : '（下一阶段）'}`;
  } else {
    const kind = pack.projectKinds.find((k) => k.id === p.kind);
    needed = kind ? requiredMaterials(pack, kind.id, facts) : [];
    heading = `${kind?.label ?? p.kind}项目申报`;
  }
  if (needed.length) {
    const missing = needed.filter((m) => !attached.has(m.id)).length;
    lines.push(`${heading}需要的材料（还差${missing}项）：`);
    for (const m of needed)
      lines.push(`${attached.has(m.id) ? '✅' : '❌'} ${materialLine(pack, m)}（${articleLabel(m.article)}）`);
    materials = needed.map((m) => listed(pack, m, attached.has(m.id)));
    addCitations(cites, materialCitations(pack, needed));
  } else {
    lines.push(`${heading}：办法没有列出需要提交的材料。`);
  }
  if (stage) {
    addCitations(cites, [citationOf(pack, stage.article, undefined, stage.name)]);
    for (const r of stage.requires ?? []) {
      lines.push(`${evaluate(r.condition, facts) ? '✅' : '❌'} 前提：${r.message}（${articleLabel(r.article)}）`);
      addCitations(cites, [citationOf(pack, r.article, undefined, r.message)]);
    }
    const nb = stage.notBefore;
    if (nb && nb.offset.amount > 0) {
      const at = p.events[nb.event];
      if (at) {
        const earliest = addDuration(at, nb.offset).date;
        const ok = today >= earliest;
        lines.push(
          `${ok ? '✅' : '⏳'} 时间：“${eventLabel(pack, nb.event)}”${at}起满${describeDuration(nb.offset)}，最早${earliest}（${articleLabel(nb.article)}）`,
        );
      } else {
        lines.push(`❌ 时间：尚无“${eventLabel(pack, nb.event)}”的记录（${articleLabel(nb.article)}）`);
      }
      addCitations(cites, [citationOf(pack, nb.article, undefined, eventLabel(pack, nb.event))]);
    }
  }

  const deadlines = [...p.openDeadlines].sort((a, b) => a.due.localeCompare(b.due));
  if (deadlines.length) {
    lines.push('未办结的时限：');
    for (const d of deadlines) {
      const diff = daysBetween(today, d.due);
      const when = diff < 0 ? `已逾期${-diff}天` : diff === 0 ? '今天到期' : `还剩${diff}天`;
      lines.push(`⏰ ${d.obligation}：${d.due}前（${when}）（${articleLabel(d.article)}）`);
      const limit = pack.timeLimits.find((l) => l.article === d.article && l.obligation === d.obligation);
      addCitations(cites, [citationOf(pack, d.article, limit?.quote, d.obligation)]);
    }
  }
  if (p.rectifications.length) {
    lines.push('整改事项：');
    for (const r of p.rectifications) {
      const rung = pack.consequences.find((c) => c.rung === r.rung);
      const diff = daysBetween(today, r.deadline);
      lines.push(
        `⚠️ ${r.title}：整改期限${r.deadline}${diff < 0 ? `（已逾期${-diff}天）` : ''}${rung ? `，措施：${rung.name}（${articleLabel(rung.article)}）` : ''}`,
      );
      if (rung) addCitations(cites, [citationOf(pack, rung.article, rung.quote)]);
    }
  }
  return {
    kind: 'project',
    packId: pack.id,
    title: `项目${p.number}「${p.name}」`,
    lines,
    citations: cites,
    topic: { type: 'project', id: p.number },
    materials,
  };
}

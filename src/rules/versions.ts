/**
 * Versions of a region's rules. A revised text is a new pack beside the old one that names the
 * pack it `supersedes`. A project keeps the pack it was declared under (its `policy`); a new
 * declaration takes the version in force on the day it is made (`packInForce`). `packChanges`
 * says, rule by rule, what a version changed against the one it supersedes (for docs/rules.md).
 * Pure: no I/O, the date is passed in.
 */
import { articleLabel } from './articles.js';
import { describeCondition, describeDuration, describeTimeLimit, roleName } from './engine.js';
import type { LocalDate, RulePack } from './types.js';

/** The first day a pack's text is in force, when it says (a draft has none). */
export function effectiveFrom(pack: RulePack): LocalDate | null {
  const s = pack.identity.status;
  return s.kind === 'draft' ? null : s.since;
}

/**
 * The version of `policy`'s line of packs a declaration made on `on` falls under: starting from
 * the pack `policy` names, follow the packs that supersede it while they are in force on that day.
 * A pack superseded by nothing in force yet stays. Unknown policy: undefined.
 */
export function packInForce(packs: readonly RulePack[], policy: string, on: LocalDate): RulePack | undefined {
  let current = packs.find((p) => p.id === policy);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    const next = packs.find((p) => p.version.supersedes === current!.id && (effectiveFrom(p) ?? '9999-12-31') <= on);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The pack a version supersedes, among `packs`. */
export function supersededPack(packs: readonly RulePack[], pack: RulePack): RulePack | undefined {
  return pack.version.supersedes ? packs.find((p) => p.id === pack.version.supersedes) : undefined;
}

interface Comparable {
  kind: string;
  id: string;
  name: string;
  /** What a reader compares: the rule's substance and its article. */
  body: string;
}

const join = (...parts: string[]) => parts.filter((p) => p !== '').join('；');

function rulesOf(pack: RulePack): Comparable[] {
  const out: Comparable[] = [];
  const cite = (article: number, quote?: string) => `${articleLabel(article)}${quote ? `“${quote}”` : ''}`;
  for (const e of pack.scope.exclusions) {
    out.push({
      kind: '不适用情形',
      id: e.id,
      name: e.label,
      body: join(
        `关键词：${e.keywords.join('、')}`,
        e.unless ? `除外：${describeCondition(e.unless, pack)}` : '',
        cite(e.article, e.quote),
      ),
    });
  }
  for (const k of pack.projectKinds) {
    for (const m of k.materials) {
      out.push({
        kind: `申报材料（${k.label}）`,
        id: `${k.id}/${m.id}`,
        name: m.name,
        body: join(
          m.when ? `仅当：${describeCondition(m.when, pack)}` : '',
          m.precondition ? '申报前置条件' : '',
          cite(m.article, m.quote),
        ),
      });
    }
  }
  for (const r of [...pack.routes, ...(pack.changeRoute ? [pack.changeRoute] : [])]) {
    out.push({
      kind: '审批流程',
      id: r.id,
      name: r.name,
      body: r.steps
        .map((s) =>
          join(
            s.name,
            roleName(pack, s.role),
            s.skipWhen ? `跳过：${describeCondition(s.skipWhen, pack)}` : '',
            cite(s.article, s.quote),
          ),
        )
        .join(' → '),
    });
  }
  for (const s of pack.stages) {
    const nb = s.notBefore
      ? `最早：${[s.notBefore.event, ...(s.notBefore.alsoAfter ?? [])].join('与')}满${describeDuration(s.notBefore.offset)}`
      : '';
    const materials = s.materials.length ? `材料：${s.materials.map((m) => m.name).join('、')}` : '';
    out.push({
      kind: '阶段',
      id: s.id,
      name: s.name,
      body: join(nb, materials, ...(s.requires ?? []).map((r) => `前提：${r.message}`), cite(s.article)),
    });
  }
  for (const l of pack.timeLimits) {
    out.push({
      kind: '时限',
      id: l.id,
      name: l.obligation,
      body: join(
        describeTimeLimit(l, pack),
        l.when ? `适用：${describeCondition(l.when, pack)}` : '',
        roleName(pack, l.responsible),
        cite(l.article, l.quote),
      ),
    });
  }
  for (const c of pack.checks) {
    out.push({
      kind: '合规检查',
      id: c.id,
      name: c.message,
      body: join(
        c.level === 'blocker' ? '阻断' : '提醒',
        `条件：${describeCondition(c.when, pack)}`,
        cite(c.article, c.quote),
      ),
    });
  }
  for (const d of pack.duties ?? [])
    out.push({
      kind: '职责',
      id: d.id,
      name: d.obligation,
      body: join(roleName(pack, d.responsible), cite(d.article, d.quote)),
    });
  for (const c of pack.consequences) {
    out.push({
      kind: '责任追究',
      id: `${c.name}`,
      name: c.name,
      body: join(c.directFrom ? `情形：${c.directFrom}` : '逐级', cite(c.article, c.quote)),
    });
  }
  return out;
}

export interface PackChange {
  change: 'added' | 'removed' | 'changed';
  kind: string;
  id: string;
  name: string;
  /** For a changed rule: the old and new description of what differs. */
  before?: string;
  after?: string;
}

/** Every rule added, removed or changed between `older` and `newer`, by kind and id, in `newer`'s order then the removed ones. */
export function packChanges(older: RulePack, newer: RulePack): PackChange[] {
  const key = (r: Comparable) => `${r.kind}\u0000${r.id}`;
  const before = new Map(rulesOf(older).map((r) => [key(r), r]));
  const after = rulesOf(newer);
  const out: PackChange[] = [];
  for (const r of after) {
    const old = before.get(key(r));
    if (!old) out.push({ change: 'added', kind: r.kind, id: r.id, name: r.name });
    else if (old.body !== r.body || old.name !== r.name) {
      out.push({
        change: 'changed',
        kind: r.kind,
        id: r.id,
        name: r.name,
        before: `${old.name}：${old.body}`,
        after: `${r.name}：${r.body}`,
      });
    }
    before.delete(key(r));
  }
  for (const r of before.values()) out.push({ change: 'removed', kind: r.kind, id: r.id, name: r.name });
  return out;
}

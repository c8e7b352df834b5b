/**
 * What the answerer knows about one pack, built once per pack object and cached: the articles and
 * the pack's rules ("items": stages, kinds, materials, time limits, routes, checks, consequences,
 * scope, validity) as weighted bags of terms, the pack's phrase dictionary (synonym groups merged
 * from the generic lexicon, the pack's `synonyms` and its `roleNames`), document frequencies for
 * BM25, and pinyin keys for homophone typos. Everything is derived from pack data.
 */
import { describeCondition, describeStatus, describeTimeLimit } from '../rules/engine.js';
import type {
  Article,
  Check,
  ConsequenceRung,
  FormDefinition,
  Material,
  ProjectKind,
  Role,
  Route,
  RulePack,
  ScopeExclusion,
  Stage,
  TimeLimit,
} from '../rules/types.js';
import { GENERIC_ROLE_WORDS, GENERIC_SYNONYMS, ROLE_VERBS } from './lexicon.js';
import { CJK, normalizeText, pinyinKey, pinyinOf, tokenize } from './text.js';

export type ItemPayload =
  | { type: 'stage'; stage: Stage }
  | { type: 'kind'; kind: ProjectKind }
  | { type: 'material'; material: Material }
  | { type: 'limit'; limit: TimeLimit }
  | { type: 'route'; route: Route }
  | { type: 'check'; check: Check }
  | { type: 'ladder'; rungs: readonly ConsequenceRung[] }
  | { type: 'consequence'; rung: ConsequenceRung }
  | { type: 'scope'; exclusion: ScopeExclusion }
  | { type: 'validity' }
  | { type: 'role'; role: Role; names: readonly string[] }
  | { type: 'form'; form: FormDefinition };

export type ItemType = ItemPayload['type'];

export interface Doc {
  /** term → weighted frequency */
  tf: Map<string, number>;
  len: number;
}

export interface ArticleDoc extends Doc {
  article: Article;
  /** Normalised sentences of the article with their original text, for quoting. */
  sentences: { text: string; tf: Map<string, number> }[];
}

export interface ItemDoc extends Doc {
  id: string;
  order: number;
  payload: ItemPayload;
}

export interface PackKnowledge {
  pack: RulePack;
  articles: ArticleDoc[];
  items: ItemDoc[];
  df: Map<string, number>;
  n: number;
  avgArticleLen: number;
  avgItemLen: number;
  /** normalised phrase → the merged synonym group(s) it belongs to (as lists of phrases) */
  phraseGroups: Map<string, readonly string[]>;
  /** phrases sorted longest first, for leftmost-longest matching */
  phrasesByLength: string[];
  /** pinyin key → phrases (for typo correction) */
  phraseByPinyin: Map<string, string[]>;
  /** pinyin key → corpus bigrams */
  bigramByPinyin: Map<string, Set<string>>;
  /** Phrases that name the asker (我们单位, 建设单位): context, not content. */
  contextPhrases: Set<string>;
}

export const PHRASE_PREFIX = '§';

const NAME_WEIGHT = 2;

// ---------------------------------------------------------------------------------------------
// Synonym groups

/** Office names in a roleNames value: `区大数据局（项目主管部门）` → 区大数据局, 项目主管部门. */
export function officeNames(value: string): string[] {
  const out: string[] = [];
  const inner = [...value.matchAll(/[（(]([^）)]+)[）)]/g)].map((m) => m[1]!);
  const outer = value.replace(/[（(][^）)]*[）)]/g, '');
  for (const part of [...outer.split(/[/、，,]/), ...inner]) {
    const p = part.trim();
    if (p.length < 2) continue;
    if (p === outer.trim() || /(局|办|部门|委|中心|政府|单位|小组|厅)$/.test(p)) out.push(p);
  }
  return out;
}

/** Union-find merge of groups sharing a member. */
function mergeGroups(groups: readonly (readonly string[])[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const g of groups) {
    for (const m of g) if (!parent.has(m)) parent.set(m, m);
    for (let i = 1; i < g.length; i++) {
      const a = find(g[0]!);
      const b = find(g[i]!);
      if (a !== b) parent.set(b, a);
    }
  }
  const byRoot = new Map<string, string[]>();
  for (const m of parent.keys()) {
    const r = find(m);
    const list = byRoot.get(r) ?? [];
    list.push(m);
    byRoot.set(r, list);
  }
  return [...byRoot.values()];
}

function packGroups(pack: RulePack): string[][] {
  const raw: string[][] = [];
  const norm = (s: string) =>
    normalizeText(s)
      .replace(/[《》“”"]/g, '')
      .trim();
  for (const g of GENERIC_SYNONYMS) raw.push(g.map(norm));
  for (const g of pack.synonyms ?? []) raw.push(g.map(norm));
  // The pack's own names of things are phrases too: 验收报告, 项目建设方案, 竣工验收 …
  const names = [
    ...pack.stages.map((s) => s.name),
    ...pack.projectKinds.flatMap((k) => [k.label, ...k.materials.map((m) => m.name)]),
    ...pack.stages.flatMap((s) => s.materials.map((m) => m.name)),
  ];
  for (const n of names) {
    const bare = norm(n.replace(/[（(][^）)]*[）)]/g, ''));
    if (bare.length >= 3 && bare.length <= 12 && [...bare].every((c) => CJK.test(c))) raw.push([bare]);
  }
  for (const [role, words] of Object.entries(GENERIC_ROLE_WORDS) as [Role, readonly string[]][]) {
    const own = pack.roleNames[role];
    raw.push([...words, ...(own ? officeNames(own) : [])].map(norm));
  }
  return mergeGroups(raw.map((g) => g.filter((m) => m.length >= 2)).filter((g) => g.length > 0));
}

// ---------------------------------------------------------------------------------------------
// Documents

function addTerms(tf: Map<string, number>, norm: string, weight: number, phrases: readonly string[]): number {
  let len = 0;
  for (const t of tokenize(norm)) {
    // A bigram of a two-character word is the same term: count it once.
    if (t.kind === 'word' && t.term.length === 2) continue;
    tf.set(t.term, (tf.get(t.term) ?? 0) + weight);
    len += weight;
  }
  for (const p of phrases) {
    let from = 0;
    let count = 0;
    for (;;) {
      const i = norm.indexOf(p, from);
      if (i < 0) break;
      count++;
      from = i + 1;
    }
    if (count) tf.set(PHRASE_PREFIX + p, (tf.get(PHRASE_PREFIX + p) ?? 0) + count * weight);
  }
  return len;
}

/** 建设类、政府购买服务类项目 names 建设类项目 too: the shared noun said once after a list of kinds. */
function spellOutKinds(norm: string): string {
  return norm.replace(/([\u4e00-\u9fff]{1,8}类)、(?=[\u4e00-\u9fff]{1,10}类(项目))/g, '$1项目、');
}

function makeDoc(fields: { text: string; weight: number }[], phrases: readonly string[]): Doc {
  const tf = new Map<string, number>();
  let len = 0;
  for (const f of fields) len += addTerms(tf, spellOutKinds(normalizeText(f.text)), f.weight, phrases);
  return { tf, len: Math.max(len, 1) };
}

function eventLabel(pack: RulePack, id: string): string {
  return pack.events.find((e) => e.id === id)?.label ?? '';
}

function itemFields(pack: RulePack, p: ItemPayload): { name: string; body: string } {
  switch (p.type) {
    case 'stage': {
      const s = p.stage;
      return {
        name: `${s.name} ${eventLabel(pack, s.completedBy)}`,
        body: [
          '材料',
          ...s.materials.flatMap((m) => [m.name, ...(m.contents ?? [])]),
          ...(s.requires ?? []).map((r) => r.message),
        ].join(' '),
      };
    }
    case 'kind':
      return {
        name: `${p.kind.label} 申报 项目申报`,
        body: ['申报材料', ...p.kind.materials.map((m) => m.name)].join(' '),
      };
    case 'material':
      return { name: p.material.name, body: [...(p.material.contents ?? []), p.material.quote ?? ''].join(' ') };
    case 'limit': {
      // The event that starts the clock is not what the limit is about (竣工验收后…开展自评价):
      // it goes in the body, out of the name.
      const trigger =
        p.limit.trigger.kind === 'event' || p.limit.trigger.kind === 'budget_year_end'
          ? eventLabel(pack, p.limit.trigger.event)
          : '';
      const name =
        trigger.length >= 2 && p.limit.obligation.startsWith(trigger)
          ? p.limit.obligation.slice(trigger.length)
          : p.limit.obligation;
      return {
        name,
        body: [
          p.limit.trigger.kind === 'event' || p.limit.trigger.kind === 'budget_year_end'
            ? eventLabel(pack, p.limit.trigger.event)
            : '',
          p.limit.quote,
          describeTimeLimit(p.limit, pack),
        ].join(' '),
      };
    }
    case 'route':
      return {
        name: `${p.route.name} 审批流程`,
        body: p.route.steps.flatMap((s) => [s.name, s.produces, s.quote]).join(' '),
      };
    case 'check':
      return { name: p.check.message, body: `${p.check.quote} ${describeCondition(p.check.when, pack)}` };
    case 'ladder': {
      // The escalation is in its articles' words (逾期不整改或者整改后仍不符合要求的 …).
      const arts = [...new Set(p.rungs.map((r) => r.article))];
      const texts = arts.map((no) => pack.articles.find((a) => a.no === no)?.text ?? '');
      return { name: `${p.rungs.map((r) => r.name).join(' ')} 后果`, body: texts.join(' ') };
    }
    case 'consequence':
      return { name: `${p.rung.directFrom ?? ''} ${p.rung.name}`, body: p.rung.quote };
    case 'scope':
      return { name: `${p.exclusion.label} 不适用`, body: `${p.exclusion.keywords.join(' ')} ${p.exclusion.quote}` };
    case 'validity':
      return { name: `${pack.identity.title} 有效 施行`, body: describeStatus(pack) };
    case 'form':
      return {
        name: `${p.form.title} 申报表 表格`,
        body: [
          ...p.form.fields.map((f) => f.label),
          ...(p.form.lineItems?.columns.map((c) => c.label) ?? []),
          ...p.form.notes,
        ].join(' '),
      };
    case 'role':
      return {
        name: [...p.names, ...(GENERIC_ROLE_WORDS[p.role] ?? [])].join(' '),
        body: `${pack.roleNames[p.role] ?? ''} ${(ROLE_VERBS[p.role] ?? []).join(' ')}`,
      };
  }
}

function payloads(pack: RulePack): { id: string; payload: ItemPayload }[] {
  const out: { id: string; payload: ItemPayload }[] = [];
  for (const s of pack.stages) out.push({ id: `stage:${s.id}`, payload: { type: 'stage', stage: s } });
  for (const k of pack.projectKinds) out.push({ id: `kind:${k.id}`, payload: { type: 'kind', kind: k } });
  const seen = new Set<string>();
  for (const m of [...pack.projectKinds.flatMap((k) => k.materials), ...pack.stages.flatMap((s) => s.materials)]) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push({ id: `material:${m.id}`, payload: { type: 'material', material: m } });
  }
  for (const l of pack.timeLimits) out.push({ id: `limit:${l.id}`, payload: { type: 'limit', limit: l } });
  for (const r of pack.routes) out.push({ id: `route:${r.id}`, payload: { type: 'route', route: r } });
  for (const c of pack.checks) out.push({ id: `check:${c.id}`, payload: { type: 'check', check: c } });
  const ladder = pack.consequences.filter((r) => !r.directFrom);
  if (ladder.length) out.push({ id: 'ladder', payload: { type: 'ladder', rungs: ladder } });
  for (const r of pack.consequences.filter((x) => x.directFrom)) {
    out.push({ id: `consequence:${r.rung}`, payload: { type: 'consequence', rung: r } });
  }
  for (const e of pack.scope.exclusions) out.push({ id: `scope:${e.id}`, payload: { type: 'scope', exclusion: e } });
  out.push({ id: 'validity', payload: { type: 'validity' } });
  for (const f of pack.forms) out.push({ id: `form:${f.id}`, payload: { type: 'form', form: f } });
  for (const [role, value] of Object.entries(pack.roleNames) as [Role, string][]) {
    out.push({ id: `role:${role}`, payload: { type: 'role', role, names: officeNames(value) } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Build

const CACHE = new WeakMap<RulePack, PackKnowledge>();

export function knowledgeOf(pack: RulePack): PackKnowledge {
  const cached = CACHE.get(pack);
  if (cached) return cached;
  const built = build(pack);
  CACHE.set(pack, built);
  return built;
}

function build(pack: RulePack): PackKnowledge {
  const groups = packGroups(pack);
  const phraseGroups = new Map<string, string[]>();
  for (const g of groups) {
    for (const m of g) {
      const prev = phraseGroups.get(m);
      phraseGroups.set(m, prev ? [...new Set([...prev, ...g])] : g);
    }
  }
  const phrasesByLength = [...phraseGroups.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));

  const articles: ArticleDoc[] = pack.articles.map((a) => {
    const doc = makeDoc([{ text: a.text, weight: 1 }], phrasesByLength);
    // 第17条 (normalised label) finds the article by its number.
    doc.tf.set(`第${a.no}条`, 1);
    const sents = splitSentences(a.text).map((text) => {
      const d = makeDoc([{ text, weight: 1 }], phrasesByLength);
      return { text, tf: d.tf };
    });
    return { ...doc, article: a, sentences: sents };
  });

  const items: ItemDoc[] = payloads(pack).map(({ id, payload }, order) => {
    const f = itemFields(pack, payload);
    const doc = makeDoc(
      [
        { text: f.name, weight: NAME_WEIGHT },
        { text: f.body, weight: 1 },
      ],
      phrasesByLength,
    );
    return { ...doc, id, order, payload };
  });

  const df = new Map<string, number>();
  for (const d of [...articles, ...items]) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);

  const phraseByPinyin = new Map<string, string[]>();
  for (const p of phrasesByLength) {
    if (p.length < 2 || p.length > 6 || ![...p].every((c) => CJK.test(c))) continue;
    const key = pinyinKey(pinyinOf(p), 0, p.length);
    phraseByPinyin.set(key, [...(phraseByPinyin.get(key) ?? []), p]);
  }
  const bigramByPinyin = new Map<string, Set<string>>();
  for (const a of pack.articles) {
    const norm = normalizeText(a.text);
    const py = pinyinOf(norm);
    for (let i = 0; i + 1 < norm.length; i++) {
      if (!CJK.test(norm[i]!) || !CJK.test(norm[i + 1]!)) continue;
      const key = pinyinKey(py, i, i + 2);
      const set = bigramByPinyin.get(key) ?? new Set<string>();
      set.add(norm.slice(i, i + 2));
      bigramByPinyin.set(key, set);
    }
  }

  const unitWords = new Set((GENERIC_ROLE_WORDS.unit ?? []).map((w) => normalizeText(w)));
  const contextPhrases = new Set<string>();
  for (const g of groups) if (g.some((m) => unitWords.has(m))) for (const m of g) contextPhrases.add(m);

  const avg = (ds: Doc[]) => (ds.length ? ds.reduce((s, d) => s + d.len, 0) / ds.length : 1);
  return {
    pack,
    articles,
    items,
    df,
    n: articles.length + items.length,
    avgArticleLen: avg(articles),
    avgItemLen: avg(items),
    phraseGroups,
    phrasesByLength,
    phraseByPinyin,
    bigramByPinyin,
    contextPhrases,
  };
}

/** Sentences of an article in its original wording (substrings of the text), for quoting. */
export function splitSentences(text: string): string[] {
  const parts = text.match(/[^。；;！？!?\n]+[。；;！？!?]?/g) ?? [text];
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

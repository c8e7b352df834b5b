import type { ArticleNo, RulePack } from '../../src/rules/types.js';

/** Every (article, quote) pair a pack cites. */
export function citedQuotes(pack: RulePack): { where: string; article: ArticleNo; quote: string }[] {
  const out: { where: string; article: ArticleNo; quote: string }[] = [];
  const add = (where: string, a: ArticleNo, q: string | undefined) => {
    if (q !== undefined) out.push({ where, article: a, quote: q });
  };
  for (const e of pack.scope.exclusions) add(`scope ${e.id}`, e.article, e.quote);
  for (const k of pack.projectKinds) for (const m of k.materials) add(`material ${k.id}/${m.id}`, m.article, m.quote);
  for (const r of pack.routes) for (const s of r.steps) add(`step ${r.id}/${s.id}`, s.article, s.quote);
  for (const s of pack.changeRoute?.steps ?? []) add(`change step ${pack.changeRoute!.id}/${s.id}`, s.article, s.quote);
  for (const s of pack.stages) for (const m of s.materials) add(`stage ${s.id}/${m.id}`, m.article, m.quote);
  for (const l of pack.timeLimits) add(`limit ${l.id}`, l.article, l.quote);
  for (const c of pack.checks) add(`check ${c.id}`, c.article, c.quote);
  for (const c of pack.consequences) add(`rung ${c.rung}`, c.article, c.quote);
  for (const d of pack.duties ?? []) add(`duty ${d.id}`, d.article, d.quote);
  return out;
}

/** Every article number any rule of a pack rests on. */
export function citedArticles(pack: RulePack): ArticleNo[] {
  return [
    ...citedQuotes(pack).map((q) => q.article),
    ...pack.projectKinds.map((k) => k.article),
    ...pack.routes.map((r) => r.article),
    ...(pack.changeRoute ? [pack.changeRoute.article] : []),
    ...pack.events.flatMap((e) => (e.establishes ? [e.establishes.article] : [])),
    ...pack.stages.flatMap((s) => [
      s.article,
      ...(s.requires ?? []).map((r) => r.article),
      ...(s.notBefore ? [s.notBefore.article] : []),
    ]),
    ...pack.forms.map((f) => f.article),
    ...pack.timeLimits.flatMap((l) => (l.extensionArticle ? [l.extensionArticle] : [])),
  ];
}

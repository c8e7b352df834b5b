import { describe, expect, it } from 'vitest';
import { triggerEvents } from '../../src/rules/engine.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { yunling2024 as demoRegionPack } from '../fixtures/demo-region-pack.js';
import { citedArticles, citedQuotes } from '../support/pack-citations.js';

/** What holds for every pack, the four shipped and a fifth a new region would add. */
describe.each([...PACKS, demoRegionPack].map((p) => [p.id, p] as const))('%s', (_id, pack) => {
  it('articles are numbered 1..N without gaps', () => {
    expect(pack.articles.map((a) => a.no)).toEqual(pack.articles.map((_a, i) => i + 1));
  });

  it('every rule cites an article the text has, and its quote is the article’s own words', () => {
    const numbers = new Set(pack.articles.map((a) => a.no));
    for (const no of citedArticles(pack)) expect(numbers.has(no), `第${no}条`).toBe(true);
    for (const q of citedQuotes(pack))
      expect(pack.articles.find((a) => a.no === q.article)!.text, q.where).toContain(q.quote);
  });

  it('ids are unique within each list', () => {
    for (const list of [
      pack.projectKinds,
      pack.routes,
      pack.stages,
      pack.timeLimits,
      pack.checks,
      pack.events,
      pack.scope.exclusions,
      pack.duties ?? [],
    ]) {
      const ids = (list as readonly { id: string }[]).map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('every kind’s route exists, every event a time limit or stage refers to is declared', () => {
    const events = new Set(pack.events.map((e) => e.id));
    for (const k of pack.projectKinds)
      expect(
        pack.routes.some((r) => r.id === k.route),
        k.id,
      ).toBe(true);
    for (const l of pack.timeLimits)
      for (const e of triggerEvents(l.trigger)) expect(events.has(e), `${l.id} → ${e}`).toBe(true);
    for (const s of pack.stages) expect(events.has(s.completedBy), `${s.id} → ${s.completedBy}`).toBe(true);
    for (const s of pack.stages) {
      for (const e of s.notBefore ? [s.notBefore.event, ...(s.notBefore.alsoAfter ?? [])] : [])
        expect(events.has(e), `${s.id} → ${e}`).toBe(true);
    }
  });
});

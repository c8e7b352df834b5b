/**
 * Which region a question names. The names come from the packs (`region.name`): 金寨县 is found as
 * 金寨县, 金寨, 金寨市, 金寨区; a new pack brings its own names.
 */
import { packValidity } from '../rules/engine.js';
import type { LocalDate, RulePack } from '../rules/types.js';
import { normalizeText } from './text.js';

const SUFFIXES = ['县', '区', '市', '旗', '州', '盟'];

/** The names a region is called by, longest first: 金寨县, 金寨市, 金寨区, 金寨. */
export function regionAliases(pack: RulePack): string[] {
  const name = normalizeText(pack.region.name);
  const base = SUFFIXES.some((s) => name.endsWith(s)) && name.length > 2 ? name.slice(0, -1) : name;
  const names = new Set<string>([name]);
  if (base.length >= 2) {
    names.add(base);
    for (const s of SUFFIXES.slice(0, 3)) names.add(base + s);
  }
  return [...names].sort((a, b) => b.length - a.length);
}

export interface RegionMention {
  pack: RulePack;
  alias: string;
  index: number;
}

/**
 * The first region the question names (by position; the longest name at a position), with the pack
 * to use. When several packs share a region, the one in force on `today` is preferred.
 */
export function detectRegion(packs: readonly RulePack[], norm: string, today: LocalDate): RegionMention | null {
  let best: RegionMention | null = null;
  for (const pack of packs) {
    for (const alias of regionAliases(pack)) {
      const index = norm.indexOf(alias);
      if (index < 0) continue;
      if (!best || index < best.index || (index === best.index && alias.length > best.alias.length)) {
        best = { pack, alias, index };
      }
    }
  }
  if (!best) return null;
  const sameRegion = packs.filter((p) => p.region.id === best!.pack.region.id);
  if (sameRegion.length > 1) {
    const inForce = sameRegion.find((p) => packValidity(p, today).status === 'in_force');
    if (inForce) best = { ...best, pack: inForce };
  }
  return best;
}

/** Removes every region name of every pack from normalised text (they are not content). */
export function stripRegionNames(packs: readonly RulePack[], norm: string): string {
  let s = norm;
  const all = packs.flatMap(regionAliases).sort((a, b) => b.length - a.length);
  for (const a of all) s = s.split(a).join(' ');
  return s;
}

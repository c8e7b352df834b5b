/**
 * The list of shipped rule packs (one per region's regulation, see the other files here) and
 * the look-up by pack id.
 */
import type { RulePack } from '../types.js';
import { jinzhai2022 } from './jinzhai-2022.js';
import { mudan2023 } from './mudan-2023.js';
import { huaianDraft } from './huaian-draft.js';
import { gaoping2020 } from './gaoping-2020.js';

/** Every rule pack the bot ships. A new region is a new file here and one line in this list. */
export const PACKS: readonly RulePack[] = [jinzhai2022, mudan2023, huaianDraft, gaoping2020];

export function packById(id: string, packs: readonly RulePack[] = PACKS): RulePack | undefined {
  return packs.find((p) => p.id === id);
}

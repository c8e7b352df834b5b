/**
 * A fake directory for the approval tests: the offices of docs/org.example.json (the shipped
 * example for the four regions), numbered, grouped by role, plus any extra offices a test adds.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DirectoryOffice, OfficesByRole } from '../../src/approval/plan.js';
import type { Role } from '../../src/rules/types.js';

interface ExampleOffice {
  name: string;
  role: Role;
  members: string[];
  leaders?: string[];
}
interface ExampleRegion {
  id: string;
  policy: string;
  name: string;
  offices: ExampleOffice[];
}

const example = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../docs/org.example.json', import.meta.url)), 'utf8'),
) as {
  regions: ExampleRegion[];
};

export const EXAMPLE_REGIONS = example.regions;

export function regionOfPack(packId: string): ExampleRegion {
  const r = example.regions.find((x) => x.policy === packId);
  if (!r) throw new Error(`docs/org.example.json has no region for ${packId}`);
  return r;
}

/** The region's offices by role, ids 1.. in file order, then `extra` offices (ids 101..). */
export function officesFor(packId: string, extra: ExampleOffice[] = []): OfficesByRole {
  const out: Partial<Record<Role, DirectoryOffice[]>> = {};
  const add = (o: ExampleOffice, officeId: number) => {
    (out[o.role] ??= []).push({ officeId, officeName: o.name, members: o.members, leaders: o.leaders ?? [] });
  };
  regionOfPack(packId).offices.forEach((o, i) => add(o, i + 1));
  extra.forEach((o, i) => add(o, 101 + i));
  return out;
}

/** Extra offices so every role a pack's routes name has one (会同部门 for 金寨 …). */
export const EXTRA_OFFICES: Record<string, ExampleOffice[]> = {
  'jinzhai-2022': [{ name: '县委网信办', role: 'joint_reviewer', members: ['ou_jzWxbQian'], leaders: ['ou_jzWxbZhu'] }],
  'mudan-2023': [],
  'huaian-draft': [],
  'gaoping-2020': [],
};

/**
 * The organisation directory file (ORG_CONFIG): who sits in which office and unit of which region.
 * Parsing is pure; `importDirectory` (store.ts) writes it to the database.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const OFFICE_ROLES = ['reviewer', 'joint_reviewer', 'approver', 'finance', 'audit', 'leading_group'] as const;
export type OfficeRole = (typeof OFFICE_ROLES)[number];

const openId = z.string().regex(/^ou_[0-9A-Za-z]+$/, '应为飞书 open_id（以 ou_ 开头）');
const chatId = z.string().regex(/^oc_[0-9A-Za-z]+$/, '应为飞书群 chat_id（以 oc_ 开头）');
const nonEmpty = z.string().trim().min(1, '不能为空');

const OfficeSchema = z.strictObject({
  name: nonEmpty,
  role: z.enum(OFFICE_ROLES, { error: `角色无效，可选: ${OFFICE_ROLES.join(', ')}` }),
  members: z.array(openId).min(1, '至少要有一名成员'),
  leaders: z.array(openId).default([]),
});

const UnitSchema = z.strictObject({
  name: nonEmpty,
  members: z.array(openId).default([]),
  leaders: z.array(openId).default([]),
  chat_id: chatId.optional(),
});

const RegionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, '应为小写英文标识，如 jinzhai'),
  policy: nonEmpty,
  name: nonEmpty,
  offices: z.array(OfficeSchema).min(1, '至少要有一个审核部门'),
  units: z.array(UnitSchema).default([]),
});

export const OrgFileSchema = z.strictObject({
  admins: z.array(openId).default([]),
  /** People's names (open_id → 姓名), shown by the console where it would show an open_id. Optional. */
  names: z.record(openId, nonEmpty).default({}),
  regions: z.array(RegionSchema).min(1, '至少要有一个地区'),
});

export type OrgDirectory = z.infer<typeof OrgFileSchema>;
export type OrgRegion = OrgDirectory['regions'][number];

export class OrgConfigError extends Error {
  override name = 'OrgConfigError';
}

function pathLabel(path: readonly PropertyKey[], data: unknown): string {
  let label = '';
  let node: unknown = data;
  for (const key of path) {
    label += typeof key === 'number' ? `[${key}]` : label ? `.${String(key)}` : String(key);
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    // Name entries by their name where they have one: regions[0](金寨县).offices[2](县财政局)
    if (typeof key === 'number' && node && typeof node === 'object' && 'name' in node) {
      label += `(${String((node as { name: unknown }).name)})`;
    }
  }
  return label || '(root)';
}

/**
 * Parses a directory file's text (JSON or YAML). `knownPolicies` are the rule-pack ids the bot
 * ships: a region naming another policy is an error.
 */
export function parseOrgDirectory(source: string, fileName: string, knownPolicies: readonly string[]): OrgDirectory {
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(fileName) ? parseYaml(source) : JSON.parse(source);
  } catch (e) {
    throw new OrgConfigError(
      `ORG_CONFIG ${fileName}: not valid ${/\.ya?ml$/i.test(fileName) ? 'YAML' : 'JSON'}: ${(e as Error).message}`,
    );
  }
  const parsed = OrgFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OrgConfigError(`ORG_CONFIG ${fileName}: ${pathLabel(issue.path, data)}: ${issue.message}`);
  }
  const dir = parsed.data;
  const seenRegions = new Set<string>();
  dir.regions.forEach((region, i) => {
    const where = `regions[${i}](${region.name})`;
    if (seenRegions.has(region.id))
      throw new OrgConfigError(`ORG_CONFIG ${fileName}: ${where}.id: 地区 ${region.id} 重复`);
    seenRegions.add(region.id);
    if (!knownPolicies.includes(region.policy)) {
      throw new OrgConfigError(
        `ORG_CONFIG ${fileName}: ${where}.policy: 未知的管理办法 "${region.policy}"，可选: ${knownPolicies.join(', ')}`,
      );
    }
    const names = new Set<string>();
    for (const org of [...region.offices, ...region.units]) {
      if (names.has(org.name)) throw new OrgConfigError(`ORG_CONFIG ${fileName}: ${where}: 名称 "${org.name}" 重复`);
      names.add(org.name);
    }
    if (!region.offices.some((o) => o.role === 'reviewer')) {
      throw new OrgConfigError(`ORG_CONFIG ${fileName}: ${where}.offices: 缺少 role 为 reviewer 的审核部门`);
    }
  });
  return dir;
}

/**
 * The people of the organisation directory, for the sandbox's "who are you" picker and the console's
 * sandbox sign-in: every admin, office member/leader and unit member/leader, with what they are.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { admins, memberships, offices, regions, units } from '../../db/schema/index.js';

export const ROLE_LABELS: Record<string, string> = {
  reviewer: '审核部门',
  joint_reviewer: '会同审核部门',
  approver: '审批部门',
  finance: '财政部门',
  audit: '审计部门',
  leading_group: '领导小组',
};

export interface DirectoryRole {
  kind: 'office' | 'unit';
  orgId: number;
  orgName: string;
  /** Office role (reviewer, approver …); 'unit' for a declaring unit. */
  role: string;
  position: 'member' | 'leader';
  regionId: string;
  regionName: string;
  chatId: string | null;
}

export interface DirectoryPerson {
  openId: string;
  isAdmin: boolean;
  roles: DirectoryRole[];
}

export interface DirectoryRegion {
  id: string;
  name: string;
  policy: string;
}

/** Everyone in the directory, admins first, then by region and office/unit order. */
export async function listPeople(db: Db): Promise<{ regions: DirectoryRegion[]; people: DirectoryPerson[] }> {
  const regionRows = await db.select().from(regions).orderBy(regions.id);
  const adminRows = await db.select().from(admins);
  const officeRows = await db
    .select({
      openId: memberships.openId,
      position: memberships.position,
      orgId: offices.id,
      orgName: offices.name,
      role: offices.role,
      regionId: regions.id,
      regionName: regions.name,
    })
    .from(memberships)
    .innerJoin(offices, eq(memberships.orgId, offices.id))
    .innerJoin(regions, eq(offices.regionId, regions.id))
    .where(eq(memberships.orgType, 'office'))
    .orderBy(offices.id);
  const unitRows = await db
    .select({
      openId: memberships.openId,
      position: memberships.position,
      orgId: units.id,
      orgName: units.name,
      regionId: regions.id,
      regionName: regions.name,
      chatId: units.chatId,
    })
    .from(memberships)
    .innerJoin(units, eq(memberships.orgId, units.id))
    .innerJoin(regions, eq(units.regionId, regions.id))
    .where(eq(memberships.orgType, 'unit'))
    .orderBy(units.id);

  const byId = new Map<string, DirectoryPerson>();
  const person = (openId: string) => {
    let p = byId.get(openId);
    if (!p) {
      p = { openId, isAdmin: false, roles: [] };
      byId.set(openId, p);
    }
    return p;
  };
  for (const a of adminRows) person(a.openId).isAdmin = true;
  for (const r of officeRows) person(r.openId).roles.push({ kind: 'office', orgId: r.orgId, orgName: r.orgName, role: r.role, position: r.position, regionId: r.regionId, regionName: r.regionName, chatId: null });
  for (const r of unitRows) person(r.openId).roles.push({ kind: 'unit', orgId: r.orgId, orgName: r.orgName, role: 'unit', position: r.position, regionId: r.regionId, regionName: r.regionName, chatId: r.chatId });
  return { regions: regionRows, people: [...byId.values()] };
}

/** What a person is, in a few words: 县智慧办（审核部门）成员. */
export function describeRole(r: DirectoryRole): string {
  const what = r.kind === 'unit' ? '申报单位' : (ROLE_LABELS[r.role] ?? r.role);
  return `${r.orgName}（${what}）${r.position === 'leader' ? '负责人' : '成员'}`;
}

export function describePerson(p: DirectoryPerson): string {
  const parts = p.roles.map(describeRole);
  if (p.isAdmin) parts.unshift('管理员');
  return parts.join('；') || '不在组织目录中';
}

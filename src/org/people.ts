/**
 * The people of the organisation directory, for the sandbox's "who are you" picker and the console's
 * sandbox sign-in: every admin, office member/leader and unit member/leader, with what they are.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { admins, memberships, offices, people, regions, units } from '../../db/schema/index.js';

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
  /** The name the directory file gives (`names`), when it gives one. */
  name?: string;
  isAdmin: boolean;
  roles: DirectoryRole[];
}

export interface DirectoryRegion {
  id: string;
  name: string;
  policy: string;
}

/** The memberships of one kind of organisation (offices or units), with the organisation and its region. */
function membershipsOf(db: Db, kind: 'office' | 'unit', only: readonly string[] | undefined) {
  const org = kind === 'office' ? offices : units;
  return db
    .select({
      openId: memberships.openId,
      position: memberships.position,
      orgId: org.id,
      orgName: org.name,
      role: kind === 'office' ? offices.role : sql<string>`'unit'`,
      regionId: regions.id,
      regionName: regions.name,
      chatId: kind === 'unit' ? units.chatId : sql<string | null>`null`,
    })
    .from(memberships)
    .innerJoin(org, eq(memberships.orgId, org.id))
    .innerJoin(regions, eq(org.regionId, regions.id))
    .where(and(eq(memberships.orgType, kind), only ? inArray(memberships.openId, [...only]) : undefined))
    .orderBy(org.id);
}

/**
 * Everyone in the directory (or only the people `only` names), admins first, then by region and
 * office/unit order, with their names where the directory file gives them.
 */
export async function listPeople(
  db: Db,
  only?: readonly string[],
): Promise<{ regions: DirectoryRegion[]; people: DirectoryPerson[] }> {
  if (only && only.length === 0) return { regions: [], people: [] };
  const regionRows = only ? [] : await db.select().from(regions).orderBy(regions.id);
  const adminRows = await db
    .select()
    .from(admins)
    .where(only ? inArray(admins.openId, [...only]) : undefined);
  const officeRows = await membershipsOf(db, 'office', only);
  const unitRows = await membershipsOf(db, 'unit', only);
  const nameRows = await db
    .select()
    .from(people)
    .where(only ? inArray(people.openId, [...only]) : undefined);

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
  for (const r of officeRows)
    person(r.openId).roles.push({
      kind: 'office',
      orgId: r.orgId,
      orgName: r.orgName,
      role: r.role,
      position: r.position,
      regionId: r.regionId,
      regionName: r.regionName,
      chatId: null,
    });
  for (const r of unitRows)
    person(r.openId).roles.push({
      kind: 'unit',
      orgId: r.orgId,
      orgName: r.orgName,
      role: 'unit',
      position: r.position,
      regionId: r.regionId,
      regionName: r.regionName,
      chatId: r.chatId,
    });
  // A name alone (someone the file names but places nowhere) is not someone of the directory.
  for (const n of nameRows) {
    const p = byId.get(n.openId);
    if (p) p.name = n.name;
  }
  return { regions: regionRows, people: [...byId.values()] };
}

/** The directory's entries of the given people, by open_id (for naming them on a page). */
export async function directoryOf(db: Db, openIds: Iterable<string>): Promise<Map<string, DirectoryPerson>> {
  const ids = [...new Set(openIds)].filter((id) => id.startsWith('ou_'));
  const { people: found } = await listPeople(db, ids);
  return new Map(found.map((p) => [p.openId, p]));
}

/**
 * How a page names a person: `李晓明（县智慧办）`, the directory's name and where the person sits.
 * Without a name in the directory: `demoName` (the sandbox's demo surnames) when it gives one, else
 * the open_id with the office or unit. Someone the directory does not know: the open_id alone.
 */
export function personLabel(
  openId: string,
  person: DirectoryPerson | undefined,
  demoName?: (openId: string) => string,
): string {
  const name = person?.name || demoName?.(openId) || '';
  const org = person?.roles[0]?.orgName ?? (person?.isAdmin ? '管理员' : '');
  if (name) return org ? `${name}（${org}）` : name;
  return org ? `${openId}（${org}）` : openId;
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

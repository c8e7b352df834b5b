/**
 * The organisation directory in the database: importing the directory file (directory.ts parses
 * it) and the look-ups services make of it: who a person is (units, offices, admin), and which
 * offices of a region hold a role.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { admins, memberships, offices, people, regions, units } from '../../db/schema/index.js';
import type { OrgDirectory } from './directory.js';

/**
 * Writes the directory to the database. Idempotent: importing the same file twice changes
 * nothing; importing a changed file makes memberships match it. Regions, offices and units that
 * left the file stay (projects refer to them) but lose their members. A group bound later with
 * `绑定单位` keeps its chat unless the file names another.
 */
export async function importDirectory(db: Db, dir: OrgDirectory): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(admins);
    if (dir.admins.length) await tx.insert(admins).values([...new Set(dir.admins)].map((openId) => ({ openId })));
    await tx.delete(people);
    const names = Object.entries(dir.names);
    if (names.length) await tx.insert(people).values(names.map(([openId, name]) => ({ openId, name })));

    // Memberships follow the file exactly: a region, office or unit absent from it keeps nobody.
    await tx.delete(memberships);
    for (const region of dir.regions) {
      await tx
        .insert(regions)
        .values({ id: region.id, policy: region.policy, name: region.name })
        .onConflictDoUpdate({ target: regions.id, set: { policy: region.policy, name: region.name } });

      const orgIds = { office: [] as number[], unit: [] as number[] };
      const rows: (typeof memberships.$inferInsert)[] = [];
      for (const office of region.offices) {
        const [row] = await tx
          .insert(offices)
          .values({ regionId: region.id, name: office.name, role: office.role, leaders: office.leaders })
          .onConflictDoUpdate({
            target: [offices.regionId, offices.name],
            set: { role: office.role, leaders: office.leaders },
          })
          .returning({ id: offices.id });
        orgIds.office.push(row!.id);
        rows.push(...membershipRows('office', row!.id, office));
      }
      for (const unit of region.units) {
        const [row] = await tx
          .insert(units)
          .values({ regionId: region.id, name: unit.name, chatId: unit.chat_id ?? null })
          .onConflictDoUpdate({
            target: [units.regionId, units.name],
            set: { chatId: unit.chat_id ? unit.chat_id : sql`${units.chatId}` },
          })
          .returning({ id: units.id });
        orgIds.unit.push(row!.id);
        rows.push(...membershipRows('unit', row!.id, unit));
      }
      if (rows.length) await tx.insert(memberships).values(rows).onConflictDoNothing();
    }
  });
}

/** The membership rows of one office or unit: each member, then each leader, once. */
function membershipRows(
  orgType: 'office' | 'unit',
  orgId: number,
  org: { members: readonly string[]; leaders: readonly string[] },
): (typeof memberships.$inferInsert)[] {
  const as = (position: 'member' | 'leader', openIds: readonly string[]) =>
    [...new Set(openIds)].map((openId) => ({ openId, orgType, orgId, position }));
  return [...as('member', org.members), ...as('leader', org.leaders)];
}

export interface PersonUnit {
  unitId: number;
  unitName: string;
  regionId: string;
  regionName: string;
  policy: string;
  chatId: string | null;
  position: 'member' | 'leader';
}

export interface PersonOffice {
  officeId: number;
  officeName: string;
  role: string;
  regionId: string;
  regionName: string;
  policy: string;
  position: 'member' | 'leader';
}

export interface Person {
  openId: string;
  isAdmin: boolean;
  units: PersonUnit[];
  offices: PersonOffice[];
}

/** What a person's membership of a unit or an office says besides the org: its region, their position. */
const REGION_AND_POSITION = {
  regionId: regions.id,
  regionName: regions.name,
  policy: regions.policy,
  position: memberships.position,
};

/** Everything the directory knows about one person. */
export async function lookupPerson(db: Db, openId: string): Promise<Person> {
  const [admin] = await db.select().from(admins).where(eq(admins.openId, openId));
  const unitRows = await db
    .select({
      unitId: units.id,
      unitName: units.name,
      chatId: units.chatId,
      ...REGION_AND_POSITION,
    })
    .from(memberships)
    .innerJoin(units, and(eq(memberships.orgType, 'unit'), eq(memberships.orgId, units.id)))
    .innerJoin(regions, eq(units.regionId, regions.id))
    .where(eq(memberships.openId, openId));
  const officeRows = await db
    .select({
      officeId: offices.id,
      officeName: offices.name,
      role: offices.role,
      ...REGION_AND_POSITION,
    })
    .from(memberships)
    .innerJoin(offices, and(eq(memberships.orgType, 'office'), eq(memberships.orgId, offices.id)))
    .innerJoin(regions, eq(offices.regionId, regions.id))
    .where(eq(memberships.openId, openId));
  return { openId, isAdmin: Boolean(admin), units: unitRows, offices: officeRows };
}

/** The people of a region's offices with a role, by office: the approval engine's resolver. */
export async function officesWithRole(db: Db, regionId: string, role: string) {
  const rows = await db
    .select({
      officeId: offices.id,
      officeName: offices.name,
      openId: memberships.openId,
      position: memberships.position,
    })
    .from(offices)
    .leftJoin(memberships, and(eq(memberships.orgType, 'office'), eq(memberships.orgId, offices.id)))
    .where(and(eq(offices.regionId, regionId), eq(offices.role, role)));
  const byOffice = new Map<number, { officeId: number; officeName: string; members: string[]; leaders: string[] }>();
  for (const r of rows) {
    const entry = byOffice.get(r.officeId) ?? {
      officeId: r.officeId,
      officeName: r.officeName,
      members: [],
      leaders: [],
    };
    if (r.openId && r.position === 'member') entry.members.push(r.openId);
    if (r.openId && r.position === 'leader') entry.leaders.push(r.openId);
    byOffice.set(r.officeId, entry);
  }
  return [...byOffice.values()];
}

/** `金寨县` + `县智慧办` → `金寨县智慧办`; `金寨县` + `教育局` → `金寨县教育局`. */
export function withRegion(regionName: string, name: string): string {
  const level = regionName.slice(-1);
  return name.startsWith(level) && '县市区'.includes(level) ? `${regionName}${name.slice(1)}` : `${regionName}${name}`;
}

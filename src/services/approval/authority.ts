/**
 * Authority over approvals comes from the directory as it is now, not as it was when a route
 * started: a route's plan copies each office's people at submission, and someone removed from an
 * office (or moved to another) since must not keep its rights. Every decision, 转交 and deputy
 * action goes through `authoriseNow`: the pure `authorise` (member, transferee, deputy) run
 * against the office's members and leaders of today, and nobody acting on a project their own unit
 * declared, themselves or through whom they act for.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.js';
import { memberships } from '../../../db/schema/index.js';
import {
  authorise,
  cardRecipients,
  type Authorisation,
  type CardRecipient,
  type Delegation,
} from '../../approval/delegation.js';
import type { RoutePlan } from '../../approval/plan.js';

/** The people of an office now: `members` act on approvals, `leaders` receive escalations (and may act). */
export interface OfficeNow {
  members: string[];
  leaders: string[];
}

/** Who belongs to each of `officeIds` now, by the directory's memberships. */
export async function officesNow(db: DbOrTx, officeIds: readonly number[]): Promise<Map<number, OfficeNow>> {
  const out = new Map<number, OfficeNow>(officeIds.map((id) => [id, { members: [], leaders: [] }]));
  if (officeIds.length === 0) return out;
  const rows = await (db as Db)
    .select({ orgId: memberships.orgId, openId: memberships.openId, position: memberships.position })
    .from(memberships)
    .where(and(eq(memberships.orgType, 'office'), inArray(memberships.orgId, [...officeIds])));
  for (const r of rows) out.get(r.orgId)?.[r.position === 'leader' ? 'leaders' : 'members'].push(r.openId);
  return out;
}

/** Everyone in a unit now (members and leaders): they may not decide on what their unit declared. */
export async function unitPeopleNow(db: DbOrTx, unitId: number): Promise<Set<string>> {
  const rows = await (db as Db)
    .select({ openId: memberships.openId })
    .from(memberships)
    .where(and(eq(memberships.orgType, 'unit'), eq(memberships.orgId, unitId)));
  return new Set(rows.map((r) => r.openId));
}

const belongsTo = (office: OfficeNow | undefined, openId: string) =>
  Boolean(office && (office.members.includes(openId) || office.leaders.includes(openId)));

/** The plan with one step's offices staffed by their members as the directory is now. */
function staffedNow(plan: RoutePlan, stepIndex: number, people: Map<number, OfficeNow>): RoutePlan {
  return {
    ...plan,
    steps: plan.steps.map((s, i) =>
      i !== stepIndex
        ? s
        : {
            ...s,
            offices: s.offices.map((o) => {
              const now = people.get(o.officeId) ?? { members: [], leaders: [] };
              return { ...o, members: now.members, leaders: now.leaders };
            }),
          },
    ),
  };
}

export interface AuthorityQuery {
  plan: RoutePlan;
  stepIndex: number;
  officeId: number;
  operator: string;
  delegations: readonly Delegation[];
  now: Date;
  round?: number;
  /** The declaring unit of the project. */
  unitId: number;
}

const NOT_NOW = (officeName: string): Authorisation => ({
  ok: false,
  reason: 'not_authorised',
  message: `您目前不在${officeName}，不能办理此项审批`,
});
const OWN_UNIT: Authorisation = {
  ok: false,
  reason: 'not_authorised',
  message: '您所在单位是该项目的申报单位，不能审批本单位申报的项目',
};

/**
 * Whether `operator` may act on the office's task now. A transferee or deputy must belong to the
 * office now, and so must the member they act for; neither may sit in the declaring unit.
 */
export async function authoriseNow(db: DbOrTx, q: AuthorityQuery): Promise<Authorisation> {
  const people = await officesNow(db, [q.officeId]);
  const office = people.get(q.officeId);
  let auth = authorise(
    staffedNow(q.plan, q.stepIndex, people),
    q.stepIndex,
    q.officeId,
    q.operator,
    q.delegations,
    q.now,
    q.round,
  );
  // A leader of the office acts in their own name (the tasks of someone who left reach them too).
  if (!auth.ok && office?.leaders.includes(q.operator)) auth = { ok: true, actor: q.operator, via: 'member' };
  const officeName = q.plan.steps[q.stepIndex]?.offices.find((o) => o.officeId === q.officeId)?.officeName ?? '该部门';
  if (!auth.ok) {
    // Refused only because the directory changed: say so, rather than "not an approver".
    const before = authorise(q.plan, q.stepIndex, q.officeId, q.operator, q.delegations, q.now, q.round);
    return before.ok ? NOT_NOW(officeName) : auth;
  }
  if (!belongsTo(office, q.operator)) return NOT_NOW(officeName);
  const unit = await unitPeopleNow(db, q.unitId);
  if (unit.has(q.operator) || (auth.onBehalfOf !== undefined && unit.has(auth.onBehalfOf))) return OWN_UNIT;
  return auth;
}

/**
 * Who gets a step's cards now: each office's members of today, their active deputies and the
 * step's transferees, none of them in the declaring unit (cardRecipients on today's directory).
 */
export async function stepRecipientsNow(
  db: DbOrTx,
  o: {
    plan: RoutePlan;
    stepIndex: number;
    delegations: readonly Delegation[];
    now: Date;
    round?: number;
    unitId: number;
  },
): Promise<CardRecipient[]> {
  const step = o.plan.steps[o.stepIndex];
  if (!step) return [];
  const people = await officesNow(
    db,
    step.offices.map((x) => x.officeId),
  );
  const unit = await unitPeopleNow(db, o.unitId);
  return cardRecipients(staffedNow(o.plan, o.stepIndex, people), o.stepIndex, o.delegations, o.now, o.round).filter(
    (r) =>
      belongsTo(people.get(r.officeId), r.openId) && !unit.has(r.openId) && !(r.onBehalfOf && unit.has(r.onBehalfOf)),
  );
}

export type TargetCheck = { ok: true } | { ok: false; message: string };

/** 转交: the colleague must belong to the same office now and not sit in the declaring unit. */
export async function checkTransferTarget(
  db: DbOrTx,
  o: { officeId: number; officeName: string; to: string; unitId: number },
): Promise<TargetCheck> {
  const office = (await officesNow(db, [o.officeId])).get(o.officeId);
  if (!belongsTo(office, o.to)) return { ok: false, message: `只能转交给${o.officeName}的同事。` };
  if ((await unitPeopleNow(db, o.unitId)).has(o.to)) return { ok: false, message: '不能转交给该项目申报单位的人员。' };
  return { ok: true };
}

/** 设置代理: the deputy must be a colleague of the principal in one of the principal's offices now. */
export async function checkDeputy(db: DbOrTx, o: { principal: string; deputy: string }): Promise<TargetCheck> {
  if (o.deputy === o.principal) return { ok: false, message: '不能设置自己为代理人。' };
  const rows = await (db as Db)
    .select({ orgId: memberships.orgId, openId: memberships.openId })
    .from(memberships)
    .where(and(eq(memberships.orgType, 'office'), inArray(memberships.openId, [o.principal, o.deputy])));
  const principalOffices = new Set(rows.filter((r) => r.openId === o.principal).map((r) => r.orgId));
  const shared = rows.some((r) => r.openId === o.deputy && principalOffices.has(r.orgId));
  return shared ? { ok: true } : { ok: false, message: '代理人须是你所在审批部门的同事。' };
}

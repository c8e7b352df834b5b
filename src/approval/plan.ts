/**
 * Approval routing, step 1: turns a region's route (from its rule pack) into a plan of concrete
 * offices and people. Pure: the caller passes the directory's offices, grouped by role.
 *
 * - The steps are `routeSteps(pack, kind, facts)`: steps whose `skipWhen` holds are already gone.
 * - Steps done by the declaring unit itself (role `unit`, e.g. 金寨 "项目建设单位向县智慧办提交申报表")
 *   are fulfilled by the submission: they are listed in `declaration`, not in `steps`.
 * - A step involves the offices of its `role`; a step with `jointRoles` involves the offices of all
 *   those roles (会同/联合审核). The step's own `role` must have at least one office, or the plan is an
 *   error naming the region and the role; a joint role the region has no office for is left out
 *   (金寨's "会同有关部门" names no fixed office, and many deployments configure none).
 * - Each step carries the time it may stay pending before escalation: a pack time limit that counts
 *   working days from the declaration for the step's role (the first step of that role only), else
 *   the deployment's default (3 working days unless the caller says otherwise).
 */
import { changeRoute, declarationRoute, roleName, routeSteps, type ProjectFacts } from '../rules/engine.js';
import type { Role, Route, RouteStepKind, RulePack } from '../rules/types.js';

/** One office of the directory, as the caller knows it. */
export interface DirectoryOffice {
  officeId: number;
  officeName: string;
  members: readonly string[];
  leaders: readonly string[];
}

export type OfficesByRole = Partial<Record<Role, readonly DirectoryOffice[]>>;

export interface PlannedOffice {
  officeId: number;
  officeName: string;
  role: Role;
  members: string[];
  leaders: string[];
}

/** How long a step may stay pending before it escalates. */
export interface StepLimit {
  workingDays: number;
  /** `pack`: from a time limit of the pack (its article given); `deployment`: the default. */
  source: 'pack' | 'deployment';
  article?: number;
  quote?: string;
}

export interface PlannedStep {
  /** Position in `steps` (0-based), the index every other approval function takes. */
  index: number;
  stepId: string;
  name: string;
  role: Role;
  mode: 'all' | 'any';
  produces: string;
  article: number;
  quote: string;
  offices: PlannedOffice[];
  /** A 财政 step (role `finance`, no other roles): it records the amount and fund channel. */
  recordsFunding: boolean;
  /** What the step asks (plans stored before kinds existed have none: see `stepKind`). */
  kind?: RouteStepKind;
  limit: StepLimit;
}

/** A step the declaring unit fulfils by submitting. */
export interface DeclarationStep {
  stepId: string;
  name: string;
  produces: string;
  article: number;
}

export interface RoutePlan {
  packId: string;
  regionName: string;
  kindId: string;
  route: { id: string; name: string; resubmitFrom: 'start' | 'returning_step'; article: number };
  declaration: DeclarationStep[];
  steps: PlannedStep[];
}

export interface PlanError {
  error: string;
  /** The step and role that could not be staffed. */
  stepId: string;
  role: Role;
}

export interface PlanOptions {
  /** The deployment's escalation limit in working days (default 3). */
  defaultLimitWorkingDays?: number;
}

export const DEFAULT_LIMIT_WORKING_DAYS = 3;

/** A pack time limit that says how many working days after the declaration `role` has to act. */
function packLimit(pack: RulePack, role: Role): StepLimit | undefined {
  const l = pack.timeLimits.find(
    (t) =>
      t.responsible === role &&
      t.type === 'deadline' &&
      t.trigger.kind === 'event' &&
      t.trigger.event === 'declared' &&
      t.offset.unit === 'working_days' &&
      t.offset.amount > 0 &&
      !t.when,
  );
  return l ? { workingDays: l.offset.amount, source: 'pack', article: l.article, quote: l.quote } : undefined;
}

/** The kind of a planned step, also for plans stored before steps had kinds. */
export function stepKind(step: Pick<PlannedStep, 'kind' | 'recordsFunding'>): RouteStepKind {
  return step.kind ?? (step.recordsFunding ? 'record_funding' : 'decide');
}

export function isPlanError(p: RoutePlan | PlanError): p is PlanError {
  return 'error' in p;
}

/** Plans a route for a project of kind `kindId` with `facts`, staffed from `officesByRole`. */
type Planner = (
  pack: RulePack,
  kindId: string,
  facts: ProjectFacts,
  officesByRole: OfficesByRole,
  options?: PlanOptions,
) => RoutePlan | PlanError;

/** The route of a declaration, staffed from the directory. */
export const planRoute: Planner = (pack, kindId, facts, officesByRole, options = {}) =>
  planSteps(pack, declarationRoute(pack, kindId), kindId, facts, officesByRole, options, true);

/**
 * The plan of a change (调整/变更) that needs approval: the pack's change route (or the kind's own
 * route), staffed the same way. Steps of role `unit` are fulfilled by the unit's request; the
 * escalation limit is the deployment's (the pack's limits count from a declaration).
 */
export const planChangeRoute: Planner = (pack, kindId, facts, officesByRole, options = {}) =>
  planSteps(pack, changeRoute(pack, kindId), kindId, facts, officesByRole, options, false);

function planSteps(
  pack: RulePack,
  route: Route,
  kindId: string,
  facts: ProjectFacts,
  officesByRole: OfficesByRole,
  options: PlanOptions,
  fromDeclaration: boolean,
): RoutePlan | PlanError {
  const all = routeSteps(pack, kindId, facts, route);
  const fallback = options.defaultLimitWorkingDays ?? DEFAULT_LIMIT_WORKING_DAYS;
  if (!Number.isInteger(fallback) || fallback < 1)
    throw new Error(`defaultLimitWorkingDays must be a positive integer: ${fallback}`);

  const declaration: DeclarationStep[] = [];
  const steps: PlannedStep[] = [];
  const rolesSeen = new Set<Role>();
  for (const s of all) {
    const roles = [s.role, ...(s.jointRoles ?? [])].filter((r, i, a) => a.indexOf(r) === i);
    const officeRoles = roles.filter((r) => r !== 'unit');
    if (officeRoles.length === 0) {
      declaration.push({ stepId: s.id, name: s.name, produces: s.produces, article: s.article });
      continue;
    }
    const primary: Role = s.role === 'unit' ? officeRoles[0]! : s.role;
    const offices: PlannedOffice[] = [];
    for (const role of officeRoles) {
      const candidates = officesByRole[role] ?? [];
      const words = s.officeNames?.[role];
      const named = words ? candidates.filter((o) => words.some((w) => o.officeName.includes(w))) : [];
      for (const o of named.length ? named : candidates) {
        if (o.members.length === 0) continue;
        if (offices.some((x) => x.officeId === o.officeId)) continue;
        offices.push({
          officeId: o.officeId,
          officeName: o.officeName,
          role,
          members: [...o.members],
          leaders: [...o.leaders],
        });
      }
    }
    if (!offices.some((o) => o.role === primary)) {
      const name = roleName(pack, primary);
      return {
        error:
          `${pack.region.name}没有角色为 ${primary}（${name}）且有成员的部门，无法办理“${s.name}”环节。` +
          `请管理员在组织架构文件（ORG_CONFIG）的${pack.region.name}下添加角色为 ${primary} 的部门。`,
        stepId: s.id,
        role: primary,
      };
    }
    const limit = (fromDeclaration && !rolesSeen.has(primary) && packLimit(pack, primary)) || {
      workingDays: fallback,
      source: 'deployment' as const,
    };
    rolesSeen.add(primary);
    const kind: RouteStepKind = s.kind ?? (officeRoles.every((r) => r === 'finance') ? 'record_funding' : 'decide');
    steps.push({
      index: steps.length,
      stepId: s.id,
      name: s.name,
      role: primary,
      mode: s.mode,
      produces: s.produces,
      article: s.article,
      quote: s.quote,
      offices,
      recordsFunding: kind === 'record_funding',
      kind,
      limit,
    });
  }
  return {
    packId: pack.id,
    regionName: pack.region.name,
    kindId,
    route: { id: route.id, name: route.name, resubmitFrom: route.resubmitFrom, article: route.article },
    declaration,
    steps,
  };
}

/**
 * What a pack asks of a project: the checks whose condition holds, the materials to attach, the
 * approval route and its steps, and what the measures do not cover (scope exclusions).
 */
import { evaluate, type ProjectFacts } from './conditions.js';
import type { Material, Route, RouteStep, RulePack, ScopeExclusion } from './types.js';

export interface Finding {
  id: string;
  level: 'blocker' | 'warning';
  message: string;
  article: number;
  quote: string;
}

/** The pack's checks whose condition holds, in pack order. */
export function runChecks(pack: RulePack, facts: ProjectFacts): Finding[] {
  return pack.checks
    .filter((c) => evaluate(c.when, facts))
    .map((c) => ({ id: c.id, level: c.level, message: c.message, article: c.article, quote: c.quote }));
}

function kindOf(pack: RulePack, kindId: string) {
  const kind = pack.projectKinds.find((k) => k.id === kindId);
  if (!kind) throw new Error(`${pack.id}: no project kind "${kindId}"`);
  return kind;
}

/** The kind's declaration materials whose `when` holds (or that have none). */
export function requiredMaterials(pack: RulePack, kindId: string, facts: ProjectFacts): Material[] {
  return kindOf(pack, kindId).materials.filter(
    (m) => !m.when || evaluate(m.when, { ...facts, kind: facts.kind ?? kindId }),
  );
}

/** The kind's declaration route. */
export function declarationRoute(pack: RulePack, kindId: string): Route {
  const kind = kindOf(pack, kindId);
  const route = pack.routes.find((r) => r.id === kind.route);
  if (!route) throw new Error(`${pack.id}: kind "${kindId}" names route "${kind.route}", which the pack does not have`);
  return route;
}

/** The route of a change that needs approval: the pack's `changeRoute`, else the kind's own route. */
export function changeRoute(pack: RulePack, kindId: string): Route {
  return pack.changeRoute ?? declarationRoute(pack, kindId);
}

/**
 * A route's steps for a project, in order, without the steps whose `skipWhen` holds: the kind's
 * declaration route unless another route (a change's) is given.
 */
export function routeSteps(
  pack: RulePack,
  kindId: string,
  facts: ProjectFacts,
  route: Route = declarationRoute(pack, kindId),
): RouteStep[] {
  kindOf(pack, kindId);
  const withKind = { ...facts, kind: facts.kind ?? kindId };
  return route.steps.filter((s) => !s.skipWhen || !evaluate(s.skipWhen, withKind));
}

/**
 * The exclusions (things the measures do not cover) whose keywords the text mentions, less those
 * whose `unless` holds for the text and the facts given.
 */
export function scopeExclusions(pack: RulePack, text: string, facts: ProjectFacts = {}): ScopeExclusion[] {
  const all = { ...facts, text };
  return pack.scope.exclusions.filter(
    (e) => evaluate({ mentions: e.keywords }, all) && !(e.unless && evaluate(e.unless, all)),
  );
}

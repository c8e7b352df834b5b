/**
 * The rule engine's one entry: evaluates rule packs (conditions, checks, materials, routes, scope,
 * time limits, citations and validity). Pure functions over pack data: no I/O, no clock (callers
 * pass the date), no Lark, no DB. Each concern lives in its own module; this one names them all,
 * so that callers import the engine, not its layout.
 */
export { type ProjectFacts, evaluate, mentionsAffirmatively } from './conditions.js';
export { describeCondition } from './condition-text.js';
export {
  type Finding,
  changeRoute,
  declarationRoute,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
} from './requirements.js';
export {
  type Due,
  LIMIT_TYPE_NAMES,
  allDueDates,
  describeDuration,
  describeTimeLimit,
  describeTrigger,
  dueDate,
  firstDayAfter,
  latestOf,
  laterOfPhrase,
  triggerEvents,
} from './time-limits.js';
export {
  type ValidityStatus,
  citation,
  describeStatus,
  packValidity,
  quoteOf,
  roleName,
} from './citations.js';

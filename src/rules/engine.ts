/**
 * Evaluates rule packs: conditions, checks, materials, routes, scope, time limits, citations and
 * validity. Pure functions over pack data: no I/O, no clock (callers pass the date), no Lark, no DB.
 * Dates follow the counting convention of `../calendar.ts`.
 */
import { addDuration, chineseDate, parseLocalDate } from '../calendar.js';
import { articleLabel } from './articles.js';
import type {
  Article,
  ArticleNo,
  Condition,
  Duration,
  FactName,
  LocalDate,
  Material,
  Route,
  RouteStep,
  Role,
  RulePack,
  ScopeExclusion,
  TimeLimit,
  Trigger,
} from './types.js';

/** What is known about a project. A fact left out is unknown. */
export interface ProjectFacts {
  kind?: string;
  investmentWan?: number;
  fiscalFundsWan?: number;
  text?: string;
  isSoftwareDevelopment?: boolean;
  isNewApp?: boolean;
  hasExistingSystem?: boolean;
  budgetAdjustmentRatio?: number;
  adjustedTotalExceedsApproved?: boolean;
  adjustedContentRatio?: number;
  procurementStarted?: boolean;
  plansOwnHardware?: boolean;
  passedCryptoAssessment?: boolean;
  materials?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Conditions

/**
 * Phrases that, earlier in the same clause, negate what follows. Single characters such as 不 or
 * 无 would also hit 不动产 or 无线, so only whole negating phrases count, and 非 only right before
 * the keyword (非涉密).
 */
const NEGATION =
  /(不涉及|不含|不包含|不包括|不采购|不购置|不购买|不新建|不建设|不新增|不需要|不需|无需|无须|没有|并无|未涉及|未包含|不属于|不再)/;
const CLAUSE_END = /[，。；;,!！?？\n]/;

/**
 * True when `keyword` occurs in `text` at least once without a negation earlier in its clause:
 * "不涉及服务器、机房" mentions neither, "现有服务器不足，需采购服务器" mentions 服务器.
 */
export function mentionsAffirmatively(text: string, keyword: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(keyword, from);
    if (at < 0) return false;
    let start = at;
    while (start > 0 && !CLAUSE_END.test(text[start - 1]!)) start--;
    const before = text.slice(start, at);
    if (!NEGATION.test(before) && !before.endsWith('非')) return true;
    from = at + keyword.length;
  }
}

/**
 * Evaluates a condition. A comparison on an unknown fact is false (whatever the operator, `!=`
 * included), so `not` of it is true: packs write a check the way it should behave when the fact
 * is not known yet. On `materials` (a list), `==` means "includes" and `in` "includes one of".
 * `mentions` is a case-insensitive match on `text` that ignores negated mentions: "非涉密",
 * "不采购服务器", "无需新建机房" do not mention 涉密, 服务器, 机房 (see `mentionsAffirmatively`).
 */
export function evaluate(c: Condition, facts: ProjectFacts): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, facts));
  if ('any' in c) return c.any.some((x) => evaluate(x, facts));
  if ('not' in c) return !evaluate(c.not, facts);
  if ('mentions' in c) {
    const text = (facts.text ?? '').toLowerCase();
    return c.mentions.some((k) => k.length > 0 && mentionsAffirmatively(text, k.toLowerCase()));
  }
  if ('hasMaterial' in c) return (facts.materials ?? []).includes(c.hasMaterial);

  const actual = facts[c.fact];
  if (actual === undefined) return false;
  if (c.op === 'in') {
    const allowed = c.value as readonly string[];
    if (Array.isArray(actual)) return (actual as readonly string[]).some((a) => allowed.includes(a));
    return typeof actual === 'string' && allowed.includes(actual);
  }
  if (Array.isArray(actual)) {
    const has = (actual as readonly string[]).includes(String(c.value));
    if (c.op === '==') return has;
    if (c.op === '!=') return !has;
    return false;
  }
  const value = c.value;
  switch (c.op) {
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
    default:
      if (typeof actual !== 'number' || typeof value !== 'number') return false;
      if (c.op === '>=') return actual >= value;
      if (c.op === '>') return actual > value;
      if (c.op === '<=') return actual <= value;
      return actual < value;
  }
}

const FACT_LABELS: Record<FactName, string> = {
  kind: '项目类型',
  investmentWan: '投资额',
  fiscalFundsWan: '财政资金',
  text: '申报内容',
  isSoftwareDevelopment: '软件开发项目',
  isNewApp: '新建APP、小程序或公众号',
  hasExistingSystem: '基于已有系统建设',
  budgetAdjustmentRatio: '预算调整幅度',
  adjustedTotalExceedsApproved: '调整后总投资超出概算批复',
  adjustedContentRatio: '调整内容涉及资金占概算总投资的比例',
  procurementStarted: '已开始采购',
  plansOwnHardware: '自建机房、数据中心、大屏、服务器等硬件',
  passedCryptoAssessment: '通过密码应用安全性评估',
  materials: '已附材料',
};

/** How a boolean fact reads when it holds and when it does not. */
const BOOLEAN_PHRASES: Partial<Record<FactName, readonly [string, string]>> = {
  isSoftwareDevelopment: ['属于软件开发项目', '不属于软件开发项目'],
  isNewApp: ['新建APP、小程序或公众号', '不是新建APP、小程序或公众号'],
  hasExistingSystem: ['基于已有系统建设', '不基于已有系统建设'],
  passedCryptoAssessment: ['已通过密码应用安全性评估', '未通过密码应用安全性评估'],
  adjustedTotalExceedsApproved: ['调整后总投资超出概算批复', '调整后总投资未超出概算批复'],
  procurementStarted: ['已开始采购', '在采购前'],
  plansOwnHardware: [
    '拟自建或采购独立机房、数据中心、大屏、服务器等硬件设备',
    '不自建或采购独立机房、数据中心、大屏、服务器等硬件设备',
  ],
};

const OP_SYMBOLS = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=', '!=': '≠' } as const;
const NEGATED_OPS = { '>=': '<', '>': '<=', '<=': '>', '<': '>=', '==': '!=', '!=': '==' } as const;

function quoted(items: readonly string[], joiner = '或'): string {
  return items.map((s) => `“${s}”`).join(joiner);
}

function kindLabel(id: string, pack?: RulePack): string {
  return pack?.projectKinds.find((k) => k.id === id)?.label ?? id;
}

/** Every material of the pack (declaration and stage materials), by id. */
function findMaterial(pack: RulePack, id: string): Material | undefined {
  for (const k of pack.projectKinds) {
    const m = k.materials.find((x) => x.id === id);
    if (m) return m;
  }
  for (const s of pack.stages) {
    const m = s.materials.find((x) => x.id === id);
    if (m) return m;
  }
  return undefined;
}

function materialName(id: string, pack?: RulePack): string {
  return (pack && findMaterial(pack, id)?.name) ?? id;
}

function inNames(fact: FactName, values: readonly string[], pack?: RulePack): string[] {
  return values.map((v) => (fact === 'kind' ? kindLabel(v, pack) : fact === 'materials' ? materialName(v, pack) : v));
}

function formatValue(fact: FactName, value: number | string | boolean, pack?: RulePack): string {
  if (fact === 'investmentWan' || fact === 'fiscalFundsWan') return `${value}万元`;
  if ((fact === 'budgetAdjustmentRatio' || fact === 'adjustedContentRatio') && typeof value === 'number')
    return `${+(value * 100).toFixed(4)}%`;
  if (fact === 'kind') return `“${kindLabel(String(value), pack)}”`;
  if (fact === 'materials') return `“${materialName(String(value), pack)}”`;
  return typeof value === 'string' ? `“${value}”` : String(value);
}

/**
 * Renders a condition in Chinese: `投资额 ≥ 100万元`, `提及“服务器”或“机房”`,
 * `项目类型为“新建”且属于软件开发项目`. Pass the pack to name kinds and materials by label.
 */
export function describeCondition(c: Condition, pack?: RulePack): string {
  return describe(c, pack, false);
}

function describe(c: Condition, pack: RulePack | undefined, nested: boolean): string {
  const wrap = (s: string, parts: number) => (nested && parts > 1 ? `（${s}）` : s);
  if ('all' in c) return wrap(c.all.map((x) => describe(x, pack, true)).join('且'), c.all.length);
  if ('any' in c) return wrap(c.any.map((x) => describe(x, pack, true)).join('或'), c.any.length);
  if ('not' in c) return describeNot(c.not, pack);
  if ('mentions' in c) return `提及${quoted(c.mentions)}`;
  if ('hasMaterial' in c) return `已附${quoted([materialName(c.hasMaterial, pack)])}`;
  const label = FACT_LABELS[c.fact];
  if (c.op === 'in') {
    const names = inNames(c.fact, c.value, pack);
    if (c.fact === 'materials') return `已附${quoted(names)}之一`;
    return `${label}为${quoted(names)}`;
  }
  const phrases = BOOLEAN_PHRASES[c.fact];
  if (phrases && typeof c.value === 'boolean' && (c.op === '==' || c.op === '!=')) {
    return (c.value === true) === (c.op === '==') ? phrases[0] : phrases[1];
  }
  if (c.fact === 'kind' && (c.op === '==' || c.op === '!=')) {
    return `${label}${c.op === '==' ? '为' : '不为'}${formatValue('kind', c.value, pack)}`;
  }
  if (c.fact === 'materials' && (c.op === '==' || c.op === '!=')) {
    return `${c.op === '==' ? '已附' : '未附'}${formatValue('materials', c.value, pack)}`;
  }
  return `${label} ${OP_SYMBOLS[c.op]} ${formatValue(c.fact, c.value, pack)}`;
}

function describeNot(c: Condition, pack: RulePack | undefined): string {
  if ('not' in c) return describe(c.not, pack, false);
  if ('mentions' in c) return `未提及${quoted(c.mentions)}`;
  if ('hasMaterial' in c) return `未附${quoted([materialName(c.hasMaterial, pack)])}`;
  if ('fact' in c && c.op !== 'in')
    return describe({ fact: c.fact, op: NEGATED_OPS[c.op], value: c.value }, pack, false);
  if ('fact' in c && c.op === 'in') {
    const names = inNames(c.fact, c.value, pack);
    if (c.fact === 'materials') return `未附${quoted(names, '、')}中任何一项`;
    return `${FACT_LABELS[c.fact]}不是${quoted(names, '、')}中任何一种`;
  }
  return `并非（${describe(c, pack, false)}）`;
}

// ---------------------------------------------------------------------------------------------
// Checks, materials, routes, scope

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

// ---------------------------------------------------------------------------------------------
// Time limits

export interface Due {
  limit: TimeLimit;
  from: LocalDate;
  due: LocalDate;
  until?: LocalDate;
  provisional: boolean;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function quarterEnd(d: LocalDate): LocalDate {
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  const endMonth = Math.ceil(month / 3) * 3;
  const endDay = endMonth === 6 || endMonth === 9 ? 30 : 31;
  return `${year}-${pad(endMonth)}-${pad(endDay)}`;
}

/** The events a trigger counts from (several for “通过终验并投入运行后”); [] for dates of the year. */
export function triggerEvents(trigger: Trigger): string[] {
  if (trigger.kind === 'event') return [trigger.event, ...(trigger.alsoAfter ?? [])];
  if (trigger.kind === 'budget_year_end') return [trigger.event];
  return [];
}

/** The latest date of these events, or null when one of them is not known. */
export function latestOf(ids: readonly string[], events: Record<string, LocalDate>): LocalDate | null {
  let latest: LocalDate | null = null;
  for (const id of ids) {
    const d = events[id];
    if (d === undefined) return null;
    const day = parseLocalDate(d);
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

/**
 * The first day something may happen once `offset` has run from `from` (“试运行3个月后”, “满12个月
 * 后”): the day after the period ends. The event's own day is not counted (see `../calendar.ts`),
 * so 3 months from 1月10日 run to 4月10日 and the first day after them is 4月11日. With no
 * offset (“竣工验收后”), the event's day itself.
 */
export function firstDayAfter(from: LocalDate, offset: Duration): { date: LocalDate; provisional: boolean } {
  const end = addDuration(from, offset);
  if (offset.amount === 0) return end;
  return { date: addDuration(end.date, { amount: 1, unit: 'days' }).date, provisional: end.provisional };
}

/** The date a trigger starts counting from, or null when what it needs is not known. */
function triggerDate(trigger: Trigger, events: Record<string, LocalDate>, year?: number): LocalDate | null {
  switch (trigger.kind) {
    case 'event':
      return latestOf([trigger.event, ...(trigger.alsoAfter ?? [])], events);
    case 'annual': {
      const md = `${pad(trigger.month)}-${pad(trigger.day)}`;
      if (year !== undefined) return parseLocalDate(`${year}-${md}`);
      const asOf = events.asOf;
      if (asOf === undefined) return null;
      // Without a year: the next occurrence on or after asOf.
      const y = Number(parseLocalDate(asOf).slice(0, 4));
      const thisYear = `${y}-${md}`;
      return parseLocalDate(thisYear >= asOf ? thisYear : `${y + 1}-${md}`);
    }
    case 'quarterly': {
      const asOf = events.asOf;
      return asOf === undefined ? null : quarterEnd(parseLocalDate(asOf));
    }
    case 'budget_year_end': {
      const d = events[trigger.event];
      return d === undefined ? null : `${parseLocalDate(d).slice(0, 4)}-12-31`;
    }
  }
}

/**
 * When a time limit falls due.
 * - event: from = events[event], due = from + offset (window: until = from + until);
 * - annual: from = the date in `year` (without `year`: the next one on or after events.asOf),
 *   due = from + offset (offset is normally 0);
 * - quarterly: from = the end of the quarter containing events.asOf, due = from + offset;
 * - budget_year_end: from = Dec 31 of the year of events[event], due = from + offset.
 * Null when the trigger is not known. The limit's `when` is not evaluated here (see allDueDates).
 */
export function dueDate(pack: RulePack, limitId: string, events: Record<string, LocalDate>, year?: number): Due | null {
  const limit = pack.timeLimits.find((l) => l.id === limitId);
  if (!limit) throw new Error(`${pack.id}: no time limit "${limitId}"`);
  return dueOf(limit, events, year);
}

function dueOf(limit: TimeLimit, events: Record<string, LocalDate>, year?: number): Due | null {
  const from = triggerDate(limit.trigger, events, year);
  if (from === null) return null;
  // A "not before" limit and the opening of a window are the first day after the period.
  const due =
    limit.type === 'not_before' || limit.type === 'window'
      ? firstDayAfter(from, limit.offset)
      : addDuration(from, limit.offset);
  const result: Due = { limit, from, due: due.date, provisional: due.provisional };
  if (limit.until) {
    const until = addDuration(from, limit.until);
    result.until = until.date;
    result.provisional = result.provisional || until.provisional;
  }
  return result;
}

/**
 * Every time limit of the pack whose trigger is known, in pack order. With `facts`, limits whose
 * `when` does not hold for the project are left out.
 */
export function allDueDates(
  pack: RulePack,
  events: Record<string, LocalDate>,
  year?: number,
  facts?: ProjectFacts,
): Due[] {
  return pack.timeLimits
    .filter((l) => !facts || !l.when || evaluate(l.when, facts))
    .map((l) => dueOf(l, events, year))
    .filter((d): d is Due => d !== null);
}

const UNIT_NAMES = { working_days: '个工作日', days: '日', months: '个月', years: '年' } as const;

/** {10, working_days} → 10个工作日; {3, months} → 3个月; {30, days} → 30日; {2, years} → 2年. */
export function describeDuration(d: Duration): string {
  return `${d.amount}${UNIT_NAMES[d.unit]}`;
}

/** The point a trigger counts from, without a connector: “合同签订” / 每年10月1日 / 每季度末. */
function triggerAnchor(trigger: Trigger, pack?: RulePack): string {
  const event = (id: string) => `“${pack?.events.find((e) => e.id === id)?.label ?? id}”`;
  switch (trigger.kind) {
    case 'event':
      return trigger.alsoAfter?.length
        ? laterOfPhrase([trigger.event, ...trigger.alsoAfter], pack)
        : event(trigger.event);
    case 'annual':
      return `每年${trigger.month}月${trigger.day}日`;
    case 'quarterly':
      return '每季度末';
    case 'budget_year_end':
      return `${event(trigger.event)}所在预算年度结束（12月31日）`;
  }
}

/** `“通过终验”与“投入运行”中较晚者`: several events, of which the latest starts a clock. */
export function laterOfPhrase(ids: readonly string[], pack?: RulePack): string {
  const labels = ids.map((id) => `“${pack?.events.find((e) => e.id === id)?.label ?? id}”`);
  return `${labels.join('与')}中较晚者`;
}

/** Where the counting starts, in Chinese: `“合同签订”之日`, `每年10月1日`, `每季度末`. */
export function describeTrigger(trigger: Trigger, pack?: RulePack): string {
  const anchor = triggerAnchor(trigger, pack);
  return trigger.kind === 'event' ? `${anchor}之日` : anchor;
}

/** The kinds of time limit in Chinese, for docs. */
export const LIMIT_TYPE_NAMES = {
  deadline: '期限',
  not_before: '不早于',
  window: '期间',
  minimum: '最短期限',
} as const;

/**
 * A time limit in one line: `“合同签订”之日起10个工作日内`, `每年9月30日前`,
 * `“试运行开始”之日起满3个月后`, `“终验”之日起12个月至24个月之间`, `“终验”之日起不少于2年`.
 */
export function describeTimeLimit(limit: TimeLimit, pack?: RulePack): string {
  const anchor = triggerAnchor(limit.trigger, pack);
  const from = limit.trigger.kind === 'event' ? `${anchor}之日起` : `${anchor}后`;
  const o = describeDuration(limit.offset);
  switch (limit.type) {
    case 'deadline':
      // Zero after an event means "at the same time" (金寨 第十五条 同时备案); for a date, by that date.
      if (limit.offset.amount === 0) return limit.trigger.kind === 'event' ? `${anchor}时同时办理` : `${anchor}前`;
      return `${from}${o}内`;
    case 'not_before':
      return limit.offset.amount === 0 ? `${anchor}后方可` : `${from}满${o}后`;
    case 'window':
      return limit.until ? `${from}${o}至${describeDuration(limit.until)}之间` : `${from}满${o}后`;
    case 'minimum':
      return `${from}不少于${o}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Citations and validity

function articleOf(pack: RulePack, no: ArticleNo): Article {
  const a = pack.articles.find((x) => x.no === no);
  if (!a) throw new Error(`${pack.id}: no article ${articleLabel(no)} (${no})`);
  return a;
}

export function citation(pack: RulePack, article: number): { label: string; text: string; title: string } {
  const a = articleOf(pack, article);
  return { label: a.label, text: a.text, title: pack.identity.title };
}

export type ValidityStatus = 'in_force' | 'trial' | 'expired_trial' | 'draft' | 'not_yet_in_force';

/**
 * Whether the pack's document is in force on a date, with a Chinese note. `not_yet_in_force`
 * (a date before the document took effect) is the only status beyond the four in the brief.
 */
export function packValidity(pack: RulePack, on: LocalDate): { status: ValidityStatus; note: string } {
  const { title, status } = pack.identity;
  const day = parseLocalDate(on);
  const caveat = '以下规则仅供参考';
  switch (status.kind) {
    case 'draft':
      return { status: 'draft', note: `《${title}》为征求意见稿，尚未正式施行，${caveat}` };
    case 'in_force':
      if (day < status.since) {
        return {
          status: 'not_yet_in_force',
          note: `《${title}》自${chineseDate(status.since)}起施行，${chineseDate(day)}尚未施行，${caveat}`,
        };
      }
      return { status: 'in_force', note: `《${title}》自${chineseDate(status.since)}起施行，现行有效` };
    case 'trial': {
      const art = articleLabel(status.article);
      if (day < status.since) {
        return {
          status: 'not_yet_in_force',
          note: `《${title}》为试行办法，自${chineseDate(status.since)}起试行，${chineseDate(day)}尚未施行（${art}），${caveat}`,
        };
      }
      if (day > status.until) {
        return {
          status: 'expired_trial',
          note: `《${title}》为试行办法，有效期至${chineseDate(status.until)}，已过期（${art}），${caveat}`,
        };
      }
      return {
        status: 'trial',
        note: `《${title}》为试行办法，自${chineseDate(status.since)}起试行，有效期至${chineseDate(status.until)}（${art}）`,
      };
    }
  }
}

/** The document's validity without reference to a date, for docs: 试行，有效期至2025年5月8日（第四十三条）. */
export function describeStatus(pack: RulePack): string {
  const s = pack.identity.status;
  switch (s.kind) {
    case 'in_force':
      return `自${chineseDate(s.since)}起施行`;
    case 'trial':
      return `试行，自${chineseDate(s.since)}起，有效期至${chineseDate(s.until)}（${articleLabel(s.article)}）`;
    case 'draft':
      if (!s.note) return '征求意见稿，尚未施行';
      return s.note.startsWith('征求意见稿')
        ? s.note.replace(/[。；;]$/, '')
        : `征求意见稿：${s.note.replace(/[。；;]$/, '')}`;
  }
}

/**
 * `《title》第X条：“quote”`. Throws when the quote is not in the article (a pack error). When the
 * document is not in force — on `on` if given; a draft or trial pack otherwise — the validity is
 * added after the quote: `（注：该办法为试行办法，有效期至2025年5月8日，已过期（第四十三条），仅供参考）`.
 */
export function quoteOf(pack: RulePack, article: number, quote: string, on?: LocalDate): string {
  const a = articleOf(pack, article);
  if (!a.text.includes(quote)) throw new Error(`${pack.id}: ${a.label} does not contain “${quote}”`);
  const base = `《${pack.identity.title}》${a.label}：“${quote}”`;
  const note = validityCaveat(pack, on);
  return note ? `${base}（注：${note}）` : base;
}

function validityCaveat(pack: RulePack, on?: LocalDate): string | null {
  const s = pack.identity.status;
  if (on !== undefined) {
    const v = packValidity(pack, on);
    if (v.status === 'in_force') return null;
    return v.note.replace(`《${pack.identity.title}》`, '该办法').replace(/，以下规则仅供参考$/, '，仅供参考');
  }
  if (s.kind === 'draft') return '该办法为征求意见稿，尚未正式施行，仅供参考';
  if (s.kind === 'trial') return `该办法为试行办法，有效期至${chineseDate(s.until)}（${articleLabel(s.article)}）`;
  return null;
}

/** How the pack names a role: roleNames, or a generic name. */
export function roleName(pack: RulePack, role: Role): string {
  const generic: Record<Role, string> = {
    unit: '项目建设单位',
    reviewer: '主管部门',
    joint_reviewer: '会同审核部门',
    approver: '审批机关',
    finance: '财政部门',
    audit: '审计部门',
    leading_group: '领导小组',
  };
  return pack.roleNames[role] ?? generic[role];
}

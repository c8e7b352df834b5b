/**
 * The shape of a rule pack: one region's regulation as data.
 *
 * Every rule carries the article it rests on (`article`: the article number as an integer,
 * e.g. 17 for 第十七条) and, where it is a rule a user will be told, `quote`: the words of that
 * article it rests on, copied from the parsed article text (a test checks they are there). The pack's `articles` are parsed from the shipped text, so a citation can
 * always be turned into the quoted sentence. Nothing here does I/O: packs are pure data plus the
 * small condition language below, evaluated by `engine.ts`.
 */

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

/** An article number: 17 means 第十七条. */
export type ArticleNo = number;

export interface Article {
  no: ArticleNo;
  /** `第十七条` exactly as the law numbers it. */
  label: string;
  /** `第四章 项目验收和监督管理`, or '' when the text has no chapters. */
  chapter: string;
  /** Clean text of the article without its number, extraction artefacts repaired. */
  text: string;
}

/** Who acts. The organisation directory maps each role to offices and people per region. */
export type Role =
  | 'unit' // 项目建设单位
  | 'reviewer' // 审核/主管部门: 智慧办, 大数据局, 数据局, 政务信息管理局
  | 'joint_reviewer' // 会同审核: 网信办, 密码管理局, 档案局 …
  | 'approver' // 县/市政府, 发改委 (投资立项审批)
  | 'finance' // 财政局
  | 'audit' // 审计局
  | 'leading_group'; // 领导小组 (e.g. 数字牡丹区建设领导小组)

export type DocumentStatus =
  | { kind: 'in_force'; since: LocalDate }
  | { kind: 'trial'; since: LocalDate; until: LocalDate; article: ArticleNo }
  | { kind: 'draft'; note: string };

export interface PackIdentity {
  title: string; // 金寨县政务信息化项目管理办法（修订版）
  docNumber?: string; // 金政办秘〔2022〕46号
  /** 金寨县人民政府办公室; left out when the text names none (淮安's draft). */
  issuer?: string;
  issued?: LocalDate;
  status: DocumentStatus;
  replaces?: string;
}

/**
 * Facts about a project that conditions read. Field names are the engine's vocabulary (see
 * `ProjectFacts` in engine.ts); packs may only use these names.
 */
export type FactName =
  | 'kind' // project kind id of the pack
  | 'investmentWan' // total investment, 万元
  | 'fiscalFundsWan' // 财政资金 part, 万元
  | 'text' // name + description + free text of the declaration, for keyword conditions
  | 'isSoftwareDevelopment'
  | 'isNewApp' // a new APP / 小程序 / 公众号 client
  | 'hasExistingSystem' // builds on an already running system
  | 'budgetAdjustmentRatio' // |adjusted - approved| / approved, e.g. 0.12
  | 'adjustedTotalExceedsApproved' // an adjustment takes the total above the approved estimate (概算批复)
  | 'adjustedContentRatio' // 调整内容涉及资金数额 / 概算总投资, as the unit states it, e.g. 0.3
  | 'procurementStarted' // the adjustment comes after procurement began (not 采购前)
  | 'plansOwnHardware' // the unit plans to buy or build its own 机房、数据中心、大屏、服务器 …
  | 'passedCryptoAssessment' // 密码应用安全性评估 passed
  | 'materials'; // ids of the materials already attached

/** The small condition language packs use; `engine.ts` evaluates it and renders it in Chinese. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: FactName; op: '>=' | '>' | '<=' | '<' | '==' | '!='; value: number | string | boolean }
  | { fact: FactName; op: 'in'; value: readonly string[] }
  /** true when `text` contains any of the keywords */
  | { mentions: readonly string[] }
  /** true when the attached materials include this material id */
  | { hasMaterial: string };

/** Things the measures do not cover (涉密 everywhere; 牡丹区 第二条's list). */
export interface ScopeExclusion {
  id: string;
  label: string; // 涉密项目
  keywords: readonly string[];
  /**
   * The exclusion does not apply when this holds, although a keyword is mentioned (牡丹区: a 政务类
   * 小程序 is governed by 第十八条, not excluded as 新媒体 by 第二条).
   */
  unless?: Condition;
  article: ArticleNo;
  quote: string;
}

export interface Material {
  id: string;
  name: string; // 项目建设方案
  /** What it must contain, e.g. 建设方案 第八条: 软硬件基本情况、应用软件开发功能清单 … */
  contents?: readonly string[];
  /** Required only when this holds (e.g. existing systems must add an inventory). */
  when?: Condition;
  /** A precondition to declaring (牡丹区 事前绩效评估报告). */
  precondition?: boolean;
  article: ArticleNo;
  quote?: string;
}

export interface ProjectKind {
  id: string; // new_build | upgrade | expansion | operation | service_purchase | office_pc
  label: string; // 新建
  /** Materials for a declaration of this kind. */
  materials: readonly Material[];
  /** The approval route id used for this kind. */
  route: string;
  /** Form id, when the region prescribes a form for this kind (金寨 附件1/附件2). */
  form?: string;
  article: ArticleNo;
}

/**
 * What a route step asks of its office: `decide` (审核/批准: 同意, 退回修改 or 不同意), `notify` (the
 * regulation has the office tell the unit something, e.g. 金寨 第十条 “及时将审核意见反馈至建设单位”:
 * it is confirmed, never refused), `record_funding` (财政: the amount and channel arranged).
 */
export type RouteStepKind = 'decide' | 'notify' | 'record_funding';

export interface RouteStep {
  id: string;
  name: string; // 县智慧办审核
  role: Role;
  /** Default: `record_funding` for a step of the finance role alone, else `decide`. */
  kind?: RouteStepKind;
  /** Several roles acting in parallel (会同/联合审核); the step needs `mode` of them. */
  jointRoles?: readonly Role[];
  /** all = 会签 (every office), any = 或签 (one suffices). */
  mode: 'all' | 'any';
  /**
   * Which offices of a role act, by words of their names, where a role covers different bodies
   * (approver: 市政府 for 同意, 发改委 for 立项). Offices whose names contain none of the words are
   * left out; when none match, every office of the role acts.
   */
  officeNames?: Partial<Record<Role, readonly string[]>>;
  produces: string; // 书面审核意见 / 立项审核意见及投资额度建议 / 批复
  /** Skip this step when the condition holds (淮安 运维 projects skip 立项审批). */
  skipWhen?: Condition;
  article: ArticleNo;
  quote: string;
}

export interface Route {
  id: string;
  name: string;
  steps: readonly RouteStep[];
  /** Where a 退回修改 resubmission resumes. */
  resubmitFrom: 'start' | 'returning_step';
  article: ArticleNo;
}

/** Something that happens to a project and can start a clock. */
export interface LifecycleEvent {
  id: string; // contract_signed
  label: string; // 合同签订
  /**
   * A fact of the project this event establishes once reported, for the conditions that read it
   * (淮安: 密码应用安全性评估通过 → `passedCryptoAssessment`, which 竣工验收 requires, 第二十六条).
   */
  establishes?: { fact: FactName; value: boolean | number | string; article: ArticleNo };
}

export interface Stage {
  id: string; // final_acceptance
  name: string; // 终验
  /** The event reported when this stage is done. */
  completedBy: string;
  /** Materials this stage needs. */
  materials: readonly Material[];
  /** Must hold before the stage can be completed (e.g. passing 密评 before 淮安 acceptance). */
  requires?: readonly { condition: Condition; message: string; article: ArticleNo }[];
  /**
   * Reporting a later stage implies this one done (金寨 建设实施: 初验 means the building is over), so
   * the stage order does not ask for its own report first.
   */
  impliedByLater?: boolean;
  /** Earliest: event X plus an offset (金寨: 终验 only after 3 months of 试运行). */
  notBefore?: { event: string; offset: Duration; article: ArticleNo; alsoAfter?: readonly string[] };
  /** Happens beside the main line, without a place in its order (高平: 监理单位备案). */
  optional?: boolean;
  article: ArticleNo;
}

export type DurationUnit = 'working_days' | 'days' | 'months' | 'years';
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export type Trigger =
  /**
   * N after a lifecycle event of the project. With `alsoAfter`, the text names several events
   * (“通过终验并投入运行后”): the clock starts at the latest of them and not before all are known.
   */
  | { kind: 'event'; event: string; alsoAfter?: readonly string[] }
  /** Every year on a fixed date (金寨: 每年10月份前 → before 10-01). */
  | { kind: 'annual'; month: number; day: number }
  /** At the end of every quarter. */
  | { kind: 'quarterly' }
  /** After the end of the budget year in which an event happened. */
  | { kind: 'budget_year_end'; event: string };

export interface TimeLimit {
  id: string;
  /** What must be done, phrased for a reminder: 签订合同后报项目主管部门备案 */
  obligation: string;
  trigger: Trigger;
  /**
   * deadline: done within `offset` after the trigger (or by the annual date);
   * not_before: may only happen after `offset`;
   * window: between `offset` and `until`;
   * minimum: a period that must last at least `offset` (免费运维 ≥ 2 年).
   */
  type: 'deadline' | 'not_before' | 'window' | 'minimum';
  offset: Duration;
  until?: Duration;
  responsible: Role;
  /** Where the pack allows an extension, the article that allows it. */
  extensionArticle?: ArticleNo;
  /** Limits that do not apply to every project (e.g. only when construction is finished). */
  when?: Condition;
  article: ArticleNo;
  quote: string;
  /** Where the pack had to choose a reading of the text, what it chose and why. */
  note?: string;
}

/**
 * A duty the text states that has no clock, no check and no stage of its own (金寨 第七条: 年度
 * 计划报县财政局、县发改委备案; 高平 第三十二条: 应急预案并定期组织演练). Listed so that every
 * duty of the text is shown with its words.
 */
export interface Duty {
  id: string;
  /** What must be done, in a line. */
  obligation: string;
  responsible: Role;
  /** Other roles that share the duty (会同, 共同). */
  with?: readonly Role[];
  article: ArticleNo;
  quote: string;
  note?: string;
}

export interface Check {
  id: string;
  level: 'blocker' | 'warning';
  /** Raised when this holds. */
  when: Condition;
  message: string; // 项目投资额100万元以上的，应当委托工程监理
  article: ArticleNo;
  quote: string;
  /** Where the pack had to choose a reading of the text, what it chose and why. */
  note?: string;
}

export interface ConsequenceRung {
  rung: number; // 1 = 限期整改
  name: string; // 限期整改 / 暂缓安排投资计划 / 暂停 / 终止
  article: ArticleNo;
  quote: string;
  /**
   * Set when this consequence is not reached by escalating the rungs before it but follows
   * directly from the finding named here (淮安 第二十七条: 未提交验收备案 → 不予安排后续建设资金和
   * 运维经费; 第三十八条: 八种情形之一 → 不予安排后续建设及运维服务). Such entries come after the
   * ladder; `rung` then only orders them.
   */
  directFrom?: string;
}

/** A field of a prescribed form (金寨 附件1/附件2). */
export interface FormField {
  id: string;
  label: string; // 负 责 人 → 负责人
  type: 'text' | 'date' | 'money_wan' | 'money_yuan' | 'phone' | 'email' | 'month_range' | 'long_text' | 'integer';
  maxChars?: number;
  /** Stamp / signature cells left blank for the paper form. */
  stamp?: boolean;
}

export interface FormDefinition {
  id: string; // jinzhai-annex-1
  title: string; // 金寨县政务信息化建设项目申报表
  fields: readonly FormField[];
  /** Repeating line items (附件2: 采购品目, 规格型号, 数量, 单价, 金额). */
  lineItems?: { columns: readonly FormField[]; rows: number };
  notes: readonly string[]; // 说明 lines
  article: ArticleNo;
}

/**
 * Which version of a region's text a pack is. Regulations are revised: a revision is a new pack
 * (a new file beside the old one) that names the pack it `supersedes`. A project keeps the pack it
 * was declared under (its `policy`); new declarations take the region's version in force that day.
 * The effective dates are the identity's `status` (since/until).
 */
export interface PackVersion {
  /** 2023 / 2025-revision: how the version is named in docs. */
  label: string;
  /** The pack id of the version this one replaces. */
  supersedes?: string;
}

export interface RulePack {
  id: string; // jinzhai-2022
  version: PackVersion;
  /** `code` prefixes project numbers: JZ-2026-0007. */
  region: { id: string; name: string; code: string }; // { id: 'jinzhai', name: '金寨县', code: 'JZ' }
  identity: PackIdentity;
  articles: readonly Article[];
  forms: readonly FormDefinition[];
  scope: { exclusions: readonly ScopeExclusion[] };
  projectKinds: readonly ProjectKind[];
  routes: readonly Route[];
  /**
   * The route of a change (调整/变更) the pack says needs approval (`classifyAdjustment`), routed like
   * a declaration: 金寨 第十五条 向县政府申请调整; 高平 第十九条 主管部门综合评估后提出意见. Steps of
   * role `unit` are fulfilled by the unit's request. Without one, a change goes the way the
   * project's own declaration went (its kind's route).
   */
  changeRoute?: Route;
  events: readonly LifecycleEvent[];
  stages: readonly Stage[];
  timeLimits: readonly TimeLimit[];
  checks: readonly Check[];
  /** Duties of the text without a clock, check or stage of their own. */
  duties?: readonly Duty[];
  consequences: readonly ConsequenceRung[];
  /** How the pack names its offices in answers: { reviewer: '县智慧办', … }. */
  roleNames: Partial<Record<Role, string>>;
  /** Words this region's text uses interchangeably, for Q&A (终验/竣工验收 …). */
  synonyms?: readonly (readonly string[])[];
}

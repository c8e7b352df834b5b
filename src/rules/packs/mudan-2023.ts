/**
 * 牡丹区政务信息化项目管理办法（试行）, 菏区政办发〔2023〕17号 (山东省菏泽市牡丹区).
 *
 * Vocabulary of this text (第四条):
 * - 各政务部门（单位）= 项目建设单位 declares, procures, builds, accepts, runs and evaluates: `unit`.
 * - 数字牡丹区建设领导小组办公室（设在区大数据局）= 项目主管部门 (also 区大数据主管部门,
 *   区项目主管部门): 需求论证、方案评估、申报受理、立项评审、验收管理、绩效管理、备案: `reviewer`.
 * - 区发展和改革局 (政府投资) and 区行政审批服务局 (社会投资) do the 投资立项审批: `approver`;
 *   第十三条's 区领导 (重大追加项目) is `approver` too.
 * - 区财政局 (区财政部门): 预算评审、资金保障、政府采购监管: `finance`.
 * - 区审计局: `audit`. 数字牡丹区建设领导小组: `leading_group`.
 *
 * Interpretations (the text is silent or loose here):
 * - 第四条 gives 区发改局 the 投资立项审批 of projects 涉及政府投资. Buying services and paying for
 *   运行维护 are budget spending, not 政府投资 (fixed-asset investment, 《政府投资条例》第二条), so
 *   those kinds skip that step. The text does not place the step in time; it is put after the
 *   主管部门's 立项审核意见及投资额度建议 (第十条) and before the 财政 预算评审 (第十一条).
 * - 第八、九条 require the 事前绩效评估报告 for 新增 project spending. Every construction project is
 *   新增; a 运维 or 购买服务 declaration that continues an already budgeted item is not, and says so
 *   with the words “延续项目”.
 * - 第三十一条 counts the 自评价 window from “竣工验收并投入使用运行后”: from the later of
 *   `final_acceptance` and `operation_started`.
 * - 第二十一条: the unit may adjust and file only when the total stays within the approved
 *   estimate (`adjustedTotalExceedsApproved`), the content changed is ≤ 15 % of it
 *   (`adjustedContentRatio`, which the unit states: it is not the change of the total) and the
 *   change comes before procurement (`procurementStarted`); otherwise 项目变更手续.
 */
import { parseArticles } from '../articles.js';
import { text } from '../texts/mudan-2023.js';
import type { Condition, Material, ProjectKind, RulePack } from '../types.js';

/** The kinds that are construction (always 新增 spending and always 政府投资 or 社会投资 to approve). */
const CONSTRUCTION_KINDS = ['government_build', 'joint_build', 'urgent_addition'] as const;
/** Kinds that are spending, not investment: no 投资立项审批 (see the note above). */
const SPENDING_KINDS = ['operation', 'service_purchase'] as const;

const Q9_DECLARATION = '政务信息化项目申报内容原则上包括项目立项申请、项目建设方案和新增项目事前绩效评估报告';
const Q8_PRECONDITION = '出具评估报告，作为项目立项和预算申请的前置条件';
const Q8_GATE = '未开展事前绩效评估和绩效评估结果差的项目，不得进入立项评审程序，不得列入年度预算和中期财政规划';
const Q18_APP =
  '新建公共服务类、政务类APP和小程序，必须经项目主管部门审核同意，并依托“爱山东”“山东通”等统建平台开发建设';
const Q17_SUPERVISION =
  '100万元及以上的信息化项目应当实行工程监理制，建设单位应当按照信息工程监理有关规定，委托工程监理单位对项目建设进行工程监理；涉及软件开发的项目，应当提供检验检测机构出具的第三方软件验收测评报告';
const Q21_SELF_ADJUST =
  '项目投资规模未超出概算批复、建设目标不变，主要建设内容在采购前确需调整且调整内容涉及资金数额不超过概算总投资15%，并符合下列情形之一的，可以由项目建设单位调整，同时向项目主管部门备案';
/**
 * 第十七条: the test report is the second half of the sentence that begins “100万元及以上的信息化
 * 项目”, after a semicolon; the next sentence (100万元以下) does not repeat it. Read: software
 * projects of 100万元 and more.
 */
const SOFTWARE_TEST_REPORT_DUE: Condition = {
  all: [
    { fact: 'investmentWan', op: '>=', value: 100 },
    { fact: 'isSoftwareDevelopment', op: '==', value: true },
  ],
};
const Q17_READING =
  '第十七条把第三方软件验收测评报告写在“100万元及以上的信息化项目……”一句的分号之后，下一句“100万元以下的信息化项目”未再要求：按100万元及以上且涉及软件开发的项目要求。';
const Q25_MEASURES = '项目主管部门和财政部门依照有关规定可要求项目建设单位进行整改或暂停建设';
const Q30_NO_FUNDS = '对未经验收的项目，不得拨付后续建设资金和运行维护经费';
const Q29_NO_OM_FUNDS = '对于未按要求共享开放数据、不符合网络安全要求的政务信息化项目，不安排后续运行维护经费';

/** 第九条: 申报内容. */
const APPLICATION: Material = {
  id: 'project_application',
  name: '项目立项申请',
  article: 9,
  quote: Q9_DECLARATION,
};

/** 第六条: the 建设方案 and what it must state; 第九条 puts it in every declaration. */
const CONSTRUCTION_PLAN: Material = {
  id: 'construction_plan',
  name: '项目建设方案',
  contents: ['具体建设内容', '项目涉及的政务信息资源目录', '数据共享开放属性'],
  article: 6,
  quote: '明确具体建设内容，编制项目建设方案。项目建设方案应明确项目涉及的政务信息资源目录和数据共享开放属性',
};

/** 第八条: the 事前绩效评估报告 is the precondition of 立项 and 预算申请. */
const PRE_EVALUATION: Material = {
  id: 'pre_performance_evaluation_report',
  name: '事前绩效评估报告',
  precondition: true,
  article: 8,
  quote: Q8_PRECONDITION,
};

/** 第九条 only asks 新增项目 for it: a 延续 运维/购买服务 item is not 新增. */
const NOT_CONTINUING: Condition = { not: { mentions: ['延续项目'] } };
const PRE_EVALUATION_IF_NEW: Material = { ...PRE_EVALUATION, when: NOT_CONTINUING };

/** 第九条第二句: 跨部门、跨地域、跨层级 projects bring one plan made together. */
const JOINT_PLAN: Material = {
  id: 'joint_construction_plan',
  name: '项目牵头部门会同共建部门共同形成的项目建设方案',
  when: { mentions: ['跨部门', '跨地域', '跨层级', '多部门共建', '共建部门'] },
  article: 9,
  quote: '跨部门、跨地域、跨层级共建共享的政务信息化项目，应由项目牵头部门会同共建部门，共同形成项目建设方案',
};

/** 第三十六条: 在项目立项阶段 the unit explains how safe and reliable the products are. */
const SECURE_PRODUCTS: Material = {
  id: 'secure_product_statement',
  name: '产品安全可靠情况说明',
  contents: ['信息安全设备', '核心网络设备', '基础软件', '系统软件', '业务应用软件'],
  article: 36,
  quote: '在项目立项阶段，项目建设单位要对产品的安全可靠情况进行说明',
};

const CONSTRUCTION_MATERIALS: readonly Material[] = [
  APPLICATION,
  CONSTRUCTION_PLAN,
  PRE_EVALUATION,
  SECURE_PRODUCTS,
  JOINT_PLAN,
];
const SPENDING_MATERIALS: readonly Material[] = [APPLICATION, CONSTRUCTION_PLAN, PRE_EVALUATION_IF_NEW, JOINT_PLAN];

/** 第三十条: 运维经费 only for projects that passed acceptance. */
const ACCEPTANCE_REPORT: Material = {
  id: 'acceptance_report',
  name: '验收报告（项目已通过竣工验收）',
  article: 30,
  quote: Q30_NO_FUNDS,
};

/** 第十三条: 突发性或临时性 additions during the year. */
const URGENT_MATERIALS: readonly Material[] = [
  {
    id: 'party_committee_decision',
    name: '部门（单位）党委（党组）会集体研究意见',
    precondition: true,
    article: 13,
    quote: '急需申请追加的项目要经部门（单位）党委（党组）会集体研究',
  },
  {
    id: 'district_leader_consent',
    name: '区领导同意意见（重大项目）',
    when: { mentions: ['重大项目'] },
    precondition: true,
    article: 13,
    quote: '重大项目需经区领导同意',
  },
  ...CONSTRUCTION_MATERIALS,
];

/** 第二条 names four ways a 政务信息系统 is paid for; 第十三条 adds the in-year addition. */
const projectKinds: readonly ProjectKind[] = [
  {
    id: 'government_build',
    label: '政府投资建设',
    materials: CONSTRUCTION_MATERIALS,
    route: 'government_funded',
    article: 2,
  },
  {
    id: 'joint_build',
    label: '政府与社会企业联合建设（涉及社会投资）',
    materials: CONSTRUCTION_MATERIALS,
    route: 'joint_investment',
    article: 2,
  },
  {
    id: 'service_purchase',
    label: '政府向社会购买服务',
    materials: SPENDING_MATERIALS,
    route: 'government_funded',
    article: 2,
  },
  {
    id: 'operation',
    label: '需要政府资金运行维护',
    materials: [...SPENDING_MATERIALS, ACCEPTANCE_REPORT],
    route: 'government_funded',
    article: 2,
  },
  {
    id: 'urgent_addition',
    label: '突发性或临时性急需追加项目',
    materials: URGENT_MATERIALS,
    route: 'urgent_addition',
    article: 13,
  },
];

export const mudan2023: RulePack = {
  id: 'mudan-2023',
  version: { label: '2023年试行版' },
  region: { id: 'mudan', name: '牡丹区', code: 'MD' },
  identity: {
    title: '牡丹区政务信息化项目管理办法（试行）',
    docNumber: '菏区政办发〔2023〕17号',
    issuer: '菏泽市牡丹区人民政府办公室',
    issued: '2023-05-09',
    // 第四十三条: 自印发之日起施行，有效期两年. The day of issue (2023-05-09) is itself a day in
    // force, so the two years are 2023-05-09 … 2025-05-08; 05-09 would be two years and a day.
    status: { kind: 'trial', since: '2023-05-09', until: '2025-05-08', article: 43 },
  },
  articles: parseArticles(text),
  forms: [],
  scope: {
    exclusions: [
      {
        id: 'office_devices',
        label: '政务部门日常办公计算机、笔记本电脑、平板电脑、手机、打印机、复印机、传真机等通用设备的采购',
        keywords: [
          '办公计算机',
          '办公电脑',
          '台式机',
          '台式电脑',
          '笔记本电脑',
          '平板电脑',
          '打印机',
          '复印机',
          '传真机',
          '手机采购',
          '采购手机',
          '购置手机',
        ],
        article: 2,
        quote: '政务部门日常办公计算机、笔记本电脑、平板电脑、手机、打印机、复印机、传真机等通用设备的采购',
      },
      {
        id: 'new_media',
        label: '网站、公众号、小程序、抖音、微博等新媒体的建设运维',
        keywords: ['网站', '公众号', '小程序', '抖音', '微博', '新媒体'],
        // 第十八条 governs 新建公共服务类、政务类APP和小程序 (“必须经项目主管部门审核同意”): those are
        // in scope; only the 新媒体 channels of 第二条 are not.
        unless: {
          any: [
            { fact: 'isNewApp', op: '==', value: true },
            {
              mentions: ['政务类', '公共服务类', '政务服务', '公共服务', '爱山东', '山东通', '统建平台', 'APP', 'app'],
            },
          ],
        },
        article: 2,
        quote: '网站、公众号、小程序、抖音、微博等新媒体的建设运维',
      },
      {
        id: 'digital_art',
        label: '影视文化等数字艺术创意类产品和服务的策划、制作、发行',
        keywords: ['影视', '宣传片', '专题片', '微电影', '纪录片', '动漫', '动画', '数字艺术', '文化创意', '艺术创意'],
        article: 2,
        quote: '影视文化等数字艺术创意类产品和服务的策划、制作、发行',
      },
    ],
  },
  projectKinds,
  routes: [
    {
      id: 'government_funded',
      name: '财政资金项目申报审批',
      resubmitFrom: 'start',
      article: 4,
      steps: [
        {
          id: 'demand_review',
          name: '项目主管部门需求论证、方案评估、申报受理',
          role: 'reviewer',
          mode: 'all',
          produces: '申报受理（需求论证、方案评估意见）',
          article: 4,
          quote: '负责对区级政务信息化项目进行需求论证、方案评估、申报受理',
        },
        {
          id: 'project_review',
          name: '项目主管部门组织第三方机构集中立项评审',
          role: 'reviewer',
          mode: 'all',
          produces: '立项审核意见及投资额度建议（立项评审情况同时提交区财政部门）',
          article: 10,
          quote:
            '由项目主管部门组织第三方机构对项目建设单位申报的政务信息化项目建设必要性、技术可行性和预算合理性进行立项评审，并出具立项审核意见及投资额度建议',
        },
        {
          id: 'investment_approval',
          name: '区发展和改革局投资立项审批（涉及政府投资）',
          role: 'approver',
          officeNames: { approver: ['发展和改革', '发改'] },
          mode: 'all',
          produces: '投资立项批复',
          skipWhen: { fact: 'kind', op: 'in', value: SPENDING_KINDS },
          article: 4,
          quote: '区发展和改革局负责对涉及政府投资的政务信息化项目进行投资立项审批',
        },
        {
          id: 'budget_review',
          name: '区财政局预算评审',
          role: 'finance',
          mode: 'all',
          produces: '预算评审意见（反馈至项目主管部门及项目建设单位）',
          article: 11,
          quote: '区财政部门根据项目立项评审情况组织开展预算评审，并将评审意见反馈至项目主管部门及项目建设单位',
        },
        {
          id: 'annual_plan',
          name: '项目主管部门会同区财政局形成下一年度建设计划',
          role: 'reviewer',
          jointRoles: ['reviewer', 'finance'],
          mode: 'all',
          produces: '下一年度政务信息化项目建设计划（反馈至项目建设单位）',
          article: 12,
          quote:
            '项目主管部门根据项目立项评审、预算评审及预算安排意见形成下一年度政务信息化项目建设计划，并会同区财政部门将项目建设计划反馈至项目建设单位',
        },
        {
          id: 'city_filing',
          name: '区大数据局报市级项目主管部门备案',
          role: 'reviewer',
          mode: 'all',
          produces: '市级备案',
          article: 15,
          quote: '政务信息化项目由区大数据主管部门报市级项目主管部门备案',
        },
      ],
    },
    {
      id: 'joint_investment',
      name: '政府与社会企业联合建设项目申报审批',
      resubmitFrom: 'start',
      article: 4,
      steps: [
        {
          id: 'demand_review',
          name: '项目主管部门需求论证、方案评估、申报受理',
          role: 'reviewer',
          mode: 'all',
          produces: '申报受理（需求论证、方案评估意见）',
          article: 4,
          quote: '负责对区级政务信息化项目进行需求论证、方案评估、申报受理',
        },
        {
          id: 'project_review',
          name: '项目主管部门组织第三方机构集中立项评审',
          role: 'reviewer',
          mode: 'all',
          produces: '立项审核意见及投资额度建议（立项评审情况同时提交区财政部门）',
          article: 10,
          quote:
            '由项目主管部门组织第三方机构对项目建设单位申报的政务信息化项目建设必要性、技术可行性和预算合理性进行立项评审，并出具立项审核意见及投资额度建议',
        },
        {
          id: 'investment_approval',
          name: '区发展和改革局投资立项审批（政府投资部分）',
          role: 'approver',
          officeNames: { approver: ['发展和改革', '发改'] },
          mode: 'all',
          produces: '投资立项批复',
          skipWhen: { fact: 'fiscalFundsWan', op: '==', value: 0 },
          article: 4,
          quote: '区发展和改革局负责对涉及政府投资的政务信息化项目进行投资立项审批',
        },
        {
          id: 'social_investment_approval',
          name: '区行政审批服务局投资立项审批（社会投资部分）',
          role: 'approver',
          officeNames: { approver: ['行政审批'] },
          mode: 'all',
          produces: '投资立项审批意见',
          article: 4,
          quote: '区行政审批服务局负责对涉及社会投资的政务信息化项目进行投资立项审批',
        },
        {
          id: 'budget_review',
          name: '区财政局预算评审',
          role: 'finance',
          mode: 'all',
          produces: '预算评审意见（反馈至项目主管部门及项目建设单位）',
          skipWhen: { fact: 'fiscalFundsWan', op: '==', value: 0 },
          article: 11,
          quote: '区财政部门根据项目立项评审情况组织开展预算评审，并将评审意见反馈至项目主管部门及项目建设单位',
        },
        {
          id: 'annual_plan',
          name: '项目主管部门会同区财政局形成下一年度建设计划',
          role: 'reviewer',
          jointRoles: ['reviewer', 'finance'],
          mode: 'all',
          produces: '下一年度政务信息化项目建设计划（反馈至项目建设单位）',
          skipWhen: { fact: 'fiscalFundsWan', op: '==', value: 0 },
          article: 12,
          quote:
            '项目主管部门根据项目立项评审、预算评审及预算安排意见形成下一年度政务信息化项目建设计划，并会同区财政部门将项目建设计划反馈至项目建设单位',
        },
        {
          id: 'city_filing',
          name: '区大数据局报市级项目主管部门备案',
          role: 'reviewer',
          mode: 'all',
          produces: '市级备案',
          article: 15,
          quote: '政务信息化项目由区大数据主管部门报市级项目主管部门备案',
        },
      ],
    },
    {
      id: 'urgent_addition',
      name: '突发性或临时性急需追加项目审核',
      resubmitFrom: 'start',
      article: 13,
      steps: [
        {
          id: 'collective_decision',
          name: '部门（单位）党委（党组）会集体研究',
          role: 'unit',
          mode: 'all',
          produces: '集体研究意见',
          article: 13,
          quote: '急需申请追加的项目要经部门（单位）党委（党组）会集体研究',
        },
        {
          id: 'district_leader_consent',
          name: '区领导同意（重大项目）',
          role: 'approver',
          officeNames: { approver: ['政府', '区领导'] },
          mode: 'all',
          produces: '区领导同意意见',
          // The text does not define 重大项目; the declaration says so in its own words.
          skipWhen: { not: { mentions: ['重大项目'] } },
          article: 13,
          quote: '重大项目需经区领导同意',
        },
        {
          id: 'joint_review',
          name: '项目主管部门、区财政局审核',
          role: 'reviewer',
          jointRoles: ['reviewer', 'finance'],
          mode: 'all',
          produces: '审核意见，纳入本年度项目建设计划',
          article: 13,
          quote: '经项目主管部门、区财政部门审核后，纳入本年度项目建设计划',
        },
        {
          id: 'city_filing',
          name: '区大数据局报市级项目主管部门备案',
          role: 'reviewer',
          mode: 'all',
          produces: '市级备案',
          article: 15,
          quote: '政务信息化项目由区大数据主管部门报市级项目主管部门备案',
        },
      ],
    },
  ],
  // 第二十一条 only says a change beyond what the unit may file needs 项目变更手续; it goes back to
  // the bodies that approved the project: the 项目主管部门 (第十六条 报批或者备案) and the
  // 投资立项 approver of 第四条, as the declaration routes have them.
  changeRoute: {
    id: 'project_change',
    name: '项目变更手续',
    resubmitFrom: 'start',
    article: 21,
    steps: [
      {
        id: 'change_review',
        name: '项目主管部门审核项目变更',
        role: 'reviewer',
        mode: 'all',
        produces: '变更审核意见',
        article: 16,
        quote: '各部门（单位）所有政务信息化项目，均应当在区项目主管部门报批或者备案',
      },
      {
        id: 'change_investment_approval',
        name: '区发展和改革局审批项目变更（涉及政府投资）',
        role: 'approver',
        officeNames: { approver: ['发展和改革', '发改'] },
        mode: 'all',
        produces: '项目变更批复',
        skipWhen: {
          any: [
            { fact: 'kind', op: 'in', value: SPENDING_KINDS },
            {
              all: [
                { fact: 'kind', op: '==', value: 'joint_build' },
                { fact: 'fiscalFundsWan', op: '==', value: 0 },
              ],
            },
          ],
        },
        article: 21,
        quote: '项目建设单位应严格按照项目审批部门批复的建设方案和投资预算实施项目建设',
      },
      {
        id: 'change_social_investment_approval',
        name: '区行政审批服务局审批项目变更（涉及社会投资）',
        role: 'approver',
        officeNames: { approver: ['行政审批'] },
        mode: 'all',
        produces: '项目变更审批意见',
        skipWhen: { not: { fact: 'kind', op: '==', value: 'joint_build' } },
        article: 4,
        quote: '区行政审批服务局负责对涉及社会投资的政务信息化项目进行投资立项审批',
      },
    ],
  },

  events: [
    { id: 'declared', label: '项目申报' },
    { id: 'project_library_listed', label: '列入政务信息化项目库' },
    { id: 'approved', label: '项目立项' },
    { id: 'responsibility_letter_signed', label: '签订《项目建设主体责任书》' },
    { id: 'funds_allocated', label: '项目资金下达' },
    // 第二十一条 lets the unit adjust only 在采购前: once a contract is signed, procurement is past.
    {
      id: 'contract_signed',
      label: '签订正式采购合同',
      establishes: { fact: 'procurementStarted', value: true, article: 21 },
    },
    { id: 'construction_completed', label: '完成项目建设任务' },
    { id: 'data_resource_audited', label: '通过数据资源审核' },
    { id: 'acceptance_extension_requested', label: '提出延期验收申请' },
    { id: 'final_acceptance', label: '竣工验收' },
    { id: 'acceptance_report_filed', label: '验收报告报项目主管部门备案' },
    { id: 'operation_started', label: '投入使用运行' },
    { id: 'self_evaluation_submitted', label: '报送项目自评价报告' },
  ],
  stages: [
    {
      id: 'declaration',
      name: '项目申报',
      completedBy: 'declared',
      materials: [],
      article: 9,
    },
    {
      id: 'project_library',
      name: '列入项目库',
      completedBy: 'project_library_listed',
      materials: [],
      article: 12,
    },
    {
      id: 'approval',
      name: '立项评审和审批',
      completedBy: 'approved',
      materials: [],
      requires: [
        {
          condition: {
            any: [
              { hasMaterial: 'pre_performance_evaluation_report' },
              { all: [{ fact: 'kind', op: 'in', value: SPENDING_KINDS }, { not: NOT_CONTINUING }] },
            ],
          },
          message: '新增项目未开展事前绩效评估的，不得进入立项评审程序',
          article: 8,
        },
      ],
      article: 10,
    },
    {
      id: 'responsibility_letter',
      name: '签订《项目建设主体责任书》',
      completedBy: 'responsibility_letter_signed',
      materials: [
        {
          id: 'responsibility_letter',
          name: '《项目建设主体责任书》',
          contents: ['项目建设主体责任', '数据共享主体责任', '资金使用主体责任', '绩效管理主体责任'],
          article: 14,
          quote:
            '项目立项后项目建设单位应签订《项目建设主体责任书》，明确项目建设、数据共享、资金使用、绩效管理主体责任',
        },
      ],
      notBefore: { event: 'approved', offset: { amount: 0, unit: 'days' }, article: 14 },
      article: 14,
    },
    {
      id: 'procurement',
      name: '采购和合同签订',
      completedBy: 'contract_signed',
      materials: [
        {
          id: 'procurement_contract',
          name: '正式采购合同及相关资料（报项目主管部门备案）',
          article: 22,
          quote: '项目建设单位签订正式采购合同10个工作日内，应将相关资料向项目主管部门备案',
        },
        {
          id: 'supervision_contract',
          name: '工程监理委托合同',
          when: { fact: 'investmentWan', op: '>=', value: 100 },
          article: 17,
          quote: '委托工程监理单位对项目建设进行工程监理',
        },
      ],
      article: 22,
    },
    {
      id: 'construction',
      name: '项目建设',
      completedBy: 'construction_completed',
      materials: [
        {
          id: 'electronic_archive',
          name: '项目电子档案（向项目主管部门备案）',
          article: 24,
          quote: '形成完整规范的档案，并将电子档案及时向项目主管部门备案',
        },
      ],
      requires: [
        {
          condition: {
            any: [{ not: { fact: 'investmentWan', op: '>=', value: 100 } }, { hasMaterial: 'supervision_contract' }],
          },
          message: '100万元及以上的信息化项目应当实行工程监理制，委托工程监理单位对项目建设进行工程监理',
          article: 17,
        },
      ],
      article: 17,
    },
    {
      id: 'data_resource_audit',
      name: '数据资源审核',
      completedBy: 'data_resource_audited',
      materials: [
        {
          id: 'data_resource_audit_opinion',
          name: '项目主管部门数据资源审核意见（审核通过）',
          article: 27,
          quote: '项目验收前，所有产生数据资源的项目需经项目主管部门进行数据资源审核',
        },
      ],
      article: 27,
    },
    {
      id: 'final_acceptance',
      name: '竣工验收',
      completedBy: 'final_acceptance',
      materials: [
        {
          id: 'acceptance_report',
          name: '验收报告（项目已通过竣工验收）',
          article: 28,
          quote: '并将验收报告等材料报项目主管部门备案',
        },
        {
          id: 'software_acceptance_test_report',
          name: '检验检测机构出具的第三方软件验收测评报告（100万元及以上涉及软件开发的项目）',
          when: SOFTWARE_TEST_REPORT_DUE,
          article: 17,
          quote: Q17_SUPERVISION,
        },
      ],
      requires: [
        {
          condition: { hasMaterial: 'data_resource_audit_opinion' },
          message:
            '项目验收前，所有产生数据资源的项目需经项目主管部门进行数据资源审核；未进行数据资源审核以及审核不通过的项目不得验收',
          article: 27,
        },
        {
          condition: { any: [{ not: SOFTWARE_TEST_REPORT_DUE }, { hasMaterial: 'software_acceptance_test_report' }] },
          message: '100万元及以上的信息化项目涉及软件开发的，应当提供检验检测机构出具的第三方软件验收测评报告',
          article: 17,
        },
      ],
      notBefore: { event: 'construction_completed', offset: { amount: 0, unit: 'days' }, article: 28 },
      article: 28,
    },
    {
      id: 'acceptance_filing',
      name: '验收报告备案',
      completedBy: 'acceptance_report_filed',
      materials: [],
      notBefore: { event: 'final_acceptance', offset: { amount: 0, unit: 'days' }, article: 28 },
      article: 28,
    },
    {
      id: 'operation',
      name: '投入使用运行',
      completedBy: 'operation_started',
      materials: [
        {
          id: 'data_platform_integration',
          name: '系统数据纳入区一体化大数据平台情况',
          article: 32,
          quote: '项目建成后应将系统数据纳入区一体化大数据平台',
        },
      ],
      article: 32,
    },
    {
      id: 'self_evaluation',
      name: '项目自评价',
      completedBy: 'self_evaluation_submitted',
      materials: [
        {
          id: 'self_evaluation_report',
          name: '项目自评价报告',
          article: 31,
          quote: '并将自评价报告报送项目主管部门',
        },
      ],
      notBefore: {
        event: 'final_acceptance',
        alsoAfter: ['operation_started'],
        offset: { amount: 12, unit: 'months' },
        article: 31,
      },
      article: 31,
    },
  ],
  timeLimits: [
    {
      id: 'project_library_listing',
      obligation: '申请下一年度预算的项目应在预算年度开始前（12月31日前）列入政务信息化项目库',
      trigger: { kind: 'annual', month: 12, day: 31 },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      // 除突发性或临时性急需开支外 (第十三条's additions are budgeted in the year).
      when: { not: { fact: 'kind', op: '==', value: 'urgent_addition' } },
      article: 12,
      quote: '所有申请预算的项目都应在预算年度开始前列入项目库',
    },
    {
      id: 'contract_filing',
      obligation: '签订正式采购合同后将相关资料报项目主管部门备案',
      trigger: { kind: 'event', event: 'contract_signed' },
      type: 'deadline',
      offset: { amount: 10, unit: 'working_days' },
      responsible: 'unit',
      article: 22,
      quote: '项目建设单位签订正式采购合同10个工作日内，应将相关资料向项目主管部门备案',
    },
    {
      id: 'quarterly_progress_report',
      obligation: '向项目主管部门报送本季度项目建设进度和资金执行情况',
      trigger: { kind: 'quarterly' },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      article: 23,
      quote: '每季度末向项目主管部门报送项目建设进度和资金执行情况',
    },
    {
      id: 'in_year_spending',
      obligation: '项目资金原则上应于下达当年形成支出，结转结余资金按照有关规定执行',
      trigger: { kind: 'budget_year_end', event: 'funds_allocated' },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      article: 23,
      quote: '原则上应于当年形成支出，结转结余资金按照有关规定执行',
    },
    {
      id: 'final_acceptance',
      obligation:
        '完成项目建设任务后开展竣工验收，并将验收报告等材料报项目主管部门备案（未能按期验收的，向项目主管部门提出延期验收申请）',
      trigger: { kind: 'event', event: 'construction_completed' },
      type: 'deadline',
      offset: { amount: 6, unit: 'months' },
      responsible: 'unit',
      extensionArticle: 30,
      article: 28,
      quote:
        '项目建设单位应当在完成项目建设任务半年内，按照国家、省、市及区相关规定开展竣工验收工作，并将验收报告等材料报项目主管部门备案',
    },
    {
      id: 'self_evaluation',
      obligation: '竣工验收并投入使用运行后12至24个月内开展项目自评价，并将自评价报告报送项目主管部门',
      trigger: { kind: 'event', event: 'final_acceptance', alsoAfter: ['operation_started'] },
      type: 'window',
      offset: { amount: 12, unit: 'months' },
      until: { amount: 24, unit: 'months' },
      responsible: 'unit',
      article: 31,
      quote: '项目建设单位应在竣工验收并投入使用运行后12至24个月内开展项目自评价，并将自评价报告报送项目主管部门',
      note: '“竣工验收并投入使用运行后”：两件事都发生之后才起算，即从两者中较晚的一个起算。',
    },
  ],
  checks: [
    {
      id: 'pre_evaluation_missing',
      level: 'blocker',
      when: {
        all: [
          { not: { hasMaterial: 'pre_performance_evaluation_report' } },
          { any: [{ fact: 'kind', op: 'in', value: CONSTRUCTION_KINDS }, NOT_CONTINUING] },
        ],
      },
      message:
        '新增项目须先开展事前绩效评估并出具评估报告（项目立项和预算申请的前置条件）；未开展事前绩效评估的项目不得进入立项评审程序，不得列入年度预算和中期财政规划',
      article: 8,
      quote: Q8_GATE,
    },
    {
      id: 'supervision_required',
      level: 'warning',
      when: {
        all: [{ fact: 'investmentWan', op: '>=', value: 100 }, { not: { hasMaterial: 'supervision_contract' } }],
      },
      message:
        '100万元及以上的信息化项目应当实行工程监理制，委托工程监理单位对项目建设进行工程监理（建设阶段须附工程监理委托合同）',
      article: 17,
      quote:
        '100万元及以上的信息化项目应当实行工程监理制，建设单位应当按照信息工程监理有关规定，委托工程监理单位对项目建设进行工程监理',
    },
    {
      id: 'supervision_optional',
      level: 'warning',
      when: { all: [{ fact: 'investmentWan', op: '<', value: 100 }, { not: { hasMaterial: 'supervision_contract' } }] },
      message:
        '100万元以下的项目应视项目情况设置监理机构；不设置监理机构的，由项目建设单位承担质量控制、流程监管和验收责任',
      article: 17,
      quote:
        '100万元以下的信息化项目，建设单位应视项目情况设置监理机构。不设置监理机构的，由项目建设单位承担质量控制、流程监管和验收责任',
    },
    {
      id: 'software_test_report',
      level: 'warning',
      when: { all: [SOFTWARE_TEST_REPORT_DUE, { not: { hasMaterial: 'software_acceptance_test_report' } }] },
      message: '100万元及以上的信息化项目涉及软件开发的，验收时应当提供检验检测机构出具的第三方软件验收测评报告',
      article: 17,
      quote: Q17_SUPERVISION,
      note: Q17_READING,
    },
    {
      id: 'new_app_platform',
      level: 'warning',
      when: {
        all: [{ fact: 'isNewApp', op: '==', value: true }, { not: { mentions: ['爱山东', '山东通', '统建平台'] } }],
      },
      message:
        '新建公共服务类、政务类APP和小程序必须依托“爱山东”“山东通”等统建平台开发建设：申报内容未写明依托的统建平台，请审核人员核实',
      article: 18,
      quote: Q18_APP,
      note: '“等统建平台”：“爱山东”“山东通”是举例，依托其他统建平台亦可；申报内容只能从字面判断，故为提醒而非阻断。',
    },
    {
      id: 'new_app_consent',
      level: 'warning',
      when: { fact: 'isNewApp', op: '==', value: true },
      message: '新建公共服务类、政务类APP和小程序必须经项目主管部门审核同意',
      article: 18,
      quote: Q18_APP,
    },
    {
      id: 'city_brain_platform',
      level: 'warning',
      when: {
        all: [
          { mentions: ['指挥调度', '态势运行', '辅助决策', '智能算法'] },
          { not: { mentions: ['城市大脑', '一网统揽', '综合慧治'] } },
        ],
      },
      message: '指挥调度、态势运行、辅助决策、智能算法应用等场景的项目应依托一网统揽综合慧治平台暨城市大脑平台建设',
      article: 18,
      quote: '指挥调度、态势运行、辅助决策、智能算法应用等相关场景的项目应依托一网统揽综合慧治平台暨城市大脑平台建设',
    },
    {
      id: 'government_cloud',
      level: 'warning',
      when: {
        all: [{ mentions: ['服务器', '机房', '存储设备', '本地部署'] }, { not: { mentions: ['政务云'] } }],
      },
      message:
        '按照“上云为常态，不上云为例外”原则，非涉密政务信息系统应当充分依托市政务云平台建设；自建服务器、机房须说明不上云的理由',
      article: 18,
      quote: '按照“上云为常态，不上云为例外”原则，项目建设单位应当充分依托市政务云平台开展非涉密政务信息系统建设',
    },
    {
      id: 'adjustment_exceeds_estimate',
      level: 'blocker',
      when: { fact: 'adjustedTotalExceedsApproved', op: '==', value: true },
      message: '调整后总投资超出概算批复的，不能由项目建设单位自行调整，应当履行项目变更手续',
      article: 21,
      quote: Q21_SELF_ADJUST,
    },
    {
      id: 'adjustment_after_procurement',
      level: 'blocker',
      when: { fact: 'procurementStarted', op: '==', value: true },
      message: '本办法只允许主要建设内容在采购前由项目建设单位调整；已开始采购后再调整的，应当履行项目变更手续',
      article: 21,
      quote: Q21_SELF_ADJUST,
    },
    {
      id: 'budget_adjustment_over_limit',
      level: 'blocker',
      when: { fact: 'adjustedContentRatio', op: '>', value: 0.15 },
      message: '调整内容涉及资金数额超过概算总投资15%的，不能由项目建设单位自行调整，应当履行项目变更手续',
      article: 21,
      quote: Q21_SELF_ADJUST,
      note: '15%是“调整内容涉及资金数额”占概算总投资的比例（由项目建设单位填报），不是总投资的增减幅度：总投资不变而调整了30%的内容，同样超过15%。',
    },
    {
      id: 'budget_adjustment_within_limit',
      level: 'warning',
      when: {
        all: [
          { fact: 'adjustedTotalExceedsApproved', op: '==', value: false },
          { fact: 'procurementStarted', op: '==', value: false },
          { fact: 'adjustedContentRatio', op: '<=', value: 0.15 },
        ],
      },
      message:
        '调整后总投资未超出概算批复、在采购前调整、调整内容涉及资金数额不超过概算总投资15%：还须建设目标不变，且属于第二十一条所列三种情形之一，方可由项目建设单位自行调整，同时向项目主管部门备案；不符合上述情形的，应当履行项目变更手续',
      article: 21,
      quote: Q21_SELF_ADJUST,
    },
    {
      id: 'cross_department_mechanism',
      level: 'warning',
      when: { mentions: ['跨部门', '多部门共建', '共建部门'] },
      message:
        '多部门共建的项目，牵头部门要会同共建部门建立跨部门的工作协调机制和共建共享机制，确定业务协同关系、建设范围、数据共享需求和责任义务',
      article: 19,
      quote: '项目牵头部门要会同共建部门，组织建立跨部门的工作协调机制和共建共享机制',
    },
    {
      id: 'city_county_coordination',
      level: 'warning',
      when: { mentions: ['市县协同', '市区协同', '市县区协同', '市级统建'] },
      message:
        '市和县、区协同建设的项目应根据事权划分确定建设内容和运维资金；需区承担的建设资金、运维经费列入同级财政预算',
      article: 20,
      quote: '需区承担的建设资金、运维经费列入同级财政预算',
    },
    {
      id: 'operation_without_acceptance',
      level: 'blocker',
      when: { all: [{ fact: 'kind', op: '==', value: 'operation' }, { not: { hasMaterial: 'acceptance_report' } }] },
      message: '未经验收的项目，不得拨付后续建设资金和运行维护经费',
      article: 30,
      quote: Q30_NO_FUNDS,
    },
    {
      id: 'operation_data_security',
      level: 'warning',
      when: { fact: 'kind', op: '==', value: 'operation' },
      message: '未按要求共享开放数据、不符合网络安全要求的项目，不安排后续运行维护经费',
      article: 29,
      quote: Q29_NO_OM_FUNDS,
    },
    {
      id: 'crypto_assessment',
      level: 'warning',
      when: { fact: 'passedCryptoAssessment', op: '==', value: false },
      message: '项目未通过密码应用安全性评估：项目国产密码应用和安全性评估由密码管理部门监督管理，请告知密码管理部门',
      article: 39,
      quote: '密码管理部门负责对项目国产密码应用和安全性评估进行监督管理',
      note: '第三十九条只规定由密码管理部门监督管理，本办法未规定未通过评估的后果或整改义务。',
    },
    {
      id: 'classified_review',
      level: 'warning',
      when: { mentions: ['涉密', '国家秘密', '保密业务'] },
      message:
        '涉密政务信息化项目有关事宜由区国家保密局审查确认，实施情况由其保密督查；涉及保密业务的项目由国家保密部门监督管理',
      article: 4,
      quote: '区国家保密局负责涉密政务信息化项目有关事宜的审查确认和实施情况的保密督查',
      note: '本办法不排除涉密项目（第四条、第三十九条交由保密部门审查和监督），故为提醒而非不适用。',
    },
  ],
  duties: [
    {
      id: 'serious_delay_report',
      obligation: '项目建设过程中出现工程严重逾期、投资重大损失等情形的，及时向项目主管部门和财政部门报告',
      responsible: 'unit',
      article: 25,
      quote: '项目建设过程中出现工程严重逾期、投资重大损失等情形的，项目建设单位应及时向项目主管部门和财政部门报告',
    },
  ],
  // The text has no general escalation ladder: 第二十五条's 整改或暂停建设 answers 工程严重逾期、
  // 投资重大损失 (one or the other, not one after the other); every consequence follows directly
  // from what it names.
  consequences: [
    {
      rung: 1,
      name: '要求整改或暂停建设',
      article: 25,
      quote: Q25_MEASURES,
      directFrom:
        '项目建设过程中出现工程严重逾期、投资重大损失等情形（项目建设单位应及时向项目主管部门和财政部门报告）',
    },
    {
      rung: 2,
      name: '立即暂停运行并限期整改',
      article: 29,
      quote: '对于存在重大安全隐患的政务信息化项目，应立即暂停运行并限期整改',
      directFrom: '政务信息化项目存在重大安全隐患',
    },
    {
      rung: 3,
      name: '不得进入立项评审程序，不得列入年度预算和中期财政规划',
      article: 8,
      quote: Q8_GATE,
      directFrom: '新增项目未开展事前绩效评估或绩效评估结果差',
    },
    {
      rung: 4,
      name: '原则上不予审批',
      article: 10,
      quote: '对于未列入部门年度建设计划的项目，原则上不予审批',
      directFrom: '项目未列入部门年度建设计划',
    },
    {
      rung: 5,
      name: '原则上不安排预算',
      article: 12,
      quote: '除突发性或临时性急需开支外，未列入项目库的项目原则上不安排预算',
      directFrom: '项目未列入项目库（突发性或临时性急需开支除外）',
    },
    {
      rung: 6,
      name: '不安排后续运行维护经费',
      article: 29,
      quote: Q29_NO_OM_FUNDS,
      directFrom: '未按要求共享开放数据、不符合网络安全要求',
    },
    {
      rung: 7,
      name: '不得拨付后续建设资金和运行维护经费',
      article: 30,
      quote: Q30_NO_FUNDS,
      directFrom: '项目未经验收',
    },
    {
      rung: 8,
      name: '由有关部门按照相关规定予以查处',
      article: 41,
      quote: '相关部门、单位或者个人违反信息化建设资金使用有关规定，由有关部门按照相关规定予以查处',
      directFrom: '违反信息化建设资金使用有关规定（含资金用于其他支出）',
    },
    {
      rung: 9,
      name: '相关负有责任的人员依法给予处分',
      article: 41,
      quote:
        '单位或者个人违反本办法规定造成项目建设严重超概算、质量低劣、损失浪费、安全事故或者其他责任事故的，相关负有责任的人员应依法给予处分',
      directFrom: '违反本办法规定造成项目建设严重超概算、质量低劣、损失浪费、安全事故或者其他责任事故',
    },
  ],
  roleNames: {
    unit: '项目建设单位',
    reviewer: '区大数据局（项目主管部门）',
    approver: '区发展和改革局（政府投资）/区行政审批服务局（社会投资）',
    finance: '区财政局',
    audit: '区审计局',
    leading_group: '数字牡丹区建设领导小组',
  },
  synonyms: [
    ['项目主管部门', '区项目主管部门', '区大数据主管部门', '区大数据局', '数字牡丹区建设领导小组办公室'],
    ['区财政局', '区财政部门', '财政部门'],
    ['区发展和改革局', '区发改局'],
    ['区审计局', '审计部门'],
    ['区国家保密局', '国家保密部门'],
    ['区密码管理部门', '密码管理部门'],
    ['项目建设单位', '建设单位', '政务部门（单位）'],
    ['竣工验收', '验收'],
    ['立项评审', '立项审核'],
    ['政务信息化项目', '信息化项目'],
  ],
};

/**
 * 淮安市市级政务信息化项目建设管理办法（征求意见稿）— a draft for comment, undated, citing
 * 苏政办发〔2024〕38号. Once issued it takes effect on issue (第四十一条) and repeals
 * 淮政办发〔2022〕25号. Until then nothing here is in force: answers must say it is a draft.
 *
 * Reading notes (where the text needs interpretation, see also the test file):
 * - 第六条 "每年9月中旬前": 中旬 is the 11th–20th; the annual plan date is read as 09-15, the middle
 *   of 中旬 (a reminder on the safe side of the latest reading, 09-20).
 * - 第七条 puts 运维 with 政府购买服务 for the plan declaration, but 第十四条 puts 政府购买服务
 *   with 建设类 for 立项审批: only 运维 skips 立项审批.
 * - Checks that rest on a fact or on an attached material are blockers; checks that can only
 *   guess from keywords in the declaration text are warnings.
 * - 第二条 covers 市直党政机关、事业单位 and 具有行政职能的社会团体: 市管医院、市管学校 are 事业单位 and
 *   in scope; 第四条 gives their systems to 市卫健委、市教育局 to co-ordinate (a note to the reviewer,
 *   not an exclusion). 市管国企 are none of the three and are outside 第二条.
 * - 第十四条: 运维类项目 have a route of their own: the 年度计划 is approved by 市数据局会同市财政局
 *   and there is no 立项审批.
 */
import { parseArticles } from '../articles.js';
import { text } from '../texts/huaian-draft.js';
import type { Condition, Material, RulePack } from '../types.js';

const BUILD_KINDS = ['new_build', 'upgrade', 'expansion'] as const;
/** 第十四条: 建设类、政府购买服务类项目 go through 立项审批 at 市发改委. */
const APPROVAL_KINDS = [...BUILD_KINDS, 'service_purchase'] as const;

const isBuild: Condition = { fact: 'kind', op: 'in', value: BUILD_KINDS };
const needsProjectApproval: Condition = { fact: 'kind', op: 'in', value: APPROVAL_KINDS };

/** 第九条/第十条: words that say the project is outside the annual plan. */
const OUTSIDE_PLAN_WORDS = [
  '未列入年度计划',
  '年度计划外',
  '计划外项目',
  '紧急建设',
  '突发事件',
  '建设任务迫切',
] as const;

// ---------------------------------------------------------------------------------------------
// Materials
// ---------------------------------------------------------------------------------------------

const cdoApproval: Material = {
  id: 'cdo_approval',
  name: '本单位首席数据官审定意见',
  precondition: true,
  article: 7,
  quote: '项目申报单位向市数据局提交经本单位首席数据官审定的项目计划申报材料',
};

const buildPlanDeclaration: Material = {
  id: 'plan_declaration',
  name: '项目计划申报材料（新建、改建、扩建类）',
  contents: ['项目建设内容', '概算（预算）情况', '公共数据资源共享及需求情况'],
  article: 7,
  quote: '新建、改建、扩建类项目应当提交项目建设内容、概算（预算）情况、公共数据资源共享及需求情况等',
};

const previousContractOrNeedsReport: Material = {
  id: 'previous_contract_or_needs_report',
  name: '上一期合同或服务需求报告',
  article: 7,
  quote: '运维、政府购买服务类项目应当提交上一期合同或服务需求报告等',
};

const relatedDocuments: Material = {
  id: 'related_documents',
  name: '与项目有关的规划、批示、批复、会议纪要等文件资料',
  contents: ['规划', '批示', '批复', '会议纪要'],
  article: 7,
  quote: '与项目有关的规划、批示、批复、会议纪要等文件资料',
};

const municipalGovConsent: Material = {
  id: 'municipal_gov_consent',
  name: '市政府同意文件（未列入年度计划的重要、紧急项目）',
  when: { mentions: OUTSIDE_PLAN_WORDS },
  precondition: true,
  article: 10,
  quote: '经市政府同意后，履行项目审批程序',
};

const constructionPlan: Material = {
  id: 'construction_plan',
  name: '项目建设方案',
  contents: ['数据资源共享', '网络和数据安全', '密码应用方案', '电子文件和电子档案', '软硬件产品的安全可靠情况'],
  article: 12,
  quote:
    '建设方案应当包含数据资源共享、网络和数据安全、密码应用方案、电子文件和电子档案以及软硬件产品的安全可靠情况等内容',
};

/** 第十四条: only projects not already in the annual plan (第十条) still need 项目建议书. */
const projectProposal: Material = {
  id: 'project_proposal',
  name: '项目建议书',
  when: { mentions: OUTSIDE_PLAN_WORDS },
  article: 14,
  quote: '对已纳入市级年度建设计划的项目，由项目单位直接编制可行性研究报告',
};

const feasibilityStudy: Material = {
  id: 'feasibility_study',
  name: '可行性研究报告',
  contents: ['数据资源共享分析专篇（章）'],
  article: 14,
  quote: '原则上包括编报项目建议书、可行性研究报告、初步设计、联合评估意见等内容',
};

const preliminaryDesign: Material = {
  id: 'preliminary_design',
  name: '初步设计',
  contents: ['数据资源共享分析专篇（章）'],
  article: 14,
  quote: '原则上包括编报项目建议书、可行性研究报告、初步设计、联合评估意见等内容',
};

const jointReviewOpinion: Material = {
  id: 'joint_review_opinion',
  name: '联合评估意见',
  article: 14,
  quote: '原则上包括编报项目建议书、可行性研究报告、初步设计、联合评估意见等内容',
};

const dataSharingChapter: Material = {
  id: 'data_sharing_chapter',
  name: '数据资源共享分析专篇（章）（可行性研究报告、初步设计中）',
  article: 15,
  quote: '项目可行性研究报告、初步设计应当包括数据资源共享分析专篇（章）',
};

const dataResourceCatalogueForApproval: Material = {
  id: 'data_resource_catalogue',
  name: '数据资源目录（在市数据共享交换平台上编制）',
  precondition: true,
  article: 16,
  quote: '数据资源目录编制是审批相关政务信息化项目的必备条件',
};

/** 运维 projects skip 立项审批, so the catalogue is an obligation (第十五条), not an approval precondition. */
const dataResourceCatalogue: Material = {
  id: 'data_resource_catalogue',
  name: '数据资源目录（在市数据共享交换平台上编制）',
  article: 15,
  quote: '项目单位应当在市数据共享交换平台上编制数据资源目录',
};

const securityReliabilityStatement: Material = {
  id: 'security_reliability_statement',
  name: '软硬件产品安全可靠性说明',
  article: 21,
  quote: '并在报批阶段对产品安全可靠性进行说明',
};

const energyAndSiteApprovals: Material = {
  id: 'energy_site_environment_approvals',
  name: '节能评估、规划选址、用地预审、环境影响评价等审批文件',
  when: { mentions: ['土建', '高耗能'] },
  article: 17,
  quote: '涉及新建土建工程和高耗能项目的除外',
};

/** 第七条(一)(三) + 第十二条 + 第十四条 to 第十七条 + 第二十一条. */
const buildMaterials: readonly Material[] = [
  cdoApproval,
  buildPlanDeclaration,
  relatedDocuments,
  municipalGovConsent,
  constructionPlan,
  projectProposal,
  feasibilityStudy,
  preliminaryDesign,
  dataSharingChapter,
  jointReviewOpinion,
  dataResourceCatalogueForApproval,
  securityReliabilityStatement,
  energyAndSiteApprovals,
];

/** 第七条(二)(三) + 第十二条 + 第十四条 (政府购买服务类 still needs 立项审批) + 第二十一条. */
const servicePurchaseMaterials: readonly Material[] = [
  cdoApproval,
  previousContractOrNeedsReport,
  relatedDocuments,
  municipalGovConsent,
  constructionPlan,
  projectProposal,
  feasibilityStudy,
  preliminaryDesign,
  dataSharingChapter,
  jointReviewOpinion,
  dataResourceCatalogueForApproval,
  securityReliabilityStatement,
];

/** 第七条(二)(三) + 第十三条 (运维项目计划 also goes to 建设方案审核) + 第十五条; no 立项审批 (第十四条). */
const operationMaterials: readonly Material[] = [
  cdoApproval,
  previousContractOrNeedsReport,
  relatedDocuments,
  municipalGovConsent,
  {
    ...constructionPlan,
    article: 13,
    quote: '项目单位按照已下达年度建设计划和本单位运维项目计划，向市数据局提出项目建设方案审核申请',
  },
  dataResourceCatalogue,
];

// ---------------------------------------------------------------------------------------------
// Article 38: eight cases in which 后续建设及运维服务 are not funded
// ---------------------------------------------------------------------------------------------

const NO_FOLLOW_UP = '监督评价中出现此情形的，不予安排项目的后续建设及运维服务（第三十八条）';

export const huaianDraft: RulePack = {
  id: 'huaian-draft',
  version: { label: '征求意见稿' },
  region: { id: 'huaian', name: '淮安市', code: 'HA' },
  identity: {
    title: '淮安市市级政务信息化项目建设管理办法（征求意见稿）',
    // The draft names no issuer, so the pack names none.
    status: {
      kind: 'draft',
      note: '征求意见稿，未注明日期，依据苏政办发〔2024〕38号等制定；尚未印发施行，印发后自印发之日起施行（第四十一条）。',
    },
    replaces: '《淮安市市级政务信息化项目建设管理办法》（淮政办发〔2022〕25号），自本办法印发之日起同步废止',
  },
  articles: parseArticles(text),
  forms: [],

  scope: {
    exclusions: [
      {
        id: 'classified',
        label: '涉密项目（依据相关保密要求执行，按国家有关保密规定申报）',
        keywords: ['涉密', '国家秘密', '密级'],
        article: 40,
        quote: '涉密项目依据相关保密要求执行。',
      },
      {
        // 第二条 lists 市直党政机关、事业单位及具有行政职能的社会团体; a 国企 is none of them. The
        // 市国资委's own platforms (国资国企监管) are its own projects and stay in scope.
        id: 'municipal_soe',
        label: '市管国企自身的信息化系统项目（第二条所列项目单位不含国有企业，由市国资委统筹管理）',
        keywords: ['市管国企', '国有企业'],
        unless: { mentions: ['国资委'] },
        article: 2,
        quote:
          '本办法所称政务信息化项目，是指市直党政机关、事业单位及具有行政职能的社会团体等使用财政资金（含上级转移支付资金）及自筹资金建设、运维、政府购买服务的',
      },
      {
        // A 市级 project may be about a 开发区 or 园区 (or name a 区级 partner); it stays in scope.
        id: 'county_or_park',
        label: '县（区）、园区政务信息化项目（由县区、园区数据管理部门统筹管理，年度计划报市数据局）',
        keywords: ['县级', '区级', '园区', '开发区'],
        unless: { mentions: ['市级', '市本级', '市直'] },
        article: 6,
        quote: '各县（区）、园区数据管理部门应统筹管理本县（区）、园区政务信息化项目场景建设',
      },
    ],
  },

  projectKinds: [
    { id: 'new_build', label: '新建', materials: buildMaterials, route: 'municipal', article: 7 },
    { id: 'upgrade', label: '改建', materials: buildMaterials, route: 'municipal', article: 7 },
    { id: 'expansion', label: '扩建', materials: buildMaterials, route: 'municipal', article: 7 },
    { id: 'operation', label: '运维', materials: operationMaterials, route: 'operation_plan', article: 14 },
    {
      id: 'service_purchase',
      label: '政府购买服务',
      materials: servicePurchaseMaterials,
      route: 'municipal',
      article: 7,
    },
  ],

  routes: [
    {
      id: 'municipal',
      name: '市级政务信息化项目年度计划与立项审批',
      // The text says nothing about where a 退回 resumes; the returning office re-reviews.
      resubmitFrom: 'returning_step',
      article: 13,
      steps: [
        {
          id: 'annual_plan_consultation',
          name: '市数据局会同市发改委、市财政局会商年度计划申报材料',
          role: 'reviewer',
          jointRoles: ['reviewer', 'approver', 'finance'],
          officeNames: { approver: ['发改', '发展改革'] },
          mode: 'all',
          produces: '年度计划建议方案',
          article: 8,
          quote:
            '市数据局会同市发改委、市财政局等部门依据市本级政务信息化项目场景建设储备库、财力水平、项目建设轻重缓急对年度计划申报材料进行会商讨论，形成年度计划建议方案',
        },
        {
          id: 'annual_plan_consent',
          name: '市政府同意年度计划',
          role: 'approver',
          officeNames: { approver: ['政府'] },
          mode: 'all',
          produces: '年度计划（下年度项目场景建设实施的依据）',
          article: 8,
          quote: '形成年度计划建议方案提交市政府同意后，作为下年度市级政务信息化项目场景建设实施的依据',
        },
        {
          id: 'joint_review',
          name: '市数据局会同市委网信办、市密码管理局、市档案局联合评审论证项目建设方案',
          role: 'reviewer',
          jointRoles: ['reviewer', 'joint_reviewer'],
          mode: 'all',
          produces: '联合评估意见',
          article: 13,
          quote: '市数据局将根据项目类型会同市委网信办、市密码管理局、市档案局等部门开展联合评审论证',
        },
        {
          id: 'project_approval',
          name: '市发改委立项审批',
          role: 'approver',
          officeNames: { approver: ['发改', '发展改革'] },
          mode: 'all',
          produces: '立项批复',
          article: 14,
          quote: '建设类、政府购买服务类项目的立项审批，项目单位应按规定向市发改委报送项目审批文件',
        },
      ],
    },
    {
      id: 'operation_plan',
      name: '运维类项目年度计划批准（不再立项审批）',
      resubmitFrom: 'returning_step',
      article: 14,
      steps: [
        {
          id: 'operation_plan_approval',
          name: '市数据局会同市财政局批准运维类项目年度计划',
          role: 'reviewer',
          jointRoles: ['reviewer', 'finance'],
          mode: 'all',
          produces: '运维类项目年度计划（批准后由项目单位按程序组织实施）',
          article: 14,
          quote: '运维类项目，年度计划经市数据局会同市财政局批准后，由项目单位按程序组织实施，原则上不再进行立项审批',
        },
        {
          id: 'joint_review',
          name: '市数据局根据项目类型会同市委网信办、市密码管理局、市档案局联合评审论证',
          role: 'reviewer',
          jointRoles: ['reviewer', 'joint_reviewer'],
          mode: 'all',
          produces: '联合评估意见',
          article: 13,
          quote:
            '项目单位按照已下达年度建设计划和本单位运维项目计划，向市数据局提出项目建设方案审核申请，市数据局将根据项目类型会同市委网信办、市密码管理局、市档案局等部门开展联合评审论证',
        },
      ],
    },
  ],

  // 第二十五条: build as the 相关审批部门 approved, 投资概算 included; the text names no change
  // procedure, so a change goes back to them: 市数据局 (第四条) and, for projects with 立项审批,
  // 市发改委 (第十四条).
  changeRoute: {
    id: 'project_change',
    name: '项目变更：报项目相关审批部门',
    resubmitFrom: 'start',
    article: 25,
    steps: [
      {
        id: 'change_review',
        name: '市数据局审核项目变更',
        role: 'reviewer',
        mode: 'all',
        produces: '变更审核意见',
        article: 4,
        quote: '负责统筹管理市级政务信息化项目',
      },
      {
        id: 'change_approval',
        name: '市发改委审批项目变更（投资概算）',
        role: 'approver',
        officeNames: { approver: ['发改', '发展改革'] },
        mode: 'all',
        produces: '项目变更批复',
        skipWhen: { not: needsProjectApproval },
        article: 25,
        quote:
          '项目单位应当严格按照项目相关审批部门批复的项目建设方案、可行性研究报告、网络安全审核意见、安全可靠应用政策落实意见、密码应用意见和投资概算等开展项目建设',
      },
    ],
  },

  events: [
    { id: 'declared', label: '提交项目计划申报材料' },
    { id: 'plan_listed', label: '列入年度计划' },
    { id: 'joint_review_passed', label: '建设方案通过联合评审论证' },
    { id: 'approved', label: '立项批复' },
    { id: 'contract_signed', label: '合同签订' },
    { id: 'construction_completed', label: '项目建成' },
    { id: 'system_report_confirmed', label: '系统建设报告经市数据局会同相关部门确认' },
    // 第二十六条: 竣工验收 requires a passing 密码应用安全性评估; reporting it establishes the fact.
    {
      id: 'crypto_assessment_passed',
      label: '密码应用安全性评估通过',
      establishes: { fact: 'passedCryptoAssessment', value: true, article: 26 },
    },
    { id: 'final_acceptance', label: '竣工验收合格' },
    { id: 'acceptance_report_filed', label: '验收报告提交市数据局备案' },
    { id: 'operation_started', label: '投入使用' },
    { id: 'self_evaluation_done', label: '形成自评价报告' },
  ],

  stages: [
    {
      id: 'construction',
      name: '项目建设',
      completedBy: 'construction_completed',
      materials: [
        {
          id: 'procurement_documents_and_contract',
          name: '政府采购文件和合同（明确质保和免费运维期）',
          contents: ['质保', '免费运维期（自竣工验收合格之日起不少于2年）'],
          when: isBuild,
          article: 23,
          quote: '建设类项目应当在政府采购文件和合同中明确质保和免费运维期',
        },
      ],
      article: 20,
    },
    {
      id: 'system_report',
      name: '提交系统建设报告',
      completedBy: 'system_report_confirmed',
      materials: [
        {
          id: 'system_construction_report',
          name: '系统建设报告',
          contents: [
            '项目建设情况',
            '项目数据目录编制和共享开放开发情况',
            '安全可靠政策落实情况',
            '密码应用情况',
            '网络安全',
            '电子文件和电子档案完成情况',
          ],
          article: 26,
          quote:
            '报告应包括：项目建设情况、项目数据目录编制和共享开放开发情况、安全可靠政策落实情况、密码应用情况、网络安全、电子文件和电子档案完成情况等内容',
        },
      ],
      notBefore: { event: 'construction_completed', offset: { amount: 0, unit: 'days' }, article: 26 },
      article: 26,
    },
    {
      id: 'final_acceptance',
      name: '竣工验收',
      completedBy: 'final_acceptance',
      materials: [],
      requires: [
        {
          condition: { hasMaterial: 'system_construction_report' },
          message: '项目建成后须先向市数据局提交系统建设报告，经市数据局会同相关部门确认后方可组织竣工验收',
          article: 26,
        },
        {
          condition: { fact: 'passedCryptoAssessment', op: '==', value: true },
          message: '密码应用安全性评估结果不合格的，不得进行项目竣工验收',
          article: 26,
        },
      ],
      notBefore: { event: 'system_report_confirmed', offset: { amount: 0, unit: 'days' }, article: 26 },
      article: 26,
    },
    {
      id: 'acceptance_filing',
      name: '验收备案',
      completedBy: 'acceptance_report_filed',
      materials: [
        {
          id: 'acceptance_report',
          name: '验收报告等资料',
          article: 27,
          quote: '项目单位应当在项目竣工验收合格后一个月内将验收报告等资料提交市数据局备案',
        },
      ],
      notBefore: { event: 'final_acceptance', offset: { amount: 0, unit: 'days' }, article: 27 },
      article: 27,
    },
    {
      id: 'operation',
      name: '投入使用和运维',
      completedBy: 'operation_started',
      materials: [
        {
          id: 'operation_management_rules',
          name: '项目运维管理制度',
          article: 29,
          quote: '应当建立健全项目运维管理制度',
        },
        {
          id: 'emergency_plan',
          name: '应急预案',
          article: 29,
          quote: '制定应急预案',
        },
      ],
      notBefore: { event: 'final_acceptance', offset: { amount: 0, unit: 'days' }, article: 28 },
      article: 28,
    },
    {
      id: 'self_evaluation',
      name: '绩效自评价',
      completedBy: 'self_evaluation_done',
      materials: [
        {
          id: 'self_evaluation_report',
          name: '自评价报告',
          article: 36,
          quote: '开展自评价，形成自评价报告',
        },
      ],
      article: 36,
    },
  ],

  timeLimits: [
    {
      id: 'annual_plan',
      obligation: '市数据局组织编制下一年度政务信息化项目场景建设计划（9月中旬前）',
      trigger: { kind: 'annual', month: 9, day: 15 },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'reviewer',
      article: 6,
      quote: '原则上每年9月中旬前市数据局组织编制下一年度政务信息化项目场景建设计划',
    },
    {
      id: 'acceptance_report_filing',
      obligation: '竣工验收合格后一个月内将验收报告等资料提交市数据局备案（未备案的不予安排后续建设资金和运维经费）',
      trigger: { kind: 'event', event: 'final_acceptance' },
      type: 'deadline',
      offset: { amount: 1, unit: 'months' },
      responsible: 'unit',
      article: 27,
      quote: '项目单位应当在项目竣工验收合格后一个月内将验收报告等资料提交市数据局备案',
    },
    {
      id: 'free_maintenance',
      obligation: '免费运维期自竣工验收合格之日起不少于2年（在政府采购文件和合同中明确）',
      trigger: { kind: 'event', event: 'final_acceptance' },
      type: 'minimum',
      offset: { amount: 2, unit: 'years' },
      responsible: 'unit',
      when: isBuild,
      article: 23,
      quote: '免费运维期原则上自项目竣工验收合格之日起不得少于2年',
    },
  ],

  checks: [
    {
      id: 'hospital_school_coordination',
      level: 'warning',
      when: { mentions: ['市管医院', '市管学校', '医院', '学校'] },
      message:
        '市管医院、市管学校的信息化系统项目由市卫健委、市教育局统筹管理，加强新建信息化项目审核把关：请确认已经其审核',
      article: 4,
      quote:
        '市卫健委、市教育局、市国资委分别负责统筹管理市管医院、市管学校、市管国企的信息化系统项目，加强存量信息化系统整合和新建信息化项目审核把关',
      note: '第四条规定的是统筹管理和审核把关，不是排除：医院、学校是事业单位，属第二条的适用范围。',
    },
    {
      id: 'cdo_approval_missing',
      level: 'blocker',
      when: { not: { hasMaterial: 'cdo_approval' } },
      message: '项目计划申报材料须经本单位首席数据官审定后方可提交市数据局',
      article: 7,
      quote: '项目申报单位向市数据局提交经本单位首席数据官审定的项目计划申报材料',
    },
    {
      id: 'not_in_annual_plan',
      level: 'blocker',
      when: { all: [{ mentions: OUTSIDE_PLAN_WORDS }, { not: { hasMaterial: 'municipal_gov_consent' } }] },
      message:
        '未列入年度计划的项目原则上不予审批；国家、省、市有明确要求且建设任务迫切或应对突发事件需紧急建设的，须经市政府同意后履行审批程序（第十条）',
      article: 9,
      quote: '未列入年度计划的市级政务信息化项目，原则上不予审批，不得未批先建。',
    },
    {
      id: 'built_before_approval',
      level: 'warning',
      when: { mentions: ['未批先建', '先建后批', '先行建设', '已开工'] },
      message: '不得未批先建：项目须列入年度计划并履行审批程序后方可建设',
      article: 9,
      quote: '不得未批先建',
    },
    {
      id: 'town_street_project',
      level: 'warning',
      when: { mentions: ['镇（街道）', '乡镇', '街道'] },
      message: '镇（街道）场景应用等建设应纳入上级统筹，不得独立建设项目',
      article: 6,
      quote: '镇（街道）场景应用等建设应纳入上级统筹，不得独立建设项目',
    },
    {
      id: 'split_declaration',
      level: 'warning',
      when: { mentions: ['拆分', '分拆'] },
      message: '由市直主管部门统一申请入库，不得拆分申报建设目标、主要内容、技术路线等相似项目',
      article: 6,
      quote: '不得拆分申报建设目标、主要内容、技术路线等相似项目',
    },
    {
      id: 'data_sharing_chapter_missing',
      level: 'blocker',
      when: {
        all: [
          { any: [{ hasMaterial: 'feasibility_study' }, { hasMaterial: 'preliminary_design' }] },
          { not: { hasMaterial: 'data_sharing_chapter' } },
        ],
      },
      message: '可行性研究报告、初步设计应当包括数据资源共享分析专篇（章）',
      article: 15,
      quote: '项目可行性研究报告、初步设计应当包括数据资源共享分析专篇（章）',
    },
    {
      id: 'data_resource_catalogue_missing',
      level: 'blocker',
      when: { all: [needsProjectApproval, { not: { hasMaterial: 'data_resource_catalogue' } }] },
      message: '数据资源目录编制是审批的必备条件：须先在市数据共享交换平台上编制数据资源目录',
      article: 16,
      quote: '数据资源目录编制是审批相关政务信息化项目的必备条件',
    },
    {
      id: 'security_reliability_statement_missing',
      level: 'warning',
      when: { all: [needsProjectApproval, { not: { hasMaterial: 'security_reliability_statement' } }] },
      message: '应当采用安全可靠的软硬件产品，并在报批阶段对产品安全可靠性进行说明',
      article: 21,
      quote: '并在报批阶段对产品安全可靠性进行说明',
    },
    {
      id: 'energy_site_environment_review',
      level: 'warning',
      when: { mentions: ['土建', '高耗能'] },
      message:
        '市级政务信息化项目原则上不再进行节能评估、规划选址、用地预审、环境影响评价等审批，但涉及新建土建工程和高耗能项目的除外：本项目可能仍需办理这些审批',
      article: 17,
      quote:
        '市级政务信息化项目原则上不再进行节能评估、规划选址、用地预审、环境影响评价等审批，涉及新建土建工程和高耗能项目的除外',
    },
    {
      id: 'deviation_from_approved_budget',
      level: 'warning',
      when: { fact: 'budgetAdjustmentRatio', op: '>', value: 0 },
      message:
        '项目应严格按照批复的建设方案、可行性研究报告和投资概算等开展建设；项目建设目标和内容不变而总投资有结余的，结余资金应按规定退回',
      article: 25,
      quote:
        '严格按照项目相关审批部门批复的项目建设方案、可行性研究报告、网络安全审核意见、安全可靠应用政策落实意见、密码应用意见和投资概算等开展项目建设',
    },
    {
      id: 'crypto_assessment_failed',
      level: 'blocker',
      when: { fact: 'passedCryptoAssessment', op: '==', value: false },
      message: '密码应用安全性评估结果不合格的，不得进行项目竣工验收',
      article: 26,
      quote: '密码应用安全性评估结果不合格的，不得进行项目竣工验收。',
    },
    // 第三十八条 (一)–(八): each case stops follow-up construction and operation funding.
    {
      id: 'no_follow_up_data_sharing',
      level: 'warning',
      when: { mentions: ['采集', '填报', '录入'] },
      message: `应完成系统对接互通、数据归集和共享数据资源；可以通过共享交换获取的信息资源，原则上不重复采集（第十九条）。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '对未按要求完成系统对接互通、数据归集和共享数据资源的或者重复采集数据的政务信息系统',
    },
    {
      id: 'no_follow_up_egov_network_cloud',
      level: 'warning',
      when: {
        all: [
          { mentions: ['服务器', '机房', '数据中心', '私有云', '专线'] },
          { not: { mentions: ['政务云', '电子政务外网', '电子政务网络'] } },
        ],
      },
      message: `应按规定使用电子政务网络或政务云资源，不得另建。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '不按规定使用电子政务网络或政务云资源的',
    },
    {
      id: 'no_follow_up_app_without_portal',
      level: 'warning',
      when: { all: [{ fact: 'isNewApp', op: '==', value: true }, { not: { mentions: ['统一移动门户'] } }] },
      message: `新开发APP等应用应基于统一移动门户，不得擅自开发。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '不基于统一移动门户，擅自开发APP等应用的',
    },
    {
      id: 'no_follow_up_yiwangtongguan',
      level: 'warning',
      when: {
        all: [
          { mentions: ['城市运行', '城市管理', '社会治理', '指挥中心', '网格'] },
          { not: { mentions: ['一网统管'] } },
        ],
      },
      message: `应按规定接入“一网统管”平台。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '不按规定接入“一网统管”平台的',
    },
    {
      id: 'no_follow_up_government_service_platform',
      level: 'warning',
      when: {
        all: [{ mentions: ['政务服务', '公共服务', '办事'] }, { not: { mentions: ['一体化在线政务服务平台'] } }],
      },
      message: `政务服务、公共服务类项目应接入一体化在线政务服务平台。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '未接入一体化在线政务服务平台的政务服务、公共服务类项目',
    },
    {
      id: 'no_follow_up_supervision_platform',
      level: 'warning',
      when: { all: [{ mentions: ['监管', '执法'] }, { not: { mentions: ['互联网+监管'] } }] },
      message: `监管类项目应接入“互联网+监管”系统。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '未接入“互联网+监管”系统的监管类项目',
    },
    {
      id: 'no_follow_up_office_platform',
      level: 'warning',
      when: {
        all: [
          { mentions: ['办公系统', '办公平台', '协同办公', 'OA', '公文'] },
          { not: { mentions: ['统一协同办公平台'] } },
        ],
      },
      message: `非涉密办公类项目应接入统一协同办公平台。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '未接入统一协同办公平台的非涉密办公类项目',
    },
    {
      id: 'no_follow_up_not_as_approved',
      level: 'warning',
      when: { mentions: ['未按批复', '变更建设内容', '调整建设内容', '安全隐患'] },
      message: `应按照项目批复要求建设，并消除重大安全隐患。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '未按照项目批复要求建设的，或者存在重大安全隐患的政务信息化项目',
    },
    {
      id: 'no_follow_up_idle_system',
      level: 'warning',
      when: { mentions: ['停用', '僵尸', '长期未使用', '无人使用'] },
      message: `停用系统、僵尸系统不予安排后续建设及运维服务；与实际业务流程长期脱节、功能可被替代的系统应及时停用（第三十二条）。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '停用系统、僵尸系统',
    },
    {
      id: 'no_follow_up_poor_performance',
      level: 'warning',
      when: { mentions: ['绩效评价等级为差', '绩效评价为差', '评价等级为差', '评价结果为差'] },
      message: `绩效评价等级为差且整改不到位的项目，不予安排后续建设及运维服务。${NO_FOLLOW_UP}`,
      article: 38,
      quote: '绩效评价等级为差且整改不到位的项目',
    },
  ],

  consequences: [
    { rung: 1, name: '限期整改', article: 33, quote: '发现违反有关规定或者批复要求的，应当要求项目单位限期整改' },
    { rung: 2, name: '通报批评', article: 33, quote: '逾期不整改或者整改后仍不符合要求的，可以对其进行通报批评' },
    { rung: 3, name: '暂缓安排投资计划', article: 33, quote: '暂缓安排投资计划' },
    { rung: 4, name: '暂停项目建设', article: 33, quote: '暂停项目建设' },
    { rung: 5, name: '终止项目', article: 33, quote: '直至终止项目' },
    {
      rung: 6,
      name: '督促整改或暂停项目建设',
      article: 24,
      quote: '市数据局会同市发改、财政等部门按照有关规定督促项目单位进行整改或暂停项目建设',
      directFrom: '项目建设过程中出现工程严重逾期、投资重大损失等问题',
    },
    {
      rung: 7,
      name: '不予安排后续建设资金和运维经费',
      article: 27,
      quote: '未提交备案的项目，不予安排后续建设资金和运维经费',
      directFrom: '竣工验收合格后一个月内未将验收报告等资料提交市数据局备案',
    },
    {
      rung: 8,
      name: '不得投入使用，不拨付项目资金',
      article: 28,
      quote: '未验收或验收不合格的项目，不得投入使用，不拨付项目资金',
      directFrom: '项目未验收或竣工验收不合格（应按验收意见整改后重新申请竣工验收）',
    },
    {
      rung: 9,
      name: '不予安排项目的后续建设及运维服务',
      article: 38,
      quote: '监督评价中出现下列情形之一的，不予安排项目的后续建设及运维服务',
      directFrom: '监督评价中出现第三十八条所列八种情形之一',
    },
    {
      rung: 10,
      name: '依法依纪追究责任',
      article: 39,
      quote: '相关监管部门应对负有直接责任的主管人员和其他责任人员依法依纪追究责任',
      directFrom:
        '未履行审批程序、未依规安排使用财政资金，或者因管理不善、弄虚作假造成严重超概算、质量低劣、损失浪费、安全事故或者其他责任事故',
    },
  ],

  roleNames: {
    unit: '项目单位',
    reviewer: '市数据局',
    joint_reviewer: '市委网信办、市密码管理局、市档案局',
    approver: '市发改委',
    finance: '市财政局',
    audit: '市审计局',
  },

  synonyms: [
    ['竣工验收', '验收'],
    ['项目单位', '项目申报单位'],
    ['联合评审论证', '联合评估'],
    ['立项审批', '项目审批', '报批'],
    ['建设类项目', '新建、改建、扩建类项目'],
    ['运维', '运行维护'],
    ['年度计划', '年度建设计划', '项目场景建设计划'],
    ['概算', '预算'],
    ['数据资源共享分析专篇', '数据资源共享分析专章'],
    ['市发改委', '市发改'],
    ['密码应用安全性评估', '商用密码应用安全性评估', '密评'],
  ],
};

/**
 * 金寨县政务信息化项目管理办法（修订版）, 金政办秘〔2022〕46号 (安徽省六安市金寨县).
 *
 * Vocabulary of this text:
 * - 项目建设单位 (第二条: 县域行政事业单位) declares, procures, builds, accepts and runs the project: `unit`.
 * - 县智慧办 = 金寨县智慧城市管理服务中心 (第四条) reviews, 会同有关部门 (第九条): `reviewer`, with
 *   `joint_reviewer` for the 有关部门.
 * - 县政府 approves the written review opinion (第十条): `approver`.
 * - 县财政局 arranges and pays the funds of approved projects (第四条): `finance`.
 */
import { parseArticles } from '../articles.js';
import { jinzhaiForms } from '../forms/jinzhai-forms.js';
import { text } from '../texts/jinzhai-2022.js';
import type { Condition, Material, ProjectKind, RulePack } from '../types.js';

const OFFICE_PC: Condition = { fact: 'kind', op: '==', value: 'office_pc' };
/** 第五条第二款's office computers have their own form (附件2); 第八条 and 第十四条 speak of 建设方案. */
const NOT_OFFICE_PC: Condition = { fact: 'kind', op: '!=', value: 'office_pc' };
/** 第十四条第二款's 已建成 projects (a mature system bought now is not yet built here). */
const ALREADY_BUILT_KINDS = ['operation', 'expansion', 'upgrade'] as const;

const Q8_MATERIALS = '项目申报须提交项目建设依据、项目建设方案、项目概算、项目可行性研究报告等材料';

/** 第五条 and 第八条: what every 政务信息化 declaration carries. */
const DECLARATION_MATERIALS: readonly Material[] = [
  {
    id: 'declaration_form',
    name: '《金寨县政务信息化项目申报表》（附件1）',
    article: 5,
    quote: '并于每年10月份前向县智慧办提交《金寨县政务信息化项目申报表》（附件1）',
  },
  { id: 'project_basis', name: '项目建设依据', article: 8, quote: Q8_MATERIALS },
  {
    id: 'construction_plan',
    name: '项目建设方案',
    contents: [
      '软硬件基本情况',
      '应用软件开发功能清单',
      '费用估算（包含监理、第三方评测、信息安全等级保护等费用）',
      '信息资源目录（建立信息共享长效机制和共享信息使用情况反馈机制）',
    ],
    article: 8,
    quote:
      '项目建设方案须包括软硬件基本情况、应用软件开发功能清单、费用估算（包含监理、第三方评测、信息安全等级保护等费用）及信息资源目录等',
  },
  { id: 'budget_estimate', name: '项目概算', article: 8, quote: Q8_MATERIALS },
  { id: 'feasibility_study', name: '项目可行性研究报告', article: 8, quote: Q8_MATERIALS },
];

/** 第八条第二款: projects on something already built (or a bought mature system) add this. */
const EXISTING_RESOURCES: Material = {
  id: 'existing_resources',
  name: '现有软硬件资源情况',
  contents: [
    '硬件品种数量',
    '系统软件清单',
    '安全保障措施',
    '应用系统及数据库列表',
    '购置时间',
    '过保时间',
    '应用情况',
    '费用估算',
    '存在问题',
  ],
  article: 8,
  quote:
    '申报材料应明确现有软硬件资源情况，包括硬件品种数量、系统软件清单、安全保障措施、应用系统及数据库列表、购置时间、过保时间、应用情况、费用估算、存在问题',
};

const WITH_EXISTING: readonly Material[] = [...DECLARATION_MATERIALS, EXISTING_RESOURCES];

/** 第八条 names the cases; 第五条第二款 adds the office computer purchase with its own form. */
const projectKinds: readonly ProjectKind[] = [
  {
    id: 'new_build',
    label: '新建',
    materials: DECLARATION_MATERIALS,
    route: 'review_approval',
    form: 'jinzhai-annex-1',
    article: 8,
  },
  {
    id: 'operation',
    label: '已建成并投入使用',
    materials: WITH_EXISTING,
    route: 'review_approval',
    form: 'jinzhai-annex-1',
    article: 8,
  },
  {
    id: 'expansion',
    label: '已建成需新增功能',
    materials: WITH_EXISTING,
    route: 'review_approval',
    form: 'jinzhai-annex-1',
    article: 8,
  },
  {
    id: 'upgrade',
    label: '已建成需系统升级',
    materials: WITH_EXISTING,
    route: 'review_approval',
    form: 'jinzhai-annex-1',
    article: 8,
  },
  {
    id: 'mature_system_purchase',
    label: '采购成熟系统',
    materials: WITH_EXISTING,
    route: 'review_approval',
    form: 'jinzhai-annex-1',
    article: 8,
  },
  {
    id: 'office_pc',
    label: '办公电脑采购',
    materials: [
      {
        id: 'office_pc_form',
        name: '《金寨县行政事业单位办公电脑采购申报表》（附件2）',
        article: 5,
        quote: '应填写《金寨县行政事业单位办公电脑采购申报表》（附件2），报县智慧办审核',
      },
    ],
    route: 'office_pc_review',
    form: 'jinzhai-annex-2',
    article: 5,
  },
];

export const jinzhai2022: RulePack = {
  id: 'jinzhai-2022',
  version: { label: '2022年修订版' },
  region: { id: 'jinzhai', name: '金寨县', code: 'JZ' },
  identity: {
    title: '金寨县政务信息化项目管理办法（修订版）',
    docNumber: '金政办秘〔2022〕46号',
    issuer: '金寨县人民政府办公室',
    issued: '2022-06-16',
    // 第二十四条: 自发布之日起施行 (the notice is dated 2022年6月16日).
    status: { kind: 'in_force', since: '2022-06-16' },
    replaces: '《金寨县智慧城市（信息化）项目管理办法》（修订版）（金政办秘〔2018〕16号）',
  },
  articles: parseArticles(text),
  forms: jinzhaiForms,
  scope: {
    exclusions: [
      {
        id: 'classified',
        label: '有保密要求的（涉密）项目',
        keywords: ['涉密', '保密要求', '国家秘密', '绝密', '机密级', '秘密级'],
        article: 3,
        quote: '对于法律、法规、规章及省市文件有保密要求的，不属于本办法所管辖范围。',
      },
    ],
  },
  projectKinds,
  routes: [
    {
      id: 'review_approval',
      name: '县智慧办审核、县政府批准',
      resubmitFrom: 'start',
      article: 9,
      steps: [
        {
          id: 'declaration',
          name: '项目建设单位向县智慧办提交申报表及申报材料',
          role: 'unit',
          mode: 'all',
          produces: '《金寨县政务信息化项目申报表》及申报材料',
          article: 5,
          quote: '并于每年10月份前向县智慧办提交《金寨县政务信息化项目申报表》（附件1）',
        },
        {
          id: 'joint_review',
          name: '县智慧办会同有关部门审核项目方案',
          role: 'reviewer',
          jointRoles: ['reviewer', 'joint_reviewer'],
          mode: 'all',
          produces: '审核意见',
          article: 9,
          quote: '县智慧办在收到建设单位项目申报后，会同有关部门及时对项目方案进行审核，并提出审核意见',
        },
        {
          id: 'written_opinion',
          name: '县智慧办形成书面审核意见',
          role: 'reviewer',
          mode: 'all',
          produces: '书面审核意见',
          article: 10,
          quote: '项目审核后，由县智慧办形成书面审核意见',
        },
        {
          id: 'government_approval',
          name: '报县政府批准',
          role: 'approver',
          officeNames: { approver: ['政府'] },
          mode: 'all',
          produces: '县政府批准',
          article: 10,
          quote: '报县政府批准后',
        },
        {
          id: 'opinion_feedback',
          name: '县智慧办将审核意见反馈至建设单位',
          role: 'reviewer',
          kind: 'notify',
          mode: 'all',
          produces: '审核意见（反馈至建设单位）',
          article: 10,
          quote: '及时将审核意见反馈至建设单位',
        },
        {
          id: 'funding',
          name: '县财政局安排、拨付资金',
          role: 'finance',
          mode: 'all',
          produces: '资金安排和拨付',
          // Only projects with fiscal money need the 县财政局; 第二条 also covers 自筹资金 projects.
          skipWhen: { fact: 'fiscalFundsWan', op: '<=', value: 0 },
          article: 4,
          quote: '县财政局负责对经县智慧办审核并报县政府批准的项目，安排、拨付资金',
        },
      ],
    },
    {
      id: 'office_pc_review',
      name: '办公电脑采购县智慧办审核',
      resubmitFrom: 'start',
      article: 5,
      steps: [
        {
          id: 'declaration',
          name: '填写《金寨县行政事业单位办公电脑采购申报表》',
          role: 'unit',
          mode: 'all',
          produces: '《金寨县行政事业单位办公电脑采购申报表》（附件2）',
          article: 5,
          quote: '应填写《金寨县行政事业单位办公电脑采购申报表》（附件2）',
        },
        {
          id: 'review',
          name: '县智慧办审核',
          role: 'reviewer',
          mode: 'all',
          produces: '审核意见',
          article: 5,
          quote: '报县智慧办审核',
        },
      ],
    },
  ],
  // 第十五条: an adjustment is asked of 县政府; the 县智慧办 is told at the same time (备案), not asked.
  changeRoute: {
    id: 'adjustment',
    name: '项目调整：向县政府申请调整，同时向县智慧办备案',
    resubmitFrom: 'start',
    article: 15,
    steps: [
      {
        id: 'adjustment_application',
        name: '项目建设单位向县政府申请调整',
        role: 'unit',
        mode: 'all',
        produces: '调整申请',
        article: 15,
        quote: '项目确需调整的，可由项目建设单位向县政府申请调整',
      },
      {
        id: 'government_approval',
        name: '县政府审批调整申请',
        role: 'approver',
        officeNames: { approver: ['政府'] },
        mode: 'all',
        produces: '县政府同意调整',
        article: 15,
        quote: '可由项目建设单位向县政府申请调整，同时向县智慧办备案',
      },
    ],
  },

  events: [
    { id: 'declared', label: '提交申报表' },
    { id: 'review_opinion', label: '县智慧办形成书面审核意见' },
    { id: 'approved', label: '县政府批准' },
    { id: 'opinion_returned', label: '审核意见反馈至建设单位' },
    { id: 'funds_allocated', label: '县财政局安排、拨付资金' },
    { id: 'contract_signed', label: '合同签订' },
    { id: 'adjustment_requested', label: '向县政府申请调整' },
    { id: 'adjustment_filed', label: '调整向县智慧办备案' },
    { id: 'construction_completed', label: '项目建设完成' },
    { id: 'initial_acceptance', label: '初验合格' },
    { id: 'trial_run_started', label: '开始试运行' },
    { id: 'final_acceptance', label: '通过终验' },
    { id: 'operation_started', label: '投入运行' },
    { id: 'self_evaluation_submitted', label: '绩效自评价报告报送县智慧办和县财政局' },
  ],
  stages: [
    {
      id: 'adjustment',
      name: '项目调整',
      completedBy: 'adjustment_filed',
      materials: [
        {
          id: 'adjustment_application',
          name: '向县政府提出的调整申请',
          article: 15,
          quote: '项目确需调整的，可由项目建设单位向县政府申请调整',
        },
        { id: 'adjustment_filing', name: '向县智慧办备案', article: 15, quote: '同时向县智慧办备案' },
      ],
      article: 15,
    },
    {
      // After approval the unit contracts, supervises and builds (第十二条) before any acceptance.
      id: 'construction',
      name: '建设实施',
      completedBy: 'construction_completed',
      materials: [],
      impliedByLater: true,
      article: 12,
    },
    {
      id: 'initial_acceptance',
      name: '初验',
      completedBy: 'initial_acceptance',
      materials: [],
      article: 17,
    },
    {
      id: 'final_acceptance',
      name: '终验',
      completedBy: 'final_acceptance',
      materials: [
        { id: 'construction_summary', name: '项目建设总结', article: 17 },
        { id: 'trial_run_report', name: '试运行报告', article: 17 },
        { id: 'initial_acceptance_report', name: '初验及问题整改报告', article: 17 },
        { id: 'resource_sharing_status', name: '信息资源共享落实情况', article: 17 },
        { id: 'third_party_test_report', name: '第三方测评报告', article: 17 },
        { id: 'security_risk_assessment', name: '安全风险评估报告', article: 17 },
        { id: 'crypto_assessment_report', name: '密码应用安全性评估报告', article: 17 },
      ].map((m) => ({
        ...m,
        quote:
          '项目建设总结、试运行报告、初验及问题整改报告、信息资源共享落实情况、第三方测评报告、安全风险评估报告、密码应用安全性评估报告等材料',
      })),
      requires: [
        {
          condition: { hasMaterial: 'initial_acceptance_report' },
          message: '终验须在初验合格后进行，并提交初验及问题整改报告',
          article: 17,
        },
      ],
      // 初验合格 is the requirement above; the clock is the 试运行's: 终验 from the day after its 3 months.
      notBefore: { event: 'trial_run_started', offset: { amount: 3, unit: 'months' }, article: 17 },
      article: 17,
    },
    {
      id: 'performance_self_evaluation',
      name: '绩效自评价',
      completedBy: 'self_evaluation_submitted',
      materials: [
        {
          id: 'self_evaluation_report',
          name: '项目绩效自评价报告（报送县智慧办和县财政局）',
          contents: ['运行效果', '遇到的问题'],
          article: 18,
          quote: '项目绩效自评价报告主要包括运行效果及遇到的问题等',
        },
      ],
      article: 18,
    },
  ],
  timeLimits: [
    {
      id: 'annual_declaration',
      obligation: '编制下一年度政务信息化项目，向县智慧办提交《金寨县政务信息化项目申报表》',
      // "每年10月份前": before October, so 9月30日 is the last day.
      trigger: { kind: 'annual', month: 9, day: 30 },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      when: { not: OFFICE_PC },
      article: 5,
      quote: '并于每年10月份前向县智慧办提交《金寨县政务信息化项目申报表》（附件1）',
    },
    {
      id: 'adjustment_filing',
      obligation: '向县政府申请调整的同时向县智慧办备案',
      trigger: { kind: 'event', event: 'adjustment_requested' },
      type: 'deadline',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      article: 15,
      quote: '可由项目建设单位向县政府申请调整，同时向县智慧办备案',
    },
    {
      id: 'trial_run_before_final_acceptance',
      obligation: '初验合格且试运行满3个月后，方可组织终验',
      trigger: { kind: 'event', event: 'trial_run_started' },
      type: 'not_before',
      offset: { amount: 3, unit: 'months' },
      responsible: 'unit',
      article: 17,
      quote: '初验合格且试运行3个月后，项目建设单位应组织相关单位、专家进行终验',
      note: '“初验合格且试运行3个月后”名两个条件：初验合格由终验阶段的前提（初验及问题整改报告）把关，时钟只数试运行的3个月，自开始试运行次日起算，满3个月的次日起方可终验。',
    },
    {
      id: 'performance_self_evaluation',
      obligation: '开展绩效自评价，并将评价报告报送至县智慧办和县财政局',
      trigger: { kind: 'event', event: 'final_acceptance', alsoAfter: ['operation_started'] },
      type: 'deadline',
      offset: { amount: 6, unit: 'months' },
      responsible: 'unit',
      article: 18,
      quote:
        '项目建设单位须在项目通过终验并投入运行后6个月内，根据项目运行情况，开展绩效自评价，并将评价报告报送至县智慧办和县财政局',
      note: '“通过终验并投入运行后”：两件事都发生之后才起算，即从两者中较晚的一个起算；只报告了其中一个时不提醒。',
    },
  ],
  checks: [
    {
      id: 'no_own_hardware',
      level: 'warning',
      when: { all: [NOT_OFFICE_PC, { fact: 'plansOwnHardware', op: '==', value: true }] },
      message:
        '项目建设方案拟自建或采购独立机房、数据中心、大屏、服务器等硬件设备：本办法原则上不得有此类设备，由县智慧办统筹配置管理；法律、法规、规章另有规定的除外，请审核人员核实依据',
      article: 8,
      quote:
        '除法律、法规、规章另有规定的以外，项目建设方案原则上不得有独立机房、数据中心、大屏、服务器等硬件设备，由县智慧办统筹配置管理。',
      note: '“原则上”且有“另有规定的除外”：是提请审核人员注意的原则，不阻断申报；所指是项目建设单位自己的硬件，由申报表中“是否自建或采购独立机房、数据中心、大屏、服务器等硬件”一问判断，不看字眼——部署在县云计算中心服务器上（第十四条）正是本办法的要求。',
    },
    {
      id: 'no_exclusive_data_opening',
      level: 'blocker',
      when: { mentions: ['仅向特定企业', '仅向特定社会组织', '仅对特定企业', '独家开放', '独家授权', '排他性授权'] },
      message: '信息资源目录须确保信息资源共享，不得将须普遍共享的数据仅向特定企业、社会组织开放',
      article: 8,
      quote: '确保信息资源共享，不得将须普遍共享的数据仅向特定企业、社会组织开放',
    },
    {
      id: 'not_in_annual_plan',
      level: 'warning',
      when: {
        all: [
          { fact: 'fiscalFundsWan', op: '>', value: 0 },
          { mentions: ['未纳入年度', '未列入年度', '计划外', '临时确需', '临时建设', '临时项目'] },
        ],
      },
      message: '未纳入年度政务信息化项目建设计划的项目，原则上不安排财政资金；临时确需建设的，按程序报批后实施',
      article: 7,
      quote:
        '未纳入年度政务信息化项目建设计划的项目，原则上不安排财政资金。因临时确需建设的政务信息化项目，按程序报批后实施。',
    },
    {
      id: 'no_duplicate_network',
      level: 'warning',
      when: { mentions: ['专网', '专用网络', '自建网络'] },
      message:
        '须依托县云计算中心、县电子政务外网、县“城市大脑”数据中台等资源集约化建设，原则上不再重复建设应用类数据中心和专网',
      article: 14,
      quote: '原则上不再重复建设应用类数据中心和专网',
    },
    {
      id: 'migrate_to_county_cloud',
      level: 'warning',
      when: {
        all: [
          NOT_OFFICE_PC,
          {
            any: [
              { fact: 'kind', op: 'in', value: ALREADY_BUILT_KINDS },
              { fact: 'hasExistingSystem', op: '==', value: true },
            ],
          },
          { not: { mentions: ['县云计算中心', '云计算中心', '政务云'] } },
        ],
      },
      message: '已建成并投入使用的政务信息化项目，应通过应用搬迁、容灾备份等形式，逐步迁移至县云计算中心统一维护管理',
      article: 14,
      quote:
        '已建成并投入使用的政务信息化项目，按照资源整合、集中共享的目标，通过应用搬迁、容灾备份等形式，逐步迁移至县云计算中心统一维护管理。',
    },
    {
      id: 'adjustment_needs_approval',
      level: 'warning',
      when: { fact: 'budgetAdjustmentRatio', op: '>', value: 0 },
      message: '须严格按照县政府批准的审核意见和投资概算实施；确需调整的，向县政府申请调整，同时向县智慧办备案',
      article: 15,
      quote:
        '项目建设单位须严格按照县政府批准的审核意见和投资概算实施项目建设。项目确需调整的，可由项目建设单位向县政府申请调整，同时向县智慧办备案。',
    },
    {
      id: 'classified_procurement',
      level: 'warning',
      when: { mentions: ['涉密'] },
      message: '招标采购涉密信息系统的，还须执行保密有关法律法规规定',
      article: 12,
      quote: '招标采购涉密信息系统的，还须执行保密有关法律法规规定。',
    },
  ],
  duties: [
    {
      id: 'annual_plan_filing',
      obligation: '统筹考虑各部门建设需求，编制年度政务信息化项目建设计划并报县财政局、县发改委备案',
      responsible: 'reviewer',
      article: 7,
      quote: '县智慧办统筹考虑各部门建设需求，编制年度政务信息化项目建设计划并报县财政局、县发改委备案。',
    },
    {
      id: 'two_stage_acceptance',
      obligation: '项目实行验收制度，分初验和终验两个阶段进行',
      responsible: 'unit',
      article: 16,
      quote: '项目实行验收制度，包括初验和终验两个阶段。',
    },
  ],
  consequences: [
    { rung: 1, name: '限期整改', article: 20, quote: '要求项目建设单位限期整改' },
    { rung: 2, name: '暂缓安排投资计划', article: 20, quote: '相关部门可对其暂缓安排投资计划' },
    { rung: 3, name: '暂停项目建设', article: 20, quote: '暂停项目建设' },
    { rung: 4, name: '终止项目', article: 20, quote: '直至终止项目' },
  ],
  roleNames: {
    unit: '项目建设单位',
    reviewer: '县智慧办',
    joint_reviewer: '有关部门',
    approver: '县政府',
    finance: '县财政局',
    audit: '县审计局',
  },
  synonyms: [
    ['县智慧办', '金寨县智慧城市管理服务中心', '智慧办'],
    ['项目建设单位', '建设单位', '申请单位'],
    ['县政府', '金寨县人民政府'],
    ['《金寨县政务信息化项目申报表》', '金寨县政务信息化建设项目申报表', '金寨县政务信息化项目建设申报表', '附件1'],
    ['《金寨县行政事业单位办公电脑采购申报表》', '办公电脑采购申报表', '附件2'],
    ['项目概算', '投资概算'],
    ['审核意见', '书面审核意见'],
    ['终验', '竣工验收'],
  ],
};

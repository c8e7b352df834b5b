/**
 * 高平市政务信息化项目建设应用管理办法（高政办发〔2020〕35号, 山西省晋城市高平市）.
 *
 * Vocabulary of this text, which differs from the other packs:
 * - 项目实施单位 (市直各单位, 第五条) is the unit that owns and declares the project: role `unit`.
 * - 项目建设单位 is the contractor that builds it (第五条 "负责承建", 第十五条 chosen by competition);
 *   it is not a role of the route.
 * - 市政务信息化主管部门 is 市行政审批服务管理局（市政务信息管理局）(第五条): it reviews AND approves
 *   立项 (第八条 "审批立项"): role `reviewer`. 市人民政府 agrees before the budget (第十三条): `approver`.
 */
import { parseArticles } from '../articles.js';
import { text } from '../texts/gaoping-2020.js';
import type { Condition, Material, ProjectKind, RulePack } from '../types.js';

const NEW_BUILD: Condition = { fact: 'kind', op: '==', value: 'new_build' };

/** 第八条: the application materials every declaration carries; the text does not vary them by kind. */
const DECLARATION_MATERIALS: readonly Material[] = [
  {
    id: 'system_catalogue_entry',
    name: '项目涉及的信息系统已列入本部门政务信息系统目录',
    precondition: true,
    article: 10,
    quote: '新建政务信息化项目应将所有涉及的信息系统列入目录后按程序报批',
  },
  {
    id: 'project_proposal',
    name: '项目建议书',
    article: 8,
    quote: '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
  },
  {
    id: 'feasibility_study',
    name: '可行性研究报告',
    article: 8,
    quote: '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
  },
  {
    id: 'preliminary_design',
    name: '初步设计',
    article: 8,
    quote: '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
  },
  {
    id: 'resource_catalogue',
    name: '信息资源目录',
    article: 8,
    quote: '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
  },
  {
    id: 'investment_estimate',
    name: '投资概算',
    article: 8,
    quote: '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
  },
  {
    id: 'overall_plan',
    name: '项目整体方案（项目牵头部门会同共建单位共同形成）',
    when: { mentions: ['跨部门', '跨层级', '共建共享', '多部门共建', '共建单位'] },
    article: 8,
    quote: '跨部门、跨层级共建共享的项目,应由项目牵头部门会同共建单位,共同形成项目整体方案',
  },
];

/** 第三条: "新建、扩建或改造升级、运行维护的项目". */
const projectKinds: readonly ProjectKind[] = [
  { id: 'new_build', label: '新建', materials: DECLARATION_MATERIALS, route: 'approval', article: 3 },
  { id: 'expansion', label: '扩建', materials: DECLARATION_MATERIALS, route: 'approval', article: 3 },
  { id: 'upgrade', label: '改造升级', materials: DECLARATION_MATERIALS, route: 'approval', article: 3 },
  { id: 'operation', label: '运行维护', materials: DECLARATION_MATERIALS, route: 'approval', article: 3 },
];

export const gaoping2020: RulePack = {
  id: 'gaoping-2020',
  version: { label: '2020年版' },
  region: { id: 'gaoping', name: '高平市', code: 'GP' },
  identity: {
    title: '高平市政务信息化项目建设应用管理办法',
    docNumber: '高政办发〔2020〕35号',
    issuer: '高平市人民政府办公室',
    issued: '2020-08-13',
    // 第三十五条: 本办法自印发之日起施行 (印发 2020年8月13日).
    status: { kind: 'in_force', since: '2020-08-13' },
  },
  articles: parseArticles(text),
  forms: [],

  scope: {
    exclusions: [
      {
        // 第二条 covers 市直各单位 only; the notice lists 乡(镇)、街道办事处、开发区管委会 apart from them.
        // Projects a 市直单位 leads with 乡镇 taking part fall under 第六条 and stay in scope.
        id: 'non_municipal_unit',
        label:
          '乡(镇)、街道办事处、开发区管委会自行建设的项目（本办法适用于市直各单位；市直单位牵头、乡镇共同参与的项目见第六条）',
        keywords: ['乡镇自建', '乡镇建设', '镇政府', '镇人民政府', '街道办事处', '开发区管委会'],
        article: 2,
        quote: '市直各单位政务信息化项目的规划、建设、验收、安全保障和应用评估等,适用本办法',
      },
    ],
  },

  projectKinds,

  routes: [
    {
      id: 'approval',
      name: '审批立项和预算安排（第二章 规划和审核）',
      resubmitFrom: 'start',
      article: 8,
      steps: [
        {
          id: 'declaration',
          name: '项目实施单位编制申请材料，报市政务信息化主管部门审批立项',
          role: 'unit',
          mode: 'all',
          produces: '项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料',
          article: 8,
          quote:
            '编制项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算等申请材料,报市政务信息化主管部门审批立项',
        },
        {
          id: 'pre_review',
          name: '新设立部门或未纳入规划的项目：市政务信息化主管部门按对接要求前置审查',
          role: 'reviewer',
          mode: 'all',
          produces: '前置审查意见',
          skipWhen: { not: { mentions: ['新设立部门', '新设部门', '新成立', '未纳入规划', '规划外', '不在规划内'] } },
          article: 11,
          quote:
            '新设立部门或未纳入规划的政务信息化建设项目,由市政务信息化主管部门按照与省一体化在线政务服务平台及我市“政务服务系统”对接要求进行前置审查,报市人民政府批准后实施',
        },
        {
          id: 'review',
          name: '市政务信息化主管部门全面审核、审批立项',
          role: 'reviewer',
          mode: 'all',
          produces: '审核意见及立项审批（需求合理性、建设集约性、方案可行性、预算合理性、绩效目标合理性）',
          article: 11,
          quote:
            '对所提交的信息化建设项目从信息化需求合理性、建设集约性、方案可行性、预算合理性、绩效目标的合理性等方面对项目进行全面审核',
        },
        {
          id: 'government_consent',
          name: '实施单位按程序报经市人民政府同意',
          role: 'approver',
          officeNames: { approver: ['政府'] },
          mode: 'all',
          produces: '市人民政府同意',
          article: 13,
          quote: '对符合建设规划并通过审核的项目,实施单位按程序报经市人民政府同意后',
        },
        {
          id: 'budget',
          name: '市财政部门按规定安排预算',
          role: 'finance',
          mode: 'all',
          produces: '建设及运维经费预算安排',
          article: 13,
          quote: '由市财政部门按规定安排预算,统筹保障政务信息化项目建设及运维经费',
        },
      ],
    },
  ],

  // 第十九条: the unit submits an adjustment request; the 主管部门 assesses it and gives its opinion.
  changeRoute: {
    id: 'adjustment',
    name: '调整申请：市政务信息化主管部门综合评估',
    resubmitFrom: 'start',
    article: 19,
    steps: [
      {
        id: 'adjustment_request',
        name: '项目实施单位提交调整申请',
        role: 'unit',
        mode: 'all',
        produces: '调整申请',
        article: 19,
        quote: '项目实施单位应及时提交调整申请',
      },
      {
        id: 'assessment',
        name: '市政务信息化主管部门综合评估并提出意见',
        role: 'reviewer',
        mode: 'all',
        produces: '调整意见',
        article: 19,
        quote: '市政务信息化主管部门综合评估后对项目提出意见,并进行相应调整',
      },
    ],
  },

  events: [
    { id: 'declared', label: '报市政务信息化主管部门审批立项' },
    { id: 'approved', label: '审批立项' },
    { id: 'budget_arranged', label: '市财政部门安排预算' },
    { id: 'contract_signed', label: '签订正式合同' },
    { id: 'contract_filed', label: '合同文本报市政务信息化主管部门备案' },
    { id: 'supervisor_filed', label: '项目监理单位备案' },
    { id: 'adjustment_requested', label: '提交调整申请' },
    { id: 'construction_completed', label: '项目建成' },
    { id: 'final_acceptance', label: '竣工验收' },
    { id: 'acceptance_report_filed', label: '竣工验收报告备案' },
    { id: 'finance_notified', label: '书面告知市财政部门' },
    { id: 'self_evaluation_submitted', label: '报送自评价报告' },
  ],

  stages: [
    {
      // 第十五条's 5 个工作日 are for the 合同文本 alone; the 监理单位 filing has no time limit.
      id: 'contracting',
      name: '签订合同并报备合同文本',
      completedBy: 'contract_filed',
      materials: [
        {
          id: 'contract_text',
          name: '项目建设合同文本',
          article: 15,
          quote: '将合同文本报市政务信息化主管部门备案',
        },
      ],
      // 第十条: 不得未批先建.
      notBefore: { event: 'approved', offset: { amount: 0, unit: 'days' }, article: 10 },
      article: 15,
    },
    {
      id: 'supervisor_filing',
      name: '确定项目监理单位并备案',
      completedBy: 'supervisor_filed',
      optional: true,
      materials: [
        {
          id: 'supervisor_filing',
          name: '项目监理单位确定及备案材料',
          article: 15,
          quote: '项目实施单位应通过市场化机制确定项目监理单位,并向市政务信息化主管部门备案',
        },
      ],
      notBefore: { event: 'approved', offset: { amount: 0, unit: 'days' }, article: 10 },
      article: 15,
    },
    {
      id: 'construction',
      name: '项目建设',
      completedBy: 'construction_completed',
      materials: [
        {
          id: 'deliverables',
          name: '项目建设单位提交的有关成果',
          contents: ['设计文件', '源代码', '测试文档'],
          article: 15,
          quote: '项目建设单位要及时向实施单位提交有关成果(包括设计文件、源代码、测试文档等)',
        },
      ],
      notBefore: { event: 'approved', offset: { amount: 0, unit: 'days' }, article: 10 },
      article: 19,
    },
    {
      id: 'final_acceptance',
      name: '竣工验收',
      completedBy: 'final_acceptance',
      materials: [
        {
          id: 'resource_catalogue_registration',
          name: '项目信息资源目录纳入共享平台目录管理系统',
          article: 20,
          quote: '项目信息资源目录应纳入共享平台目录管理系统,作为竣工验收的内容',
        },
        {
          id: 'secure_controllable_statement',
          name: '项目软硬件产品安全可控情况',
          article: 18,
          quote: '项目软硬件产品安全可控情况作为项目验收的重要内容',
        },
      ],
      requires: [
        {
          condition: { hasMaterial: 'resource_catalogue_registration' },
          message: '项目信息资源目录应纳入共享平台目录管理系统，作为竣工验收的内容',
          article: 20,
        },
        {
          condition: { hasMaterial: 'secure_controllable_statement' },
          message: '项目软硬件产品安全可控情况作为项目验收的重要内容',
          article: 18,
        },
      ],
      notBefore: { event: 'construction_completed', offset: { amount: 0, unit: 'days' }, article: 20 },
      article: 20,
    },
    {
      id: 'acceptance_filing',
      name: '竣工验收报告备案',
      completedBy: 'acceptance_report_filed',
      materials: [
        {
          id: 'acceptance_report',
          name: '竣工验收报告',
          article: 20,
          quote: '将竣工验收报告提交市政务信息化主管部门备案',
        },
      ],
      notBefore: { event: 'final_acceptance', offset: { amount: 0, unit: 'days' }, article: 20 },
      article: 20,
    },
    {
      id: 'self_evaluation',
      name: '项目自评价',
      completedBy: 'self_evaluation_submitted',
      materials: [
        {
          id: 'self_evaluation_report',
          name: '项目自评价报告（报送市政务信息化主管部门和市财政部门）',
          article: 21,
          quote: '将自评价报告报送市政务信息化主管部门和市财政部门',
        },
      ],
      article: 21,
    },
  ],

  timeLimits: [
    {
      id: 'contract_filing',
      obligation: '签订正式合同后，将合同文本报市政务信息化主管部门备案',
      trigger: { kind: 'event', event: 'contract_signed' },
      type: 'deadline',
      offset: { amount: 5, unit: 'working_days' },
      responsible: 'unit',
      article: 15,
      quote: '项目实施单位应在签订正式合同后5个工作日内,将合同文本报市政务信息化主管部门备案',
      note: '5个工作日只对合同文本；同条“确定项目监理单位,并向市政务信息化主管部门备案”未设时限。',
    },
    {
      id: 'acceptance_report_filing',
      obligation:
        '竣工验收后，将竣工验收报告提交市政务信息化主管部门备案（未备案的，不得拨付后续建设资金和运行维护经费）',
      trigger: { kind: 'event', event: 'final_acceptance' },
      type: 'deadline',
      offset: { amount: 30, unit: 'working_days' },
      responsible: 'unit',
      article: 20,
      quote: '项目竣工验收后 30 个工作日内,将竣工验收报告提交市政务信息化主管部门备案',
    },
    {
      id: 'finance_notification',
      obligation: '完成竣工验收报告备案手续后，书面告知市财政部门',
      trigger: { kind: 'event', event: 'acceptance_report_filed' },
      type: 'deadline',
      offset: { amount: 5, unit: 'working_days' },
      responsible: 'reviewer',
      article: 20,
      quote: '市政务信息化主管部门应在完成备案手续后 5 个工作日内书面告知市财政部门',
    },
    {
      id: 'self_evaluation',
      obligation:
        '年度预算结束后，按财政预算绩效管理要求开展项目自评价，并将自评价报告报送市政务信息化主管部门和市财政部门',
      trigger: { kind: 'budget_year_end', event: 'budget_arranged' },
      type: 'not_before',
      offset: { amount: 0, unit: 'days' },
      responsible: 'unit',
      article: 21,
      quote: '项目实施单位应在年度预算结束后,按照财政预算绩效管理要求开展项目自评价',
    },
  ],

  checks: [
    {
      id: 'system_catalogue',
      level: 'blocker',
      when: { not: { hasMaterial: 'system_catalogue_entry' } },
      message:
        '项目涉及的信息系统应列入本部门政务信息系统目录后按程序报批；未列入目录的，不予审批项目，不予安排建设投资，不予安排运维资金',
      article: 10,
      quote: '未列入目录的,不予审批项目,不予安排建设投资,不予安排运维资金',
    },
    {
      id: 'no_build_before_approval',
      level: 'blocker',
      when: { mentions: ['未批先建', '先建后批', '已开工', '已先行建设', '已先行实施', '先行开工'] },
      message: '不得未批先建信息化项目，不得将信息化项目变相包装或纳入其他项目进行建设',
      article: 10,
      quote: '各部门不得未批先建信息化项目,不得将信息化项目变相包装或纳入其他项目进行建设',
    },
    {
      id: 'no_new_platform',
      level: 'warning',
      when: NEW_BUILD,
      message:
        '各部门原则上不再新建信息平台系统，能够利用国家、省、晋城市平台系统的尽可能利用，并协调与市“政务服务系统”对接',
      article: 11,
      quote:
        '各部门原则上不再新建信息平台系统,能够利用国家、省、晋城市平台系统的尽可能利用,并协调与市“政务服务系统”对接',
    },
    {
      id: 'upper_level_requirement',
      level: 'warning',
      when: {
        all: [
          NEW_BUILD,
          {
            mentions: [
              '上级主管部门',
              '上级要求',
              '上级部门要求',
              '省级要求',
              '省里要求',
              '国家要求',
              '对接上级',
              '省厅要求',
            ],
          },
        ],
      },
      message:
        '因上级主管部门要求需要新建信息系统并对接的，原则上按照数据对接标准对现有系统进行改造对接，不得新增建设项目及增加信息系统数量',
      article: 11,
      quote:
        '因上级主管部门要求需要新建信息系统并对接的,原则上按照数据对接标准对现有系统进行改造对接,不得新增建设项目及增加信息系统数量',
    },
    {
      id: 'existing_system_integration',
      level: 'warning',
      when: {
        any: [
          { fact: 'kind', op: '==', value: 'operation' },
          { fact: 'hasExistingSystem', op: '==', value: true },
        ],
      },
      message: '已建信息平台系统须与市“政务服务系统”对接，否则不予安排运维资金',
      article: 11,
      quote: '已建信息平台系统须与市“政务服务系统”对接,否则不予安排运维资金',
    },
    {
      id: 'interconnection',
      level: 'warning',
      when: {
        mentions: [
          '无法互联互通',
          '不能互联互通',
          '不互联互通',
          '不与其他系统共享',
          '不进行数据共享',
          '不共享数据',
          '无法实现业务协同',
        ],
      },
      message:
        '无法实现互联互通、信息共享、业务协同的信息系统，不再批准建设；未按要求进行业务协同和数据共享的，不再拨付运维经费',
      article: 11,
      quote: '无法实现互联互通、信息共享、业务协同的信息系统,不再批准建设',
    },
    {
      id: 'negative_list',
      level: 'warning',
      when: {
        mentions: [
          '无法对接',
          '不能对接',
          '不对接',
          '暂不对接',
          '不上云',
          '不迁移',
          '本地部署',
          '自建机房',
          '独立部署',
        ],
      },
      message:
        '不能与政务云和市“政务服务体系”实施对接的平台，必须讲明理由，找准依据，报市人民政府批准（负面清单管理）；除此之外，所有平台系统必须与市政务云和市“政务服务体系”对接上线',
      article: 11,
      quote: '各部门对不能与政务云和市“政务服务体系”实施对接的平台,必须讲明理由,找准依据,报市人民政府批准',
    },
    {
      id: 'private_network',
      level: 'warning',
      when: { mentions: ['业务专网', '专网', '专用网络'] },
      message:
        '除国家另有规定外，市直单位不得新建业务专网；按照法律、法规和国家规定需要新建的，应报市政务信息化主管部门同意',
      article: 11,
      quote:
        '除国家另有规定外,市直单位不得新建业务专网;按照法律、法规和国家规定需要新建业务专网的,应报市政务信息化主管部门同意',
    },
    {
      id: 'cloud_service_catalogue',
      level: 'warning',
      when: {
        mentions: ['服务器', '存储', '机房', '云主机', '云资源', '云服务', '虚拟机', '数据库', '中间件', '带宽'],
      },
      message:
        '政务信息化项目建设应使用《高平市政务云系统服务目录》中提供的服务，并利用一体化在线政务服务平台的公共应用支撑体系，不得重复建设服务系统',
      article: 12,
      quote:
        '政务信息化项目建设应使用《高平市政务云系统服务目录》中提供的服务,并利用一体化在线政务服务平台提供的公共应用支撑体系,各部门不得重复建设服务系统',
    },
    {
      id: 'competitive_selection',
      level: 'warning',
      when: { mentions: ['内容复杂', '技术要求高', '技术复杂', '技术难度大'] },
      message: '项目内容复杂、技术要求高的，应坚持公开、公平、公正的原则，通过市场竞争方式确定项目建设单位',
      article: 15,
      quote: '对于项目内容复杂、技术要求高的,坚持公开、公平、公正的原则,通过市场竞争方式确定项目建设单位',
    },
    {
      id: 'mobile_terminal',
      level: 'warning',
      when: {
        any: [
          { fact: 'isNewApp', op: '==', value: true },
          { mentions: ['移动终端', '小程序', '公众号', '移动端', 'APP'] },
        ],
      },
      message: '项目实施单位建设的移动终端要与“政务服务系统”总终端实现对接应用',
      article: 16,
      quote: '项目实施单位建设的移动终端要与“政务服务系统”总终端实现对接应用',
    },
    {
      id: 'secure_controllable_products',
      level: 'warning',
      when: {
        any: [
          { fact: 'isSoftwareDevelopment', op: '==', value: true },
          {
            mentions: [
              '安全设备',
              '网络设备',
              '交换机',
              '路由器',
              '防火墙',
              '服务器',
              '操作系统',
              '数据库',
              '中间件',
              '基础软件',
              '系统软件',
              '应用软件',
              '采购',
            ],
          },
        ],
      },
      message:
        '应按照政府采购有关规定，采购自主可控的信息安全设备、核心网络设备、基础软件、系统软件和业务应用软件等关键产品；软硬件产品安全可控情况是项目验收的重要内容',
      article: 18,
      quote: '采购自主可控的信息安全设备、核心网络设备、基础软件、系统软件和业务应用软件等关键产品',
    },
    {
      id: 'major_change',
      level: 'warning',
      when: { mentions: ['调整建设内容', '建设内容调整', '变更建设内容', '建设内容变更', '重大变化', '重大变更'] },
      message:
        '项目建设条件、建设内容发生重大变化时，项目实施单位应及时提交调整申请，由市政务信息化主管部门综合评估后提出意见；擅自调整建设内容的，责令限期整改（第二十二条）',
      article: 19,
      quote: '当项目建设条件、建设内容发生重大变化时,项目实施单位应及时提交调整申请',
    },
    {
      id: 'operation_needs_filed_acceptance',
      level: 'warning',
      when: { all: [{ fact: 'kind', op: '==', value: 'operation' }, { not: { hasMaterial: 'acceptance_report' } }] },
      message: '竣工验收报告未报市政务信息化主管部门备案的项目，不得拨付后续建设资金和运行维护经费',
      article: 20,
      quote: '对未备案的项目,不得拨付后续建设资金和运行维护经费',
    },
    {
      id: 'migrate_to_government_cloud',
      level: 'warning',
      when: {
        all: [
          {
            any: [
              { fact: 'kind', op: 'in', value: ['operation', 'upgrade', 'expansion'] },
              { fact: 'hasExistingSystem', op: '==', value: true },
            ],
          },
          { not: { mentions: ['政务云'] } },
          { not: { mentions: ['涉密'] } },
        ],
      },
      message:
        '项目实施单位已建、在建的非涉密应用系统应向市政务云迁移，统一由市政府信息中心（大数据中心）运行维护；申报内容未写明迁移市政务云',
      article: 24,
      quote:
        '项目实施单位已建、在建的非涉密应用系统应向市政务云迁移,统一由市政府信息中心(大数据中心)按照程序和要求进行运行维护',
      note: '第二十四条只要求非涉密应用系统迁移；涉密项目仍适用本办法，只是不在迁移之列。',
    },
    {
      id: 'crypto_and_protection',
      level: 'warning',
      when: { fact: 'passedCryptoAssessment', op: '==', value: false },
      message: '应严格落实等级保护和国家密码管理要求，同步规划、同步建设、同步运行密码保障系统并定期评估',
      article: 31,
      quote: '严格落实等级保护和国家密码管理要求,同步规划、同步建设、同步运行密码保障系统并定期评估',
    },
  ],

  duties: [
    {
      id: 'unit_plan_filing',
      obligation:
        '市直各单位、各乡（镇、办事处）编制的各类规划涉及政务信息系统建设的，报市政务信息化主管部门备案，与全市政务信息化应用规划衔接',
      responsible: 'unit',
      article: 7,
      quote:
        '市直各单位、各乡(镇、办事处)编制的各类规划涉及政务信息系统建设的,报市政务信息化主管部门备案,与全市政务信息化应用规划进行衔接',
    },
    {
      id: 'cloud_migration',
      obligation: '已建、在建的非涉密应用系统向市政务云迁移，已建行业云全部纳入市政务云系统统一管理',
      responsible: 'unit',
      article: 24,
      quote:
        '项目实施单位已建、在建的非涉密应用系统应向市政务云迁移,统一由市政府信息中心(大数据中心)按照程序和要求进行运行维护。已建行业云要全部纳入市政务云系统统一管理。',
    },
    {
      id: 'security_emergency_plan',
      obligation: '项目实施单位与项目建设单位共同制定政务信息化安全事件应急预案，并定期组织演练',
      responsible: 'unit',
      article: 32,
      quote: '项目实施单位与项目建设单位共同制定有关政务信息化安全事件的应急预案并定期组织演练',
    },
    {
      id: 'security_incident_handling',
      obligation:
        '发生危害网络安全事件时，及时处置，如实记录事件发生的时间、事件表现、处置情况等内容，保存处置情况和相关记录，并按规定向有关单位报告',
      responsible: 'unit',
      article: 32,
      quote:
        '发生危害网络安全事件时,应及时进行处置,如实记录事件发生的时间、事件表现、处置情况等内容,并将处置情况和相关记录保存,按照规定向有关单位报告',
    },
  ],
  consequences: [
    {
      rung: 1,
      name: '责令限期整改',
      article: 22,
      quote: '对于违反审批要求建设、擅自调整建设内容、无合理原因长期拖延不验收等项目,将责令项目实施单位限期整改',
    },
    {
      rung: 2,
      name: '暂停拨付项目建设和运维资金',
      article: 22,
      quote: '对拒不整改或整改后仍不符合要求的,暂停拨付项目建设和运维资金',
    },
    { rung: 3, name: '终止项目', article: 22, quote: '直至终止项目' },
    // Consequences that follow directly from a finding, not from escalating the ladder.
    {
      rung: 4,
      name: '追究相关当事人责任',
      article: 22,
      quote: '对造成项目建设资金严重损失的,追究相关当事人责任',
      directFrom: '造成项目建设资金严重损失',
    },
    {
      rung: 5,
      name: '不予审批项目，不予安排建设投资，不予安排运维资金',
      article: 10,
      quote: '未列入目录的,不予审批项目,不予安排建设投资,不予安排运维资金',
      directFrom: '项目涉及的信息系统未列入政务信息系统目录',
    },
    {
      rung: 6,
      name: '不予安排运维资金',
      article: 11,
      quote: '已建信息平台系统须与市“政务服务系统”对接,否则不予安排运维资金',
      directFrom: '已建信息平台系统未与市“政务服务系统”对接',
    },
    {
      rung: 7,
      name: '不再拨付运维经费',
      article: 11,
      quote: '未按照要求进行业务协同和数据共享的信息化项目,不再拨付运维经费',
      directFrom: '未按照要求进行业务协同和数据共享',
    },
    {
      rung: 8,
      name: '不得拨付后续建设资金和运行维护经费',
      article: 20,
      quote: '对未备案的项目,不得拨付后续建设资金和运行维护经费',
      directFrom: '竣工验收报告未报市政务信息化主管部门备案',
    },
  ],

  roleNames: {
    unit: '项目实施单位',
    reviewer: '市行政审批服务管理局（市政务信息管理局）',
    approver: '市人民政府',
    finance: '市财政局',
  },

  synonyms: [
    ['市政务信息化主管部门', '市行政审批服务管理局', '市政务信息管理局', '政务信息化主管部门', '市政务信息主管部门'],
    ['项目实施单位', '实施单位', '市直各单位'],
    ['市财政局', '市财政部门'],
    ['市政府信息中心', '大数据中心'],
    ['竣工验收', '验收', '终验'],
    ['政务信息资源', '政务数据'],
    ['政务服务系统', '政务服务体系'],
    ['运行维护', '运维'],
    ['政务云', '市政务云系统'],
  ],
};

/**
 * The text commands the bot understands (申报, 我的草稿, 帮助 …): one table of the words, the help
 * line and the service that runs each, and the look-up a message goes through.
 */
import type { AppContext } from './context.js';
import type { IncomingText } from './lark/messages.js';
import type { HelpEntry } from '../cards/help.js';
import { replyWithHelp } from './services/help.js';
import { listDrafts, startDeclaration } from './services/declare.js';
import { exportCommand, listMyProjects } from './services/projects.js';
import { awayCommand, progressCommand, urgeCommand } from './services/approval/index.js';
import { LIFECYCLE_REPORT_PATTERN, lifecycleTextCommand, progressFormCommand } from './services/lifecycle.js';
import { adjustCommand } from './services/lifecycle-adjust.js';
import { rectifyCommand } from './services/rectification/issue.js';
import { refuseCommand } from './services/rectification/ladder.js';
import { bindUnitCommand } from './services/groups.js';

export interface Command extends HelpEntry {
  /**
   * Exact words, or a pattern for the start of the message. Without it the message starts with the
   * command's first word (催办JZ-2026-0001 and 催办 JZ-2026-0001 alike) and the rest is its arguments.
   */
  match?: readonly string[] | RegExp;
  run(ctx: AppContext, msg: IncomingText, args: string): Promise<void>;
}

/**
 * Every text command, in one table: what the user types, what the help card says about it, and
 * the service that runs it. A message that matches nothing is a question about the regulations
 * (the help card says so in an entry of its own: `HELP_ONLY_ENTRIES` in services/help.ts).
 */
export const COMMANDS: readonly Command[] = [
  {
    command: '帮助',
    summary: '查看我能做什么',
    match: ['帮助', 'help', '菜单', '？', '?'],
    for: ['everyone'],
    run: (ctx, msg) => replyWithHelp(ctx, msg, COMMANDS),
  },
  {
    command: '申报',
    for: ['unit', 'newcomer'],
    summary: '填写本地区规定的申报表，分步保存，提交后进入审核',
    match: ['申报', '新建项目', '我要申报', '项目申报'],
    button: { text: '申报项目', action: 'declare.start' },
    run: startDeclaration,
  },
  {
    command: '我的草稿',
    for: ['unit'],
    summary: '继续填写或删除未提交的申报',
    match: ['我的草稿', '草稿'],
    run: listDrafts,
  },
  {
    command: '我的项目',
    for: ['unit'],
    summary: '本单位的项目：编号、名称、所处阶段和下一个期限，可查看进度、报告进展、导出申报表',
    match: ['我的项目', '项目列表'],
    run: listMyProjects,
  },
  {
    command: '导出申报表 <项目编号>',
    for: ['unit', 'official', 'admin'],
    summary: '生成本地区规定格式的申报表（.docx）并发给你',
    run: exportCommand,
  },
  {
    command: '进度 <项目编号>',
    for: ['unit', 'official', 'admin'],
    summary: '项目的审批进度和处理记录',
    match: /^(进度|查看进度|审批进度)/,
    run: progressCommand,
  },
  {
    command: '催办 <项目编号>',
    for: ['unit'],
    summary: '提醒审批部门办理（每个环节每个工作日一次）',
    run: urgeCommand,
  },
  {
    command: '设置代理 @同事 <开始日期> 至 <结束日期>',
    for: ['official'],
    summary: '外出期间由同事代为审批',
    run: awayCommand,
  },
  {
    command: '报告进展 <项目编号>',
    for: ['unit'],
    summary: '用卡片报告合同签订、初验、终验等进展，回复下一阶段、所需材料和期限',
    run: progressFormCommand,
  },
  {
    command: '调整 <项目编号> <调整后总投资（万元）>',
    for: ['unit'],
    summary:
      '预算调整（可在金额后写调整理由）：按本地区办法判断可备案还是须变更审批；须审批的按规定流程报送，批准后生效',
    match: /^(调整|变更)(?=\s*[A-Za-z]{1,8}-\d{4}-)/,
    run: adjustCommand,
  },
  {
    command: '整改不到位 <项目编号> <理由>',
    for: ['reviewer'],
    summary: '记录拒不整改或整改不到位，提出下一级处理措施',
    run: refuseCommand,
  },
  {
    command: '整改 <项目编号>',
    for: ['reviewer'],
    summary: '下达整改通知：问题、依据和期限',
    match: /^整改(?=\s*[A-Za-z]{1,8}-\d{4}-)/,
    run: rectifyCommand,
  },
  {
    command: '绑定单位 <单位名>',
    for: ['unit_leader', 'admin'],
    summary: '（在单位工作群里，管理员或单位负责人）把本群绑定到单位，每个工作日收到到期事项',
    run: bindUnitCommand,
  },
  {
    command: '合同已签订 2026-03-02',
    for: ['unit'],
    summary: '报告项目进展（可在前面写项目编号，如“JZ-2026-0001 终验通过 3月2日”），回复下一阶段和期限',
    match: LIFECYCLE_REPORT_PATTERN,
    run: lifecycleTextCommand,
  },
];

export function findCommand(text: string): { command: Command; args: string } | null {
  const trimmed = text.trim();
  for (const command of COMMANDS) {
    if (!command.match) {
      const head = firstWord(command.command);
      if (trimmed.startsWith(head)) return { command, args: trimmed.slice(head.length).trim() };
      continue;
    }
    if (command.match instanceof RegExp) {
      const m = command.match.exec(trimmed);
      if (m) return { command, args: trimmed.slice(m[0].length).trim() };
      continue;
    }
    for (const word of command.match) {
      if (trimmed.toLowerCase() === word.toLowerCase()) return { command, args: '' };
      if (trimmed.startsWith(`${word} `)) return { command, args: trimmed.slice(word.length).trim() };
    }
  }
  return null;
}

const firstWord = (command: string) => command.split(' ')[0]!;

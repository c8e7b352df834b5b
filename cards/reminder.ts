/** Deadline reminders, the group's daily digest and region-wide window notices (Card JSON 2.0). */
import { workingDaysBetween } from '../src/calendar.js';
import { roleName } from '../src/rules/engine.js';
import type { DeadlineRow } from '../src/lifecycle/deadlines.js';
import type { DigestEntry, RegionNotice, Reminder, ReminderTarget } from '../src/lifecycle/reminders.js';
import type { LocalDate, Material, RulePack } from '../src/rules/types.js';
import { articleLabel } from '../src/rules/articles.js';
import { escapeMarkdown } from './markdown.js';
import {
  basisLine,
  button,
  buttonRow,
  capped,
  card,
  dateText,
  hr,
  md,
  projectLine,
  type CardProject,
  type Template,
} from './lifecycle-common.js';

type ReminderRow = DeadlineRow & { extendedTo?: LocalDate };

function endOf(row: ReminderTarget): LocalDate {
  return row.extendedTo ?? (row.type === 'window' ? (row.until ?? row.due) : row.due);
}

/**
 * One reminder: what is due, by when, what is still missing, the article; buttons 已完成 /
 * 上传材料 / 申请延期 (the last only where the pack allows an extension, e.g. 牡丹区 第三十条).
 */
export function reminderCard(o: {
  pack: RulePack;
  project: CardProject;
  /** The stored deadline row's id, for the buttons. */
  deadlineId: string | number;
  deadline: ReminderRow;
  reminder: Pick<Reminder, 'kind' | 'leadDays'>;
  /** Materials of the obligation not attached yet. */
  missing?: readonly Material[];
  today: LocalDate;
}): object {
  const { pack, project, deadline, reminder, today } = o;
  const end = endOf(deadline);
  let title: string;
  let template: Template;
  switch (reminder.kind) {
    case 'opens':
      title = `可以开始：${deadline.obligation}`;
      template = 'blue';
      break;
    case 'before':
      title = `还有${reminder.leadDays ?? workingDaysBetween(today, end)}个工作日到期`;
      template = 'blue';
      break;
    case 'on':
      title =
        deadline.type === 'not_before'
          ? '已满期限，可以办理'
          : deadline.type === 'minimum'
            ? '期限已满'
            : end === today
              ? '今天到期'
              : '即将到期（截止日为休息日）';
      template = deadline.type === 'deadline' || deadline.type === 'window' ? 'orange' : 'blue';
      break;
    case 'overdue':
      title = `已逾期${Math.max(1, workingDaysBetween(end, today))}个工作日`;
      template = 'red';
      break;
    case 'escalate':
      title = `逾期督办：已逾期${Math.max(1, workingDaysBetween(end, today))}个工作日`;
      template = 'carmine';
      break;
  }

  const lines = [
    projectLine(project),
    `**事项**：${escapeMarkdown(deadline.obligation)}`,
    `**责任方**：${escapeMarkdown(roleName(pack, deadline.responsible))}`,
  ];
  if (deadline.type === 'window') lines.push(`**期间**：${dateText(deadline.due)}至${dateText(end)}`);
  else if (deadline.type === 'not_before') lines.push(`**最早可办理日期**：${dateText(deadline.due)}`);
  else if (deadline.type === 'minimum') lines.push(`**期限届满**：${dateText(deadline.due)}`);
  else lines.push(`**截止日期**：${dateText(end)}${deadline.extendedTo ? '（已延期）' : ''}`);
  if (deadline.provisional) lines.push('（该年度节假日安排尚未公布，日期为暂估）');
  const elements: object[] = [md(lines.join('\n'))];
  if (o.missing && o.missing.length > 0) {
    elements.push(md(`**尚缺材料**：\n${o.missing.map((m) => `- ${escapeMarkdown(m.name)}`).join('\n')}`));
  }
  elements.push(md(basisLine(pack, deadline.article, deadline.quote, today), true));

  if (deadline.type === 'deadline' || deadline.type === 'window') {
    const value = (action: string) => ({ action, deadlineId: o.deadlineId, projectId: project.id });
    const buttons = [button('已完成', value('deadline.done'), 'primary'), button('上传材料', value('deadline.upload'))];
    if (deadline.extensionArticle !== undefined) buttons.push(button('申请延期', value('deadline.extend')));
    elements.push(buttonRow(buttons));
    if (deadline.extensionArticle !== undefined) {
      elements.push(
        md(
          `可申请延期：${escapeMarkdown(`《${pack.identity.title}》${articleLabel(deadline.extensionArticle)}`)}`,
          true,
        ),
      );
    }
  }
  return card(title, template, elements);
}

export interface DigestProject<R extends ReminderTarget & { obligation: string; article: number }> {
  project: CardProject;
  entries: readonly DigestEntry<R>[];
}

const STATUS_TEXT = { overdue: '已逾期', today: '今天到期', upcoming: '即将到期' } as const;

/** Lark refuses cards over 30 KB; the project lines of a digest stop at this many bytes. */
const DIGEST_BUDGET_BYTES = 26 * 1024;
const MAX_DIGEST_PROJECTS = 40;

function utf8Bytes(v: unknown): number {
  return new TextEncoder().encode(JSON.stringify(v)).length;
}

/**
 * The group's daily digest: per project, the overdue items, those due today and those due soon,
 * with the article. At most 40 projects, 10 items each and about 26 KB of lines are listed (the
 * rest counted), which keeps the card under Lark's 30 KB and 200 elements.
 */
export function digestCard<R extends ReminderTarget & { obligation: string; article: number }>(o: {
  unitName: string;
  date: LocalDate;
  projects: readonly DigestProject<R>[];
}): object {
  const withItems = o.projects.filter((p) => p.entries.length > 0);
  const elements: object[] = [];
  if (withItems.length === 0) {
    elements.push(md('今天没有到期或逾期的事项。'));
    return card(`${o.unitName} 今日事项（${dateText(o.date)}）`, 'green', elements);
  }
  const overdue = withItems.reduce((n, p) => n + p.entries.filter((e) => e.status === 'overdue').length, 0);
  let bytes = 0;
  let listed = 0;
  for (const p of withItems.slice(0, MAX_DIGEST_PROJECTS)) {
    const { shown: items, more: moreItems } = capped(p.entries, 10);
    const lines = items.map((e) => {
      const when =
        e.status === 'overdue'
          ? `${STATUS_TEXT.overdue}${e.workingDays}个工作日`
          : e.status === 'today'
            ? STATUS_TEXT.today
            : `${e.workingDays}个工作日后到期`;
      return `- ${e.status === 'overdue' ? '🔴' : e.status === 'today' ? '🟠' : '🔵'} ${when}：${escapeMarkdown(e.row.obligation)}（截止${dateText(e.end)}，${articleLabel(e.row.article)}）`;
    });
    if (moreItems > 0) lines.push(`- 另有${moreItems}项`);
    const element = md(`${projectLine(p.project)}\n${lines.join('\n')}`);
    const size = utf8Bytes(element);
    if (bytes + size > DIGEST_BUDGET_BYTES) break;
    bytes += size;
    listed += 1;
    elements.push(element);
  }
  const more = withItems.length - listed;
  if (more > 0) elements.push(md(`另有${more}个项目有待办事项。`, true));
  elements.push(hr(), md('在提醒卡片上点“已完成”或“上传材料”办理；逾期事项将按规定报单位负责人和主管部门。', true));
  return card(`${o.unitName} 今日事项（${dateText(o.date)}）`, overdue > 0 ? 'red' : 'orange', elements);
}

const NOTICE_TITLES = {
  window_open: '年度事项已开始',
  closing_4w: '距截止还有4周',
  closing_1w: '距截止还有1周',
} as const;

/** A region-wide notice of an annual window: opening, 4 weeks and 1 week before it closes. */
export function regionNoticeCard(o: { pack: RulePack; notice: RegionNotice; today: LocalDate }): object {
  const { pack, notice, today } = o;
  const lines = [
    `**${escapeMarkdown(pack.region.name)}**`,
    `**事项**：${escapeMarkdown(notice.obligation)}`,
    `**责任方**：${escapeMarkdown(roleName(pack, notice.responsible))}`,
    `**截止日期**：${dateText(notice.closes)}`,
  ];
  if (notice.kind === 'window_open') lines.push(`**开始日期**：${dateText(notice.opens)}`);
  return card(
    `${NOTICE_TITLES[notice.kind]}：${notice.obligation}`.slice(0, 100),
    notice.kind === 'closing_1w' ? 'orange' : 'blue',
    [md(lines.join('\n')), md(basisLine(pack, notice.article, notice.quote, today), true)],
  );
}

/** The bot's answer to a lifecycle report: recorded (next stage, what it needs, what falls due) or refused (why). */
import { describeTimeLimit } from '../src/rules/engine.js';
import type { ReportCheck } from '../src/lifecycle/report.js';
import type { LocalDate, RulePack } from '../src/rules/types.js';
import { escapeMarkdown } from './markdown.js';
import { basisLine, card, dateText, hr, md, projectLine, type CardProject } from './lifecycle-common.js';

export function lifecycleReplyCard(o: {
  pack: RulePack;
  project: CardProject;
  /** The event label the user reported, for the refusal title (the check has no event when it failed). */
  reportedLabel: string;
  check: ReportCheck;
  today: LocalDate;
}): object {
  const { pack, project, check, today } = o;
  if (!check.ok) {
    const elements: object[] = [
      md(`${projectLine(project)}：“${escapeMarkdown(o.reportedLabel)}”未能记录，原因如下：`),
    ];
    check.problems.forEach((p, i) => {
      elements.push(md(`${i + 1}. ${escapeMarkdown(p.message)}`));
      const b = basisLine(pack, p.article, p.quote, today);
      if (b) elements.push(md(b, true));
    });
    elements.push(hr(), md('问题解决后请重新报告，例如“终验通过 2026-03-02”。', true));
    return card(`未能记录：${o.reportedLabel}`, 'red', elements);
  }

  const elements: object[] = [];
  const when = dateText(check.date);
  elements.push(
    md(
      check.correction
        ? `${projectLine(project)}：“${escapeMarkdown(check.event.label)}”的日期已由${dateText(check.correction.previous)}更正为${when}，相关期限已重新计算。`
        : `${projectLine(project)}：已记录“${escapeMarkdown(check.event.label)}”（${when}）。`,
    ),
  );
  if (check.nextStage) {
    elements.push(md(`**下一阶段**：${escapeMarkdown(check.nextStage.name)}`));
    if (check.needs.length > 0) {
      elements.push(md(`**需要准备的材料**：\n${check.needs.map((m) => `- ${escapeMarkdown(m.name)}`).join('\n')}`));
    }
    for (const r of check.requirements) {
      elements.push(md(`- ${escapeMarkdown(r.message)}`));
      const b = basisLine(pack, r.article, r.quote, today);
      if (b) elements.push(md(b, true));
    }
  } else {
    elements.push(md('项目各阶段均已完成。'));
  }
  if (check.due.length > 0) {
    elements.push(hr(), md('**由此起算的期限**'));
    for (const d of check.due) {
      const range = d.until ? `${dateText(d.due)}至${dateText(d.until)}` : dateText(d.due);
      const label =
        d.limit.type === 'not_before'
          ? '最早'
          : d.limit.type === 'minimum'
            ? '至少至'
            : d.limit.type === 'window'
              ? '期间'
              : '截止';
      elements.push(
        md(
          `- ${escapeMarkdown(d.limit.obligation)}：${label}${range}（${escapeMarkdown(describeTimeLimit(d.limit, pack))}）${
            d.provisional ? '（该年度节假日安排尚未公布，日期为暂估）' : ''
          }`,
        ),
      );
      elements.push(md(basisLine(pack, d.limit.article, d.limit.quote, today), true));
    }
  }
  return card(`已记录：${check.event.label}`, 'green', elements);
}

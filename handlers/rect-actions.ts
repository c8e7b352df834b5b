/**
 * Card actions of 整改: issue, the unit's report, the reviewer's review, the ladder's proposals.
 * Each service says what came of the press; the card that replaces the pressed one and the toast
 * are built here.
 */
import { z } from 'zod';
import { projectLine } from '../cards/lifecycle-common.js';
import { outcomeCard, rectificationIssueFormCard } from '../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { rectificationReportCard, rectificationReviewCard } from '../cards/rectification.js';
import { chineseDate } from '../src/calendar.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import { isRefusal } from '../src/services/project-access.js';
import { issueRectificationFromCard, type RectificationIssued } from '../src/services/rectification/issue.js';
import { decideRung, type RungDecided } from '../src/services/rectification/ladder.js';
import { rectificationReport, type RectificationReported } from '../src/services/rectification/report.js';
import { reviewRectification, type RectificationReviewed } from '../src/services/rectification/review.js';
import { cardAction, refusalToast } from './card-input.js';

const ProjectRef = z.object({ projectId: z.coerce.number().int().positive() });
const RectRef = z.object({ rectificationId: z.coerce.number().int().positive() });
const RungRef = RectRef.extend({ rung: z.coerce.number().int() });
/** The reference with the action's own decision (the card's value does not choose it). */
const decided = <T extends object, D extends string>(ref: z.ZodType<T>, decision: D) =>
  ref.transform((v) => ({ ...v, decision }));

/** The card that replaces the pressed one, with a toast when there is one. */
const show = (data: object, t?: CardActionResponse['toast']): CardActionResponse => ({
  card: { type: 'raw', data },
  ...(t ? { toast: t } : {}),
});

function issueAnswer(r: RectificationIssued): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('form' in r) return show(rectificationIssueFormCard(r.form));
  const { project, deadline } = r.issued;
  return show(
    outcomeCard('整改通知已发出', 'green', [
      projectLine(project),
      `整改期限：${chineseDate(deadline)}`,
      '已通知项目建设单位及其工作群。',
    ]),
    { type: 'success', content: '整改通知已发出。' },
  );
}

/** 上传材料 shows the form again and says how to send the files. */
function reportAnswer(r: RectificationReported, mode: string | undefined): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('form' in r) {
    const howToUpload = {
      type: 'info',
      content: '请把整改材料以文件发给我（可多份），再回到本卡片提交整改报告。',
    } as const;
    return show(rectificationReportCard(r.form), mode === 'upload' ? howToUpload : undefined);
  }
  const { project, files } = r.reported;
  return show(
    outcomeCard('整改报告已提交', 'green', [
      projectLine(project),
      `已提交整改报告${files ? `及${files}份材料` : ''}，待主管部门审核。`,
    ]),
    { type: 'success', content: '整改报告已提交。' },
  );
}

function reviewAnswer(r: RectificationReviewed): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  const { decision, card } = r.reviewed;
  return show(rectificationReviewCard(card), {
    type: 'success',
    content: decision === 'accept' ? '整改已通过。' : '已退回重新整改。',
  });
}

function rungAnswer(r: RungDecided): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('cancelled' in r) {
    return show(outcomeCard('已取消', 'grey', [`未执行处理措施（第${r.cancelled.rung}级）。`]), {
      type: 'info',
      content: '已取消。',
    });
  }
  const { project, name } = r.applied;
  return show(
    outcomeCard(`已执行：${name}`, 'red', [
      projectLine(project),
      `已执行“${escapeMarkdown(name)}”，并通知项目建设单位。`,
    ]),
    { type: 'success', content: `已执行：${name}` },
  );
}

const onRectIssue = cardAction(ProjectRef, async (ctx, input) =>
  issueAnswer(await issueRectificationFromCard(ctx, input)),
);

const onRectReport = cardAction(RectRef.extend({ mode: z.string().optional() }), async (ctx, input) =>
  reportAnswer(await rectificationReport(ctx, input), input.mode),
);

const onRectReview = (decision: 'accept' | 'return') =>
  cardAction(decided(RectRef, decision), async (ctx, input) => reviewAnswer(await reviewRectification(ctx, input)));

const onRungDecide = (decision: 'confirm' | 'cancel') =>
  cardAction(decided(RungRef, decision), async (ctx, input) => rungAnswer(await decideRung(ctx, input)));

export const RECT_CARD_ACTIONS = {
  'rect.issue': onRectIssue,
  'rect.report': onRectReport,
  'rect.accept': onRectReview('accept'),
  'rect.return': onRectReview('return'),
  'rung.confirm': onRungDecide('confirm'),
  'rung.cancel': onRungDecide('cancel'),
} as const;

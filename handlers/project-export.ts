import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { exportDeclaration } from '../src/services/projects.js';

/** 导出申报表 button: the .docx is generated after the answer and sent privately. */
export async function onProjectExport(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = z.object({ number: z.string().min(1) }).safeParse(action.action.value);
  if (!v.success) return toast('error', '卡片数据无效。');
  const openId = action.operator.open_id;
  // Generating and uploading can take longer than Lark's 3 s: answer now, send the file after.
  ctx.runAfterResponse(
    exportDeclaration(ctx, openId, v.data.number).then((problem) => {
      if (problem) ctx.log(`export ${v.data.number} for ${openId}: ${problem}`);
    }),
  );
  return toast('info', '正在生成申报表，稍后私信发给你。');
}

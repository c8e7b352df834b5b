/** 导出申报表 button: the .docx is generated after the answer and sent privately. */
import { z } from 'zod';
import { toast } from '../src/lark/messages.js';
import { exportDeclaration } from '../src/services/projects.js';
import { cardAction } from './card-input.js';

export const onProjectExport = cardAction(
  z.object({ number: z.string().min(1) }),
  async (ctx, { operator, number }) => {
    // Generating and uploading can take longer than Lark's 3 s: answer now, send the file after.
    ctx.runAfterResponse(
      exportDeclaration(ctx, operator, number).then((problem) => {
        if (problem) ctx.log(`export ${number} for ${operator}: ${problem}`);
      }),
    );
    return toast('info', '正在生成申报表，稍后私信发给你。');
  },
);

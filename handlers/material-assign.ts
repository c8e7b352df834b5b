/** The material card: which project or draft, and which material, a received file is. */
import { z } from 'zod';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { assignMaterial, type MaterialFiled } from '../src/services/materials.js';
import { isRefusal } from '../src/services/project-access.js';
import { cardAction, refusalToast } from './card-input.js';

function filedAnswer(r: MaterialFiled): CardActionResponse {
  return isRefusal(r) ? refusalToast(r) : toast('success', `已登记为“${r.filed}”。`);
}

export const onMaterialAssign = cardAction(
  z.object({ fileMessageId: z.string().min(1) }),
  async (ctx, input) => filedAnswer(await assignMaterial(ctx, input)),
  '卡片数据无效，请重新发送文件。',
);

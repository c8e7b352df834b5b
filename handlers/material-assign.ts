import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { assignMaterial } from '../src/services/materials.js';

/** The material card: which project or draft, and which material, a received file is. */
export async function onMaterialAssign(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = z.object({ fileMessageId: z.string().min(1) }).safeParse(action.action.value);
  if (!v.success) return toast('error', '卡片数据无效，请重新发送文件。');
  return assignMaterial(ctx, action.operator.open_id, v.data, action.action.form_value ?? {});
}

import { z } from 'zod';
import { assignMaterial } from '../src/services/materials.js';
import { cardAction } from './card-input.js';

/** The material card: which project or draft, and which material, a received file is. */
export const onMaterialAssign = cardAction(
  z.object({ fileMessageId: z.string().min(1) }),
  assignMaterial,
  '卡片数据无效，请重新发送文件。',
);

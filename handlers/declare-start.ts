import type { AppContext } from '../src/context.js';
import type { CardAction, CardActionResponse } from '../src/lark/envelope.js';
import { startDeclarationPrivately, toast } from '../src/services/declare.js';

/** The 申报 button (help card): the form arrives in the person's chat with the bot. */
export async function onDeclareStart(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  await startDeclarationPrivately(ctx, action.operator.open_id);
  return toast('success', '申报表单已私信发给你。');
}

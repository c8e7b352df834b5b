/**
 * The 申报 button (help card): the form arrives in the person's chat with the bot. Someone in no
 * declaring unit gets no form: the toast says so, and the private card says whom to ask.
 */
import type { AppContext } from '../src/context.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { startDeclarationPrivately } from '../src/services/declare.js';

export async function onDeclareStart(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const sent = await startDeclarationPrivately(ctx, action.operator.open_id);
  if (sent === 'not_in_unit')
    return toast('error', '你不在任何申报单位的名录中，暂时不能申报；可以找谁把你加入单位，已私信告诉你。');
  return toast('success', '申报表单已私信发给你。');
}

import { expect } from 'vitest';
import { declarationForm } from '../../src/declaration/index.js';
import type { FieldSpec } from '../../src/declaration/types.js';
import { packById } from '../../src/rules/packs/index.js';
import type { RulePack } from '../../src/rules/types.js';
import { validateCardV2 } from './card-schema.js';
import { buttonBy, formValue } from './card-driver.js';
import type { TapAnswer, TestBot } from './harness.js';

/** A valid answer for each field, the way a careful user fills the form in. */
export function validAnswer(f: FieldSpec, investmentWan: string): string {
  switch (f.type) {
    case 'phone':
      return '13800138000';
    case 'email':
      return 'xinxi@example.gov.cn';
    case 'month_range':
      return '2027年01月至2027年12月';
    case 'money_wan':
      return f.role === 'investment' || f.role === 'fiscal_fund' ? investmentWan : '0';
    case 'boolean':
    case 'select':
      return f.options?.find((o) => o.value === 'false')?.value ?? f.options?.[0]?.value ?? '';
    case 'date':
      return '2026-11-23';
    case 'long_text':
      return '依据本单位信息化规划，建设业务协同系统，部署在政务云。';
    default:
      return f.role === 'project_name' ? '业务协同系统' : '李四';
  }
}

export function answerCard(answer: TapAnswer): object {
  expect(answer.card?.type, JSON.stringify(answer.toast)).toBe('raw');
  expect(validateCardV2(answer.card!.data)).toEqual([]);
  return answer.card!.data;
}

export async function submitForm(
  bot: TestBot,
  openId: string,
  card: object,
  typed: Record<string, unknown>,
  which: (v: Record<string, unknown>) => boolean,
) {
  const button = buttonBy(card, (b) => b.submitsForm && which(b.value));
  return bot.tap({ openId, value: button.value, formValue: formValue(card, typed) });
}

/**
 * Declares a project through the webhook as `user` (a unit member), attaching the precondition
 * materials by sending files; returns the project number from the bot's answer.
 */
export async function declareProject(
  bot: TestBot,
  user: string,
  packId: string,
  o: { kind?: string; investmentWan?: string; packs?: readonly RulePack[] } = {},
): Promise<string> {
  const pack = packById(packId, o.packs)!;
  const out = await bot.say({ openId: user, text: '申报' });
  const kindCard = out.find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('declare.kind'))!
    .content as object;
  const kindButton = buttonBy(
    kindCard,
    (b) => b.value.action === 'declare.kind' && (!o.kind || b.value.kind === o.kind),
  );
  const form = declarationForm(pack, String(kindButton.value.kind));
  let card = answerCard(await bot.tap({ openId: user, value: kindButton.value }));
  for (const step of form.steps) {
    const typed: Record<string, string> = {};
    for (const f of step.fields) if (!f.readonly && !f.computed) typed[f.id] = validAnswer(f, o.investmentWan ?? '150');
    card = answerCard(await submitForm(bot, user, card, typed, (v) => v.action === 'declare.step' && v.nav === 'next'));
  }
  const draftId = buttonBy(card, (b) => b.value.action === 'declare.submit').value.draftId;
  for (const m of pack.projectKinds.find((k) => k.id === form.kindId)!.materials.filter((x) => x.precondition)) {
    const materialCard = (
      await bot.sendFile({
        openId: user,
        fileKey: `file_${m.id}_${Math.random().toString(36).slice(2, 8)}`,
        fileName: `${m.name}.pdf`,
      })
    ).find((x) => x.msg_type === 'interactive')!.content as object;
    const ok = await submitForm(
      bot,
      user,
      materialCard,
      { target: `draft:${draftId}`, material: m.id },
      (v) => v.action === 'material.assign',
    );
    expect(ok.toast?.type).toBe('success');
  }
  const review = answerCard(await bot.tap({ openId: user, value: { action: 'draft.resume', draftId } }));
  const done = await bot.tap({
    openId: user,
    value: buttonBy(review, (b) => b.value.action === 'declare.submit').value,
  });
  const number = /[A-Z]{2}-\d{4}-\d{4}/.exec(done.toast?.content ?? '')?.[0];
  expect(number, JSON.stringify(done.toast)).toBeDefined();
  return number!;
}

/** Inputs and inspection helpers shared by the approval card tests: a project, a step, hostile long text. */
import { expect } from 'vitest';
import type { ProjectSummary } from '../../../cards/approval/index.js';
import { CARD_MAX_BYTES, cardByteLength, validateCardV2 } from '../../support/card-schema.js';

export const project: ProjectSummary = {
  number: 'JZ-2025-0007',
  name: '**紧急** 智慧教育平台',
  unitName: '县教育局',
  regionName: '金寨县',
  kindLabel: '新建',
  investmentWan: 180.5,
  review: {
    content: [{ label: '项目实施依据及主要内容', text: '建设内容：教学资源库、在线课堂' }],
    funding: [{ label: '财政资金', value: '180.5万元' }],
    period: [{ label: '建设年度', value: '2026年01月至2026年12月' }],
    answers: [],
    items: [],
  },
};
export const step = {
  name: '县智慧办会同有关部门审核项目方案',
  produces: '审核意见',
  article: 9,
  quote: '会同有关部门及时对项目方案进行审核',
  mode: 'all' as const,
  offices: ['县智慧办', '县委网信办'],
  position: { index: 0, total: 5 },
  dueOn: '2025-06-06',
};
export const at = new Date('2025-06-03T06:05:00Z');
export const li = { openId: 'ou_jzZhbLi', name: '李明' };

/** Long and hostile inputs: every text field huge, full of markdown and characters that grow when escaped. */
export const nasty = (n: number) => '&<>*_[](http://x)`|\\#'.repeat(Math.ceil(n / 20)).slice(0, n) + '智慧'.repeat(n);
export const longProject: ProjectSummary = {
  number: nasty(200),
  name: nasty(3000),
  unitName: nasty(1000),
  regionName: nasty(500),
  kindLabel: nasty(500),
  investmentWan: 123456789.123456,
  review: {
    content: Array.from({ length: 40 }, (_, i) => ({ label: nasty(100), text: `${i} ${nasty(8000)}` })),
    funding: Array.from({ length: 40 }, () => ({ label: nasty(100), value: nasty(100) })),
    period: [{ label: nasty(100), value: nasty(800) }],
    answers: Array.from({ length: 400 }, (_, i) => ({ label: `${i} ${nasty(800)}`, value: nasty(50) })),
    items: Array.from({ length: 400 }, (_, i) => `${i} ${nasty(800)}`),
  },
};

export function expectValid(card: object) {
  expect(validateCardV2(card)).toEqual([]);
  expect(cardByteLength(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
}

export type Obj = Record<string, unknown>;
export function all(v: unknown, pred: (o: Obj) => boolean, out: Obj[] = []): Obj[] {
  if (Array.isArray(v)) v.forEach((x) => all(x, pred, out));
  else if (v && typeof v === 'object') {
    if (pred(v as Obj)) out.push(v as Obj);
    Object.values(v).forEach((x) => all(x, pred, out));
  }
  return out;
}
export const buttons = (c: object) => all(c, (o) => o.tag === 'button');
export const values = (c: object) => buttons(c).map((b) => (b.behaviors as { value: unknown }[])[0]!.value);
export const text = (c: object) => JSON.stringify(c);

/** Values for declaration tests: a valid declaration, and the longest one every field allows. */
import {
  allFields,
  isAsked,
  lineItemKey,
  lineItemTable,
  type DeclarationForm,
  type FieldSpec,
} from '../../src/declaration/index.js';
import type { Condition, RulePack } from '../../src/rules/types.js';

export const UNIT = '县教育局';
export const REGION = '金寨县';
export const TODAY = '2026-03-15';

function validValue(f: FieldSpec): string {
  switch (f.type) {
    case 'text':
      return f.role === 'project_name' ? '全县智慧教育平台' : `${f.label.slice(0, 2)}测试`;
    case 'long_text':
      return '依托县政务云建设教育资源共享平台，实现全县学校数据互通。';
    case 'phone':
      return '13800000000';
    case 'email':
      return 'zhang.san@example.com';
    case 'date':
      return TODAY;
    case 'month_range':
      return '2026年04月至2026年12月';
    case 'money_wan':
      return f.role === 'investment' ? '100' : '';
    case 'money_yuan':
      return '';
    case 'integer':
      return '2';
    case 'boolean':
      return 'false';
    case 'select':
      return f.options?.[0]?.value ?? '';
  }
}

/** A declaration that passes validation: 100万元 all 财政资金; for line items one row 2 × 5000元 = 10000元 all in the first fiscal channel. */
export function validValues(form: DeclarationForm): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of allFields(form)) {
    if (f.computed) continue;
    if (f.role === 'unit') values[f.id] = UNIT;
    else if (f.role === 'region') values[f.id] = REGION;
    else values[f.id] = validValue(f);
  }
  const fiscal = allFields(form).find((f) => f.role === 'fiscal_fund');
  const table = lineItemTable(form);
  if (table) {
    for (const c of table.columns.filter(isAsked)) {
      values[lineItemKey(table.id, 1, c.id)] =
        c.role === 'quantity'
          ? '2'
          : c.role === 'unit_price'
            ? '5000'
            : c.label.includes('规格')
              ? 'ThinkCentre M90t'
              : '台式计算机';
    }
    if (fiscal) values[fiscal.id] = '10000';
  } else if (fiscal) {
    values[fiscal.id] = '100';
  }
  return values;
}

/** Every mentions keyword of the pack (checks, exclusions, materials, routes), for the most findings. */
export function packKeywords(pack: RulePack): string[] {
  const words = new Set<string>();
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('mentions' in c) c.mentions.forEach((w) => words.add(w));
  };
  pack.checks.forEach((c) => walk(c.when));
  pack.projectKinds.forEach((k) => k.materials.forEach((m) => m.when && walk(m.when)));
  pack.routes.forEach((r) => r.steps.forEach((s) => s.skipWhen && walk(s.skipWhen)));
  pack.scope.exclusions.forEach((e) => e.keywords.forEach((w) => words.add(w)));
  return [...words];
}

/** A 4-byte character (CJK Extension B): the most UTF-8 bytes per allowed character. */
const WIDE = '𠮷';

function fill(max: number, prefix = ''): string {
  const head = Array.from(prefix).slice(0, max);
  return head.join('') + WIDE.repeat(max - head.length);
}

function longestValue(f: FieldSpec, keywords: string): string {
  const max = f.maxChars ?? 1000;
  switch (f.type) {
    case 'text':
      return fill(max, f.role === 'project_name' ? keywords : '');
    case 'long_text':
      return fill(max, keywords);
    case 'phone':
      return '0564-52223333-123456'.slice(0, max);
    case 'email':
      return `${'a'.repeat(max - '@example.com'.length)}@example.com`;
    case 'date':
      return TODAY;
    case 'month_range':
      return '2026年04月至2026年12月';
    case 'money_wan':
      return '1,234,567,890.1234';
    case 'money_yuan':
      return '12,345,678,901.25';
    case 'integer':
      return '9'.repeat(Math.min(max, 6));
    case 'boolean':
      return 'true';
    case 'select':
      return f.options?.[0]?.value ?? '';
  }
}

/** Every input at its longest (every text at its max length in 4-byte characters, all line items filled); the description starts with every keyword of the pack. */
export function longestValues(pack: RulePack, form: DeclarationForm): Record<string, string> {
  const keywords = packKeywords(pack).join('、');
  const values: Record<string, string> = {};
  for (const f of allFields(form)) {
    if (f.computed) continue;
    values[f.id] = f.role === 'unit' ? fill(50) : longestValue(f, keywords);
  }
  const table = lineItemTable(form);
  if (table)
    for (const r of table.rows)
      for (const c of table.columns.filter(isAsked)) values[lineItemKey(table.id, r, c.id)] = longestValue(c, keywords);
  return values;
}

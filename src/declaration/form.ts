/**
 * Which form a declaration uses and what it asks, built from the rule pack alone:
 * - a kind with a prescribed form (金寨 附件1/附件2, `kind.form`) asks exactly that form's fields,
 *   taken from the parsed FormDefinition (stamp and signature cells are left to paper);
 * - any other kind asks the base set of declaration fields plus a question for every fact the pack's
 *   conditions read (checks, materials, routes, stages, time limits), so a new pack's form follows
 *   from its data. `mentions` keywords are read from the free text, never asked.
 * Long forms are split into steps of at most MAX_INPUTS_PER_STEP inputs. A prescribed form's fields are
 * read in form-fields.ts; the base set and the questions come from form-questions.ts.
 */
import type { LocalDate, RulePack } from '../rules/types.js';
import { fromColumn, fromFormField, phoneNotes, withDefaults } from './form-fields.js';
import { baseFields, factQuestions, kindOf } from './form-questions.js';
import type { DeclarationForm, FieldSpec, FormStep } from './types.js';

export { MAX_TEXT_CHARS } from './form-fields.js';
export { factsRead, routingKeywords } from './form-questions.js';

/** About what fits a phone screen; a line-item step takes as many whole rows as fit. */
export const MAX_INPUTS_PER_STEP = 12;
/** The id of a form's line-item table (its cells are `items_<row>_<column>`). */
export const LINE_ITEMS_ID = 'items';

export function kindChoices(pack: RulePack): { value: string; label: string }[] {
  return pack.projectKinds.map((k) => ({ value: k.id, label: k.label }));
}

// ---------------------------------------------------------------------------------------------
// Steps

type Section = 'basic' | 'money' | 'narrative';

function sectionOf(f: FieldSpec): Section {
  if (f.type === 'money_wan' || f.type === 'money_yuan' || f.role === 'total_in_words') return 'money';
  if (f.type === 'long_text' || f.type === 'boolean' || f.type === 'select') return 'narrative';
  return 'basic';
}

/** Whether the field is an input on the card (readonly and computed fields are shown, not asked). */
export function isAsked(f: FieldSpec): boolean {
  return !f.readonly && !f.computed;
}

function inputCount(fields: readonly FieldSpec[]): number {
  return fields.filter(isAsked).length;
}

function sectionTitle(sections: Section[], fields: FieldSpec[]): string {
  const parts: string[] = [];
  if (sections.includes('basic')) parts.push('基本信息');
  if (sections.includes('money'))
    parts.push(fields.some((f) => f.role === 'investment') ? '投资与资金来源' : '资金来源');
  if (sections.includes('narrative')) {
    const long = fields.filter((f) => f.type === 'long_text');
    parts.push(long.length === 1 ? long[0]!.label : '建设内容');
  }
  return parts.join('、');
}

/** Splits a list of fields into chunks of at most MAX_INPUTS_PER_STEP inputs, in order. */
function chunk(fields: FieldSpec[]): FieldSpec[][] {
  const out: FieldSpec[][] = [];
  let cur: FieldSpec[] = [];
  for (const f of fields) {
    if (isAsked(f) && inputCount(cur) >= MAX_INPUTS_PER_STEP) {
      out.push(cur);
      cur = [];
    }
    cur.push(f);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function fieldSteps(fields: FieldSpec[], idPrefix: string): FormStep[] {
  if (inputCount(fields) <= MAX_INPUTS_PER_STEP) {
    const secs = [...new Set(fields.map(sectionOf))];
    return [{ id: idPrefix, title: sectionTitle(secs, fields), fields }];
  }
  const basic = fields.filter((f) => sectionOf(f) === 'basic');
  const rest = fields.filter((f) => sectionOf(f) !== 'basic');
  const groups: FieldSpec[][] = [];
  if (basic.length > 0) groups.push(basic);
  if (inputCount(rest) <= MAX_INPUTS_PER_STEP) {
    if (rest.length > 0) groups.push(rest);
  } else {
    for (const s of ['money', 'narrative'] as const) {
      const part = rest.filter((f) => sectionOf(f) === s);
      if (part.length > 0) groups.push(part);
    }
  }
  const steps: FormStep[] = [];
  for (const g of groups) {
    for (const c of chunk(g)) {
      const secs = [...new Set(c.map(sectionOf))];
      steps.push({ id: `${idPrefix}${steps.length + 1}`, title: sectionTitle(secs, c), fields: c });
    }
  }
  return steps;
}

function buildSteps(fields: FieldSpec[], lineItems?: { columns: FieldSpec[]; rows: number }): FormStep[] {
  if (!lineItems) return fieldSteps(fields, 'details');
  // Line items first (the fund split and the 大写 follow from their total), then everything else.
  const asked = Math.max(1, inputCount(lineItems.columns));
  const perStep = Math.max(1, Math.floor(MAX_INPUTS_PER_STEP / asked));
  const steps: FormStep[] = [];
  for (let first = 1; first <= lineItems.rows; first += perStep) {
    const rows = Math.min(perStep, lineItems.rows - first + 1);
    const last = first + rows - 1;
    steps.push({
      id: `items${steps.length + 1}`,
      title: lineItems.rows > perStep ? `采购清单（第${first}–${last}项）` : '采购清单',
      fields: [],
      lineItems: { id: LINE_ITEMS_ID, columns: lineItems.columns, rows, firstRow: first },
    });
  }
  return [...steps, ...fieldSteps(fields, 'details')];
}

/** The form for declaring a project of `kindId` under `pack`. Throws on an unknown kind or form id. */
export function declarationForm(pack: RulePack, kindId: string): DeclarationForm {
  const kind = kindOf(pack, kindId);
  if (kind.form) {
    const def = pack.forms.find((f) => f.id === kind.form);
    if (!def) throw new Error(`${pack.id}: kind "${kindId}" names form "${kind.form}", which the pack does not have`);
    // The prescribed form's own fields, then what the pack's conditions need to know (not printed on the form).
    const fields = [
      ...def.fields.map((f) => fromFormField(f, def)).filter((f): f is FieldSpec => f !== null),
      ...factQuestions(pack, kindId).map(withDefaults),
    ];
    const lineItems = def.lineItems
      ? { columns: def.lineItems.columns.map((c) => fromColumn(c, def)), rows: def.lineItems.rows }
      : undefined;
    return {
      packId: pack.id,
      kindId,
      formId: def.id,
      title: def.title,
      kindLabel: kind.label,
      article: def.article,
      notes: phoneNotes(def),
      steps: buildSteps(fields, lineItems),
    };
  }
  return {
    packId: pack.id,
    kindId,
    title: `${pack.region.name}政务信息化项目申报（${kind.label}）`,
    kindLabel: kind.label,
    steps: buildSteps(baseFields(pack, kindId)),
  };
}

// ---------------------------------------------------------------------------------------------
// Keys and defaults

export function lineItemKey(lineItemsId: string, row: number, columnId: string): string {
  return `${lineItemsId}_${row}_${columnId}`;
}

/** Rows of a step's line items, 1-based. */
export function stepRows(step: FormStep): number[] {
  if (!step.lineItems) return [];
  const first = step.lineItems.firstRow ?? 1;
  return Array.from({ length: step.lineItems.rows }, (_, i) => first + i);
}

/** Every field of the form (line-item columns not included), in step order. */
export function allFields(form: DeclarationForm): FieldSpec[] {
  return form.steps.flatMap((s) => s.fields);
}

/** The line-item table of the form: its columns and all its rows. */
export function lineItemTable(form: DeclarationForm): { id: string; columns: FieldSpec[]; rows: number[] } | null {
  const steps = form.steps.filter((s) => s.lineItems);
  if (steps.length === 0) return null;
  const li = steps[0]!.lineItems!;
  return { id: li.id, columns: li.columns, rows: steps.flatMap(stepRows) };
}

/** The value keys a step's inputs submit, in card order. */
export function stepKeys(step: FormStep): string[] {
  const keys: string[] = [];
  if (step.lineItems) {
    const li = step.lineItems;
    for (const r of stepRows(step)) for (const c of li.columns) if (isAsked(c)) keys.push(lineItemKey(li.id, r, c.id));
  }
  for (const f of step.fields) if (isAsked(f)) keys.push(f.id);
  return keys;
}

/** The index of the step that asks `key` (a field id or a line-item cell key), or -1. */
export function stepOfKey(form: DeclarationForm, key: string): number {
  return form.steps.findIndex((s) => stepKeys(s).includes(key) || s.fields.some((f) => f.id === key));
}

/** The first step holding one of the errors' keys (to send the user back to it), or -1. */
export function firstStepWithError(form: DeclarationForm, errors: Record<string, string>): number {
  const steps = Object.keys(errors)
    .map((k) => stepOfKey(form, k))
    .filter((i) => i >= 0);
  return steps.length === 0 ? -1 : Math.min(...steps);
}

/**
 * Initial values: the unit and region from the directory, dates today (Asia/Shanghai, passed in),
 * everything else blank. Keys are field ids and line-item cell keys.
 */
export function defaultValues(
  form: DeclarationForm,
  ctx: { unitName: string; regionName: string; today: LocalDate },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const step of form.steps) {
    for (const key of stepKeys(step)) values[key] = '';
    for (const f of step.fields) {
      if (f.computed) continue;
      if (f.role === 'unit') values[f.id] = ctx.unitName;
      else if (f.role === 'region') values[f.id] = ctx.regionName;
      else if (f.type === 'date') values[f.id] = ctx.today;
      else values[f.id] ??= '';
    }
  }
  return values;
}

/**
 * Declaration cards (Card JSON 2.0), pure functions from data to JSON:
 * - `kindChoiceCard`: the project kinds of the region's pack, with the pack's validity;
 * - `declarationStepCard`: one step of the form in a `form` container, with the user's values
 *   and the errors in red next to each field;
 * - `declarationReviewCard`: everything declared, the findings (blockers disable 提交申报), the
 *   materials with ✅/❌.
 * The list and notice cards are in `declaration-lists.ts` (re-exported here).
 *
 * Callback values (the server trusts ids in them only for finding things):
 * - `{action:'declare.kind', draftId, version, kind}`
 * - `{action:'declare.step', draftId, version, step, nav:'next'|'prev'|'save'}` — every step button
 *   submits the form, so 上一步 and 保存草稿 keep what was typed; `review: true` on the last step's 下一步.
 * - `{action:'declare.submit', draftId, version}`, `{action:'declare.edit', draftId, version, step}`
 *   (返回修改: back to the last step), `{action:'declare.save', draftId, version}` (review's 保存草稿).
 */
import { formatYuan, toChineseCapital } from '../src/money.js';
import { packValidity, type Finding } from '../src/rules/engine.js';
import { articleLabel } from '../src/rules/articles.js';
import type { LocalDate, Material, RulePack } from '../src/rules/types.js';
import { lineItems } from '../src/declaration/amounts.js';
import { isAsked, lineItemKey, stepRows } from '../src/declaration/form.js';
import type { DeclarationSummary } from '../src/declaration/summary.js';
import type { DeclarationForm, FieldSpec, FormStep } from '../src/declaration/types.js';
import { button, buttonRow, card, clip, colored, md, plain } from './declaration-kit.js';
import { escapeMarkdown } from './markdown.js';

export * from './declaration-lists.js';

/** The names of the form's buttons (never a field id: field ids have no double underscore). */
export const STEP_BUTTONS = { next: 'btn__next', prev: 'btn__prev', save: 'btn__save' } as const;
export const FORM_NAME = 'declaration_form';

// ---------------------------------------------------------------------------------------------
// Kind choice

export function kindChoiceCard(o: {
  pack: RulePack;
  draftId: number | string;
  version: number;
  today: LocalDate;
}): object {
  const { pack } = o;
  const validity = packValidity(pack, o.today);
  const elements: object[] = [];
  const doc = pack.identity.docNumber ? `（${pack.identity.docNumber}）` : '';
  elements.push(
    md(`请选择要申报的项目类型。表单按《${escapeMarkdown(pack.identity.title)}》${escapeMarkdown(doc)}的要求填写。`),
  );
  if (validity.status !== 'in_force') elements.push(md(`⚠️ ${colored(validity.note, 'orange')}`));
  for (const k of pack.projectKinds) {
    elements.push(
      button(
        k.label,
        { action: 'declare.kind', draftId: o.draftId, version: o.version, kind: k.id },
        { type: 'primary', width: 'fill', name: `kind__${k.id}` },
      ),
    );
  }
  const notes = pack.projectKinds.map((k) => {
    const form = k.form ? pack.forms.find((f) => f.id === k.form) : undefined;
    const how = form ? `填写《${form.title}》` : '填写申报信息';
    return `- ${escapeMarkdown(k.label)}：${escapeMarkdown(how)}（${articleLabel(k.article)}）`;
  });
  elements.push(md(notes.join('\n'), { notation: true }));
  return card({
    title: `${pack.region.name}政务信息化项目申报`,
    subtitle: '选择项目类型',
    template: validity.status === 'in_force' ? 'blue' : 'orange',
    elements,
  });
}

// ---------------------------------------------------------------------------------------------
// Step card

function inputLabel(f: FieldSpec, label = f.label): string {
  return f.required ? `${label} *` : label;
}

function fieldInput(f: FieldSpec, key: string, value: string, label: string): object {
  if (f.type === 'date') {
    return {
      tag: 'date_picker',
      name: key,
      width: 'fill',
      placeholder: plain(`选择${label}`),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(value) ? { initial_date: value } : {}),
    };
  }
  if (f.type === 'select' || f.type === 'boolean') {
    const options = (f.options ?? []).map((op) => ({ text: plain(op.label), value: op.value }));
    return {
      tag: 'select_static',
      name: key,
      width: 'fill',
      // The label stands above it: the placeholder need not say it again.
      placeholder: plain('请选择'),
      options,
      // initial_index is 1-based and unambiguous; initial_option is documented as the option's text.
      ...(options.some((op) => op.value === value)
        ? { initial_index: options.findIndex((op) => op.value === value) + 1 }
        : {}),
    };
  }
  const long = f.type === 'long_text';
  const typed = Array.from(value).length;
  const max = Math.min(1000, Math.max(f.maxChars ?? 1000, typed));
  return {
    tag: 'input',
    name: key,
    width: 'fill',
    label: plain(inputLabel(f, label)),
    label_position: 'top',
    ...(f.placeholder ? { placeholder: plain(clip(f.placeholder, 100)) } : {}),
    ...(value !== '' ? { default_value: value } : {}),
    max_length: max,
    ...(long ? { input_type: 'multiline_text', rows: 4, auto_resize: true, max_rows: 10 } : {}),
  };
}

/** A field with what goes around it: a label for pickers, help, and its error in red. */
function fieldBlock(f: FieldSpec, key: string, value: string, error: string | undefined, label = f.label): object[] {
  const out: object[] = [];
  if (f.type === 'date' || f.type === 'select' || f.type === 'boolean')
    out.push(md(`**${escapeMarkdown(inputLabel(f, label))}**`));
  out.push(fieldInput(f, key, value, label));
  const help = [f.help, f.article !== undefined && f.fact ? `依据${articleLabel(f.article)}` : undefined]
    .filter(Boolean)
    .join('；');
  if (help) out.push(md(colored(help, 'grey'), { notation: true }));
  out.push(...errorLine(error));
  return out;
}

/** A field's error in red under it, or nothing. */
function errorLine(error: string | undefined): object[] {
  return error ? [md(colored(`⚠ ${error}`, 'red'), { notation: true })] : [];
}

/** What a step card shows the fields from: the form, what was typed and what is wrong. */
type Filled = Pick<StepCardInput, 'form' | 'values' | 'errors'>;

function lineItemBlocks({ form, values, errors }: Filled, step: FormStep): object[] {
  const li = step.lineItems!;
  const items = lineItems(form, values);
  const asked = li.columns.filter(isAsked);
  const out: object[] = [];
  for (const r of stepRows(step)) {
    const row = items?.rows.find((x) => x.row === r);
    const amount = row?.amountFen != null ? `　金额：${formatYuan(row.amountFen)}元` : '';
    out.push(md(`**第${r}项**${amount}`));
    for (let i = 0; i < asked.length; i += 2) {
      const pair = asked.slice(i, i + 2);
      out.push({
        tag: 'column_set',
        horizontal_spacing: '8px',
        columns: pair.map((c) => {
          const key = lineItemKey(li.id, r, c.id);
          const col = { ...c, required: false }; // a row is optional; filled rows need every column (checked on submit)
          return {
            tag: 'column',
            width: 'weighted',
            weight: 1,
            elements: fieldBlock(col, key, values[key] ?? '', errors[key], c.label),
          };
        }),
      });
    }
  }
  if (items && items.rows.length > 0) {
    out.push(md(`当前合计：**${formatYuan(items.totalFen)}元**（${toChineseCapital(items.totalFen)}）`));
  }
  return out;
}

function readonlyBlock({ form, values, errors }: Filled, f: FieldSpec): object[] {
  let value = values[f.id] ?? '';
  if (f.role === 'total_in_words') {
    const items = lineItems(form, values);
    value = items
      ? `${toChineseCapital(items.totalFen)}（合计 ${formatYuan(items.totalFen)}元，由采购清单自动计算）`
      : '';
  }
  return [md(`**${escapeMarkdown(f.label)}**：${escapeMarkdown(value || '—')}`), ...errorLine(errors[f.id])];
}

export interface StepCardInput {
  form: DeclarationForm;
  stepIndex: number;
  values: Record<string, string>;
  errors: Record<string, string>;
  draftId: number | string;
  version: number;
  regionName: string;
  unitName: string;
  /** The kind's required materials (engine `requiredMaterials`). */
  materials: readonly Pick<Material, 'name' | 'article'>[];
}

/**
 * The line over the form: the unit (unless the form shows it as its own 申报单位 field), the kind
 * (unless the title says it) and the article that prescribes the form. The region is in the title.
 */
function stepHeader({ form, unitName }: StepCardInput): string {
  const showsUnit = form.steps.some((s) => s.fields.some((f) => f.role === 'unit'));
  const parts = [
    showsUnit ? '' : `**${escapeMarkdown(unitName)}**`,
    form.title.includes(form.kindLabel) ? '' : `项目类型：${escapeMarkdown(form.kindLabel)}`,
    form.article !== undefined ? `依据${articleLabel(form.article)}` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function declarationStepCard(o: StepCardInput): object {
  const { form, values, errors } = o;
  const stepIndex = Math.max(0, Math.min(o.stepIndex, form.steps.length - 1));
  const step = form.steps[stepIndex]!;
  const last = stepIndex === form.steps.length - 1;
  const elements: object[] = [];

  const header = stepHeader(o);
  if (header) elements.push(md(header));

  const messages = Object.values(errors);
  if (messages.length > 0) {
    const shown = messages.slice(0, 8).map((m) => `- ${escapeMarkdown(clip(m, 120))}`);
    if (messages.length > shown.length) shown.push(`- 另有 ${messages.length - shown.length} 处`);
    elements.push(md(`${colored(`请修改以下 ${messages.length} 处后再提交：`, 'red')}\n${shown.join('\n')}`));
  }

  if (o.materials.length > 0) {
    const list = o.materials
      .slice(0, 30)
      .map((m) => `- ${escapeMarkdown(clip(m.name, 80))}（${articleLabel(m.article)}）`);
    elements.push({
      tag: 'collapsible_panel',
      expanded: stepIndex === 0,
      header: { title: plain(`本类项目需提交的材料（${o.materials.length}项）`) },
      elements: [md(`${list.join('\n')}\n\n填好表单后，把材料文件直接发给我即可归档。`)],
    });
  }

  const formElements: object[] = [];
  if (step.lineItems) formElements.push(...lineItemBlocks(o, step));
  for (const f of step.fields) {
    if (!isAsked(f)) formElements.push(...readonlyBlock(o, f));
    else formElements.push(...fieldBlock(f, f.id, values[f.id] ?? '', errors[f.id]));
  }
  if (stepIndex === 0 && form.notes && form.notes.length > 0) {
    formElements.push(md(colored(`说明：${form.notes.join(' ')}`, 'grey'), { notation: true }));
  }
  const base = { action: 'declare.step', draftId: o.draftId, version: o.version, step: stepIndex };
  const buttons: object[] = [];
  if (stepIndex > 0)
    buttons.push(button('上一步', { ...base, nav: 'prev' }, { submit: true, name: STEP_BUTTONS.prev }));
  buttons.push(button('保存草稿', { ...base, nav: 'save' }, { submit: true, name: STEP_BUTTONS.save }));
  buttons.push(
    button(
      last ? '下一步：核对并提交' : '下一步',
      { ...base, nav: 'next', ...(last ? { review: true } : {}) },
      {
        submit: true,
        type: 'primary_filled',
        name: STEP_BUTTONS.next,
      },
    ),
  );
  formElements.push(buttonRow(buttons));
  elements.push({ tag: 'form', name: FORM_NAME, elements: formElements });

  return card({
    title: form.title,
    subtitle: `第${stepIndex + 1}步/共${form.steps.length}步 · ${step.title}`,
    template: messages.length > 0 ? 'orange' : 'blue',
    elements,
  });
}

// ---------------------------------------------------------------------------------------------
// Review card

export interface ReviewCardInput {
  form: DeclarationForm;
  summary: DeclarationSummary;
  findings: {
    blockers: Finding[];
    warnings: Finding[];
    outOfScope: { label: string; article: number; quote: string }[];
  };
  /** `generated`: the material is the form the bot fills in (see `declarationMaterials`). */
  materials: readonly { material: Pick<Material, 'id' | 'name' | 'article'>; attached: boolean; generated?: boolean }[];
  draftId: number | string;
  version: number;
}

function findingLines(list: readonly Finding[], color: 'red' | 'orange', max: number): string {
  const lines = list.slice(0, max).map((f) => {
    const quote = f.quote ? `\n  ${colored(`“${clip(f.quote, 160)}”`, 'grey')}` : '';
    return `- ${colored(`${clip(f.message, 200)}（${articleLabel(f.article)}）`, color)}${quote}`;
  });
  if (list.length > max) lines.push(`- 另有 ${list.length - max} 项`);
  return lines.join('\n');
}

export function declarationReviewCard(o: ReviewCardInput): object {
  const { form, summary, findings } = o;
  const elements: object[] = [];
  const lines = summary.lines.map(
    (l) => `**${escapeMarkdown(l.label)}**：${escapeMarkdown(clip(l.value, 1000) || '—')}`,
  );
  // The name as a heading, unless a 项目名称 line below says it already.
  const named = summary.lines.some((l) => l.value === summary.name);
  elements.push(md([...(named ? [] : [`**${escapeMarkdown(summary.name)}**`]), ...lines].join('\n')));
  elements.push({ tag: 'hr' });

  if (findings.blockers.length > 0) {
    elements.push(
      md(
        `${colored(`不符合规定，不能提交（${findings.blockers.length}项）`, 'red')}\n${findingLines(findings.blockers, 'red', 12)}`,
      ),
    );
  }
  if (findings.warnings.length > 0) {
    elements.push(
      md(
        `${colored(`请注意（${findings.warnings.length}项）`, 'orange')}\n${findingLines(findings.warnings, 'orange', 15)}`,
      ),
    );
  }
  if (findings.outOfScope.length > 0) {
    const list = findings.outOfScope
      .slice(0, 8)
      .map(
        (e) =>
          `- ${escapeMarkdown(clip(e.label, 120))}（${articleLabel(e.article)}）\n  ${colored(`“${clip(e.quote, 160)}”`, 'grey')}`,
      );
    elements.push(
      md(`${colored('申报内容提及的事项可能不属于本办法的管辖范围，请确认：', 'orange')}\n${list.join('\n')}`),
    );
  }
  if (findings.blockers.length === 0 && findings.warnings.length === 0 && findings.outOfScope.length === 0) {
    elements.push(md(colored('未发现不符合规定之处。', 'green')));
  }

  if (o.materials.length > 0) {
    const missing = o.materials.filter((m) => !m.attached).length;
    const list = o.materials.slice(0, 30).map((m) => {
      const mark = m.attached ? '✅' : '❌';
      const how = m.generated ? '（由本申报表生成）' : '';
      return `${mark} ${escapeMarkdown(clip(m.material.name, 80))}${how}（${articleLabel(m.material.article)}）`;
    });
    elements.push(
      md(
        `**申报材料**（${o.materials.length - missing}/${o.materials.length}项已附）\n${list.join('\n')}` +
          (missing > 0
            ? `\n${colored('补充材料：把文件直接发给我（机器人），我会请你选择它属于哪个项目的哪项材料。', 'grey')}`
            : ''),
      ),
    );
  }

  const base = { draftId: o.draftId, version: o.version };
  const blocked = findings.blockers.length > 0;
  elements.push(
    buttonRow([
      button(
        '提交申报',
        { action: 'declare.submit', ...base },
        {
          type: 'primary_filled',
          disabled: blocked,
          disabledTips: '有不符合规定的事项，修改后才能提交',
          name: 'btn__submit',
        },
      ),
      button('返回修改', { action: 'declare.edit', ...base, step: form.steps.length - 1 }, { name: 'btn__edit' }),
      button('保存草稿', { action: 'declare.save', ...base }, { name: 'btn__save' }),
    ]),
  );
  return card({
    title: '核对申报信息',
    subtitle: form.title,
    template: blocked ? 'red' : findings.warnings.length > 0 ? 'orange' : 'green',
    elements,
  });
}

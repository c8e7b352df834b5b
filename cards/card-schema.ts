/**
 * A pure validator for Feishu/Lark Card JSON 2.0 — the checks Lark applies when a card is sent
 * (im.message.create / reply) or updated (im.message.patch). Used by the fake Lark server and by
 * the card builders' tests. Returns a list of human-readable problems; empty means "Lark would accept it"
 * as far as these rules go.
 *
 * Rules (Lark docs: "卡片 JSON 2.0 结构", component pages, "发送消息" error codes):
 * - `"schema": "2.0"`; components live in `body.elements` (a top-level `elements` is the 1.0 layout).
 * - at most 200 components/elements in total, nested ones and text objects included (230099 / 11310).
 * - the whole card JSON at most 30 KB (230025) — see {@link cardByteLength}; `validateCardV2` reports it too.
 * - `header.title` / `header.subtitle` are text objects, never bare strings.
 * - `config.update_multi` can only be `true` in 2.0.
 * - tags deprecated in 2.0 (`action`, `note`) are rejected (200861).
 * - `element_id`: `[A-Za-z][A-Za-z0-9_]*`, at most 20 characters, unique in the card.
 * - `form`: only at the root of `body`, never nested; not inside column/collapsible_panel/interactive_container;
 *   must have a `name`; children cannot be `form` or `table`; must contain a button with
 *   `form_action_type: "submit"`; every interactive component inside needs a `name`.
 * - every `name` is unique across the card.
 * - `table`: only at the root of `body`; at most 5 per card.
 * - containers nest at most 5 deep.
 * - buttons: `text.content` ≤ 100 chars; `form_action_type` ∈ submit|reset; `behaviors[]` with a `type`,
 *   callbacks carry a `value` (object or string).
 * - input: `max_length` integer in [1, 1000]; `placeholder.content` ≤ 100 chars.
 * - 2.0 rejects properties it does not support: a button's `name` and `form_action_type` are
 *   documented for buttons inside a form only, so a `name` on any other button is refused.
 * - select_static: `initial_index` an integer from 0 (none) to the number of options; `initial_option`
 *   is documented as the option's content (初始选中内容), so it must equal an option's text.
 * - `header.subtitle` shows on one line on a phone: at most {@link SUBTITLE_MAX_COLUMNS} columns
 *   (a CJK character counts two).
 */

export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;
export const CARD_MAX_TABLES = 5;
export const CARD_MAX_DEPTH = 5;
/** About what one subtitle line holds on a 390 px phone: 20 CJK characters. */
export const SUBTITLE_MAX_COLUMNS = 40;

/** Display columns of a text: CJK and full-width characters count two. */
export function textColumns(s: string): number {
  let n = 0;
  for (const ch of s)
    n +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return n;
}

const DEPRECATED_TAGS = new Set(['action', 'note']);

const CONTAINERS = new Set(['column_set', 'column', 'form', 'collapsible_panel', 'interactive_container']);

/** Components that need a `name` inside a form (the values come back in `action.form_value[name]`). */
const FORM_FIELDS = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'select_img',
  'checker',
]);

const COMPONENTS = new Set([
  ...CONTAINERS,
  ...FORM_FIELDS,
  'markdown',
  'div',
  'hr',
  'img',
  'img_combination',
  'table',
  'chart',
  'person',
  'person_list',
  'button',
  'overflow',
  'audio',
  'video',
]);

const TEXT_TAGS = new Set(['plain_text', 'lark_md']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** UTF-8 byte length of the card as it goes on the wire (`content` is `JSON.stringify(card)`). */
export function cardByteLength(card: unknown): number {
  return new TextEncoder().encode(typeof card === 'string' ? card : JSON.stringify(card)).length;
}

type Parent = 'body' | 'form' | 'column' | 'collapsible_panel' | 'interactive_container';

interface Ctx {
  errors: string[];
  elementIds: Map<string, string>;
  names: Map<string, string>;
  tables: number;
}

function checkText(v: unknown, path: string, ctx: Ctx, maxChars?: number): void {
  if (!isObj(v)) {
    ctx.errors.push(`${path} must be a text object like {"tag":"plain_text","content":"…"}`);
    return;
  }
  if (typeof v.tag !== 'string' || !TEXT_TAGS.has(v.tag))
    ctx.errors.push(`${path}.tag must be "plain_text" or "lark_md"`);
  if (typeof v.content !== 'string') ctx.errors.push(`${path}.content must be a string`);
  else if (maxChars !== undefined && [...v.content].length > maxChars)
    ctx.errors.push(`${path}.content is ${[...v.content].length} characters; the limit is ${maxChars}`);
}

/** Counts every object with a string `tag` (components and text objects alike). */
function countTagged(v: unknown): number {
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + countTagged(x), 0);
  if (!isObj(v)) return 0;
  let n = typeof v.tag === 'string' ? 1 : 0;
  for (const x of Object.values(v)) n += countTagged(x);
  return n;
}

function hasSubmitButton(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasSubmitButton);
  if (!isObj(v)) return false;
  if (v.tag === 'button' && v.form_action_type === 'submit') return true;
  return Object.values(v).some(hasSubmitButton);
}

function checkElements(list: unknown, path: string, ctx: Ctx, parent: Parent, depth: number, inForm: boolean): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    ctx.errors.push(`${path} must be an array`);
    return;
  }
  list.forEach((el, i) => checkElement(el, `${path}[${i}]`, ctx, parent, depth, inForm));
}

function checkElement(el: unknown, path: string, ctx: Ctx, parent: Parent, depth: number, inForm: boolean): void {
  if (!isObj(el)) {
    ctx.errors.push(`${path} must be an object`);
    return;
  }
  const tag = el.tag;
  if (typeof tag !== 'string' || tag === '') {
    ctx.errors.push(`${path}.tag is missing`);
    return;
  }
  if (DEPRECATED_TAGS.has(tag)) {
    ctx.errors.push(`${path}: tag "${tag}" is deprecated in Card JSON 2.0 (200861)`);
    return;
  }
  if (!COMPONENTS.has(tag)) {
    ctx.errors.push(`${path}: unknown component tag "${tag}"`);
    return;
  }

  if (el.element_id !== undefined) {
    const id = el.element_id;
    if (typeof id !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(id)) {
      ctx.errors.push(`${path}.element_id must start with a letter, use [A-Za-z0-9_] and be at most 20 characters`);
    } else if (ctx.elementIds.has(id)) {
      ctx.errors.push(`${path}.element_id "${id}" is already used at ${ctx.elementIds.get(id)}`);
    } else ctx.elementIds.set(id, path);
  }

  if (el.name !== undefined) {
    const name = el.name;
    if (typeof name !== 'string' || name === '') ctx.errors.push(`${path}.name must be a non-empty string`);
    else if (ctx.names.has(name))
      ctx.errors.push(`${path}.name "${name}" is already used at ${ctx.names.get(name)} (names are card-unique)`);
    else ctx.names.set(name, path);
    if (tag === 'button' && !inForm)
      ctx.errors.push(
        `${path}: a button outside a form takes no name (documented for form buttons only; 2.0 rejects unsupported properties)`,
      );
  } else if (inForm && FORM_FIELDS.has(tag)) {
    ctx.errors.push(`${path}: a ${tag} inside a form needs a name (its value comes back in form_value[name])`);
  }

  const childDepth = CONTAINERS.has(tag) && tag !== 'column' ? depth + 1 : depth;
  if (childDepth > CARD_MAX_DEPTH)
    ctx.errors.push(`${path}: containers nest ${childDepth} deep; the limit is ${CARD_MAX_DEPTH}`);

  switch (tag) {
    case 'form': {
      if (parent !== 'body')
        ctx.errors.push(`${path}: a form can only sit at the root of body.elements (found inside ${parent})`);
      if (el.name === undefined) ctx.errors.push(`${path}: a form needs a name`);
      if (!Array.isArray(el.elements)) ctx.errors.push(`${path}.elements must be an array`);
      else if (!hasSubmitButton(el.elements))
        ctx.errors.push(`${path}: a form needs a button with form_action_type "submit"`);
      checkElements(el.elements, `${path}.elements`, ctx, 'form', childDepth, true);
      break;
    }
    case 'table': {
      ctx.tables += 1;
      if (parent !== 'body')
        ctx.errors.push(`${path}: a table can only sit at the root of body.elements (found inside ${parent})`);
      break;
    }
    case 'column_set': {
      if (el.columns !== undefined) {
        if (!Array.isArray(el.columns)) ctx.errors.push(`${path}.columns must be an array`);
        else
          el.columns.forEach((col, i) => {
            const p = `${path}.columns[${i}]`;
            if (!isObj(col) || col.tag !== 'column') {
              ctx.errors.push(`${p}: a column_set can only hold tag "column"`);
              return;
            }
            checkElement(col, p, ctx, parent, childDepth, inForm);
          });
      }
      break;
    }
    case 'column':
      checkElements(el.elements, `${path}.elements`, ctx, 'column', depth, inForm);
      break;
    case 'collapsible_panel':
      if (el.header !== undefined && isObj(el.header) && el.header.title !== undefined)
        checkText(el.header.title, `${path}.header.title`, ctx);
      checkElements(el.elements, `${path}.elements`, ctx, 'collapsible_panel', childDepth, inForm);
      break;
    case 'interactive_container':
      checkElements(el.elements, `${path}.elements`, ctx, 'interactive_container', childDepth, inForm);
      break;
    case 'markdown':
      if (typeof el.content !== 'string') ctx.errors.push(`${path}.content must be a string`);
      break;
    case 'div':
      if (el.text !== undefined) checkText(el.text, `${path}.text`, ctx);
      break;
    case 'button':
      checkButton(el, path, ctx, inForm);
      break;
    case 'input': {
      if (el.max_length !== undefined) {
        const m = el.max_length;
        if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 1000)
          ctx.errors.push(`${path}.max_length must be an integer in [1, 1000]`);
      }
      if (el.input_type !== undefined && !['text', 'multiline_text', 'password'].includes(el.input_type as string))
        ctx.errors.push(`${path}.input_type must be text, multiline_text or password`);
      if (el.placeholder !== undefined) checkText(el.placeholder, `${path}.placeholder`, ctx, 100);
      if (el.label !== undefined) checkText(el.label, `${path}.label`, ctx);
      break;
    }
    case 'select_static':
    case 'multi_select_static': {
      if (el.placeholder !== undefined) checkText(el.placeholder, `${path}.placeholder`, ctx, 100);
      if (el.options !== undefined) {
        if (!Array.isArray(el.options)) ctx.errors.push(`${path}.options must be an array`);
        else {
          const seen = new Set<string>();
          const count = el.options.length;
          if (
            el.initial_index !== undefined &&
            (typeof el.initial_index !== 'number' ||
              !Number.isInteger(el.initial_index) ||
              el.initial_index < 0 ||
              el.initial_index > count)
          )
            ctx.errors.push(`${path}.initial_index must be an integer from 0 to ${count} (the number of options)`);
          if (
            el.initial_option !== undefined &&
            !el.options.some((o) => isObj(o) && isObj(o.text) && o.text.content === el.initial_option)
          )
            ctx.errors.push(
              `${path}.initial_option must be an option's text (初始选中内容); use initial_index to preselect by position`,
            );
          el.options.forEach((o, i) => {
            if (!isObj(o) || typeof o.value !== 'string') {
              ctx.errors.push(`${path}.options[${i}] needs a string value`);
              return;
            }
            if (seen.has(o.value)) ctx.errors.push(`${path}.options[${i}].value "${o.value}" is repeated`);
            seen.add(o.value);
            if (o.text !== undefined) checkText(o.text, `${path}.options[${i}].text`, ctx);
          });
        }
      }
      break;
    }
    default:
      break;
  }
}

function checkButton(el: Obj, path: string, ctx: Ctx, inForm: boolean): void {
  if (el.text !== undefined) checkText(el.text, `${path}.text`, ctx, 100);
  if (el.form_action_type !== undefined) {
    if (el.form_action_type !== 'submit' && el.form_action_type !== 'reset')
      ctx.errors.push(`${path}.form_action_type must be "submit" or "reset"`);
    else if (!inForm) ctx.errors.push(`${path}: form_action_type only works on a button inside a form`);
  }
  if (el.behaviors !== undefined) {
    if (!Array.isArray(el.behaviors)) {
      ctx.errors.push(`${path}.behaviors must be an array`);
      return;
    }
    el.behaviors.forEach((b, i) => {
      const p = `${path}.behaviors[${i}]`;
      if (!isObj(b) || typeof b.type !== 'string') {
        ctx.errors.push(`${p} needs a type`);
        return;
      }
      if (b.type === 'callback') {
        if (!(isObj(b.value) || typeof b.value === 'string'))
          ctx.errors.push(`${p}: a callback behaviour needs a value (object or string)`);
      } else if (b.type === 'open_url') {
        if (typeof b.default_url !== 'string' || b.default_url === '')
          ctx.errors.push(`${p}: open_url needs default_url`);
      }
    });
  }
}

/** Validates a Card JSON 2.0 object (or its JSON string). Returns problems; [] means valid. */
export function validateCardV2(card: unknown): string[] {
  let c: unknown = card;
  if (typeof card === 'string') {
    try {
      c = JSON.parse(card);
    } catch {
      return ['card is not valid JSON'];
    }
  }
  if (!isObj(c)) return ['card must be a JSON object'];

  const ctx: Ctx = { errors: [], elementIds: new Map(), names: new Map(), tables: 0 };

  if (c.schema !== '2.0') {
    ctx.errors.push(
      c.schema === undefined
        ? 'schema must be "2.0" (a card without it is rendered as Card JSON 1.0)'
        : `schema must be "2.0", got ${JSON.stringify(c.schema)}`,
    );
  }
  if (c.elements !== undefined)
    ctx.errors.push('top-level elements is the 1.0 layout; Card JSON 2.0 puts components in body.elements');
  if (c.i18n_elements !== undefined) ctx.errors.push('i18n_elements is the 1.0 layout');

  if (c.config !== undefined) {
    if (!isObj(c.config)) ctx.errors.push('config must be an object');
    else if (c.config.update_multi !== undefined && c.config.update_multi !== true)
      ctx.errors.push('config.update_multi can only be true in Card JSON 2.0');
  }

  if (c.header !== undefined) {
    if (!isObj(c.header)) ctx.errors.push('header must be an object');
    else {
      if (c.header.title !== undefined) checkText(c.header.title, 'header.title', ctx);
      if (c.header.subtitle !== undefined) {
        checkText(c.header.subtitle, 'header.subtitle', ctx);
        const sub =
          isObj(c.header.subtitle) && typeof c.header.subtitle.content === 'string' ? c.header.subtitle.content : '';
        if (textColumns(sub) > SUBTITLE_MAX_COLUMNS)
          ctx.errors.push(
            `header.subtitle "${sub}" takes ${textColumns(sub)} columns; one phone line holds ${SUBTITLE_MAX_COLUMNS}`,
          );
      }
      if (c.header.template !== undefined && typeof c.header.template !== 'string')
        ctx.errors.push('header.template must be a string');
    }
  }

  if (!isObj(c.body)) ctx.errors.push('body must be an object with an elements array');
  else if (!Array.isArray(c.body.elements)) ctx.errors.push('body.elements must be an array');
  else {
    checkElements(c.body.elements, 'body.elements', ctx, 'body', 0, false);
    const count = countTagged(c.body.elements);
    if (count > CARD_MAX_ELEMENTS)
      ctx.errors.push(
        `card has ${count} components/elements; the limit is ${CARD_MAX_ELEMENTS} (element exceeds the limit)`,
      );
    if (ctx.tables > CARD_MAX_TABLES) ctx.errors.push(`card has ${ctx.tables} tables; the limit is ${CARD_MAX_TABLES}`);
  }

  const size = cardByteLength(c);
  if (size > CARD_MAX_BYTES) ctx.errors.push(`card JSON is ${size} bytes; the limit is ${CARD_MAX_BYTES} (30 KB)`);

  return ctx.errors;
}

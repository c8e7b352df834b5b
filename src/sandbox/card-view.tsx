/** @jsxImportSource hono/jsx */
/**
 * A Card JSON 2.0 card rendered as the Feishu client shows it, for the sandbox chat: the header in
 * its template colour, markdown, text, dividers, columns, collapsible panels, and forms with inputs,
 * selects, date pickers, checkers and buttons. Interactive parts carry data attributes that the page's
 * script turns into the card.action.trigger Lark would send (`action.value`, `name`, `form_value`).
 */
import type { Child } from 'hono/jsx';
import { Markdown, cssColor, type MarkdownOptions } from './markdown.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Header template → background (the Feishu palette for card headers). */
const HEADER_COLORS: Record<string, string> = {
  blue: '#3370ff',
  wathet: '#14c0ff',
  turquoise: '#04b49c',
  green: '#2ea121',
  yellow: '#dc9b04',
  orange: '#ff8800',
  red: '#f54a45',
  carmine: '#e22e6b',
  violet: '#c23edb',
  purple: '#7f3bf5',
  indigo: '#4954e6',
  grey: '#646a73',
  default: '#646a73',
};

export interface CardViewOptions extends MarkdownOptions {
  /** The people a select_person offers, with their names. */
  personName?: (openId: string) => string;
}

/** The text of a text object ({tag: plain_text | lark_md, content}). */
function TextObj(props: { t: unknown; o: CardViewOptions }) {
  if (!isObj(props.t)) return <></>;
  if (props.t.tag === 'lark_md') return <Markdown content={str(props.t.content)} options={props.o} />;
  return <span class="lk-plain">{str(props.t.content)}</span>;
}

function plainOf(t: unknown): string {
  return isObj(t) ? str(t.content) : typeof t === 'string' ? t : '';
}

function callbackValue(el: Obj): Obj | string | null {
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors : [];
  const cb = behaviors.find((b) => isObj(b) && b.type === 'callback') as Obj | undefined;
  if (cb && (isObj(cb.value) || typeof cb.value === 'string')) return cb.value as Obj | string;
  if (isObj(el.value)) return el.value; // 1.0-style value on the button itself
  return null;
}

function openUrl(el: Obj): string | null {
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors : [];
  const b = behaviors.find((x) => isObj(x) && x.type === 'open_url') as Obj | undefined;
  const url = b ? str(b.default_url) || str(b.pc_url) || str(b.android_url) : '';
  return /^https?:\/\//i.test(url) ? url : null;
}

function Button(props: { el: Obj; o: CardViewOptions }) {
  const { el } = props;
  const type = str(el.type) || 'default';
  const url = openUrl(el);
  const label = plainOf(el.text);
  if (url) {
    return (
      <a class={`lk-btn lk-btn-${type}`} href={url} target="_blank" rel="noopener noreferrer">
        {label}
      </a>
    );
  }
  const value = callbackValue(el);
  const confirm = isObj(el.confirm) ? el.confirm : null;
  const disabled = el.disabled === true;
  return (
    <button
      type="button"
      class={`lk-btn lk-btn-${type}${el.width === 'fill' ? ' lk-fill' : ''}`}
      disabled={disabled}
      title={disabled ? plainOf(el.disabled_tips) || undefined : undefined}
      data-lk-button="1"
      data-value={value === null ? undefined : JSON.stringify(value)}
      data-name={str(el.name) || undefined}
      data-form-action={str(el.form_action_type) || undefined}
      data-confirm-title={confirm ? plainOf(confirm.title) : undefined}
      data-confirm-text={confirm ? plainOf(confirm.text) : undefined}
    >
      {label}
    </button>
  );
}

function Input(props: { el: Obj; o: CardViewOptions }) {
  const { el } = props;
  const name = str(el.name);
  const placeholder = plainOf(el.placeholder) || undefined;
  const max = typeof el.max_length === 'number' ? el.max_length : undefined;
  const multiline = el.input_type === 'multiline_text';
  const label = el.label !== undefined ? plainOf(el.label) : '';
  const field = multiline ? (
    <textarea
      name={name}
      rows={typeof el.rows === 'number' ? el.rows : 3}
      maxlength={max}
      placeholder={placeholder}
      required={el.required === true}
      data-lk-tag="input"
    >
      {str(el.default_value)}
    </textarea>
  ) : (
    <input
      type={el.input_type === 'password' ? 'password' : 'text'}
      name={name}
      value={str(el.default_value)}
      maxlength={max}
      placeholder={placeholder}
      required={el.required === true}
      data-lk-tag="input"
    />
  );
  if (!label) return <div class="lk-field">{field}</div>;
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: `field` is the input, rendered by the caller
    <label class={el.label_position === 'left' ? 'lk-field lk-field-left' : 'lk-field'}>
      <span class="lk-label">{label}</span>
      {field}
    </label>
  );
}

function options(el: Obj, o: CardViewOptions, person: boolean): { value: string; text: string }[] {
  const list = Array.isArray(el.options) ? el.options : [];
  return list.filter(isObj).map((op) => {
    const value = str(op.value);
    const text = op.text !== undefined ? plainOf(op.text) : person && o.personName ? o.personName(value) : value;
    return { value, text };
  });
}

function Select(props: { el: Obj; o: CardViewOptions; person?: boolean; multi?: boolean }) {
  const { el } = props;
  const opts = options(el, props.o, props.person === true);
  // initial_index counts from 1 (0: none); initial_option names an option by its text.
  const byIndex = typeof el.initial_index === 'number' ? opts[el.initial_index - 1]?.value : undefined;
  const byText = opts.find((op) => op.text === str(el.initial_option))?.value;
  const initial = props.multi
    ? Array.isArray(el.selected_values)
      ? el.selected_values.map(String)
      : Array.isArray(el.initial_options)
        ? el.initial_options.map(String)
        : []
    : [byIndex ?? byText ?? ''];
  return (
    <div class="lk-field">
      <select
        name={str(el.name)}
        multiple={props.multi === true}
        required={el.required === true}
        data-lk-tag={str(el.tag)}
      >
        {props.multi ? null : <option value="">{plainOf(el.placeholder) || '请选择'}</option>}
        {opts.map((op) => (
          <option value={op.value} selected={initial.includes(op.value)}>
            {op.text}
          </option>
        ))}
      </select>
    </div>
  );
}

function DatePicker(props: { el: Obj }) {
  const { el } = props;
  return (
    <div class="lk-field">
      <input
        type="date"
        name={str(el.name)}
        value={str(el.initial_date)}
        required={el.required === true}
        data-lk-tag="date_picker"
        title={plainOf(el.placeholder) || undefined}
      />
    </div>
  );
}

function Checker(props: { el: Obj; o: CardViewOptions }) {
  const { el } = props;
  return (
    <label class="lk-checker">
      <input type="checkbox" name={str(el.name)} checked={el.checked === true} data-lk-tag="checker" />
      <TextObj t={el.text} o={props.o} />
    </label>
  );
}

function Columns(props: { el: Obj; o: CardViewOptions }) {
  const cols = (Array.isArray(props.el.columns) ? props.el.columns : []).filter(isObj);
  const flow = props.el.flex_mode === 'flow' || props.el.flex_mode === 'wrap';
  const gap = str(props.el.horizontal_spacing) || '8px';
  return (
    <div class={flow ? 'lk-cols lk-cols-flow' : 'lk-cols'} style={`gap:${/^\d+px$/.test(gap) ? gap : '8px'}`}>
      {cols.map((col) => {
        const weight = typeof col.weight === 'number' ? col.weight : 1;
        const style = col.width === 'auto' ? 'flex:0 0 auto' : `flex:${weight} 1 0;min-width:0`;
        return (
          <div class="lk-col" style={style}>
            <Elements list={col.elements} o={props.o} />
          </div>
        );
      })}
    </div>
  );
}

function Panel(props: { el: Obj; o: CardViewOptions }) {
  const header = isObj(props.el.header) ? props.el.header : {};
  return (
    <details class="lk-panel" open={props.el.expanded === true}>
      <summary>
        <TextObj t={header.title} o={props.o} />
      </summary>
      <Elements list={props.el.elements} o={props.o} />
    </details>
  );
}

function Table(props: { el: Obj; o: CardViewOptions }) {
  const columns = (Array.isArray(props.el.columns) ? props.el.columns : []).filter(isObj);
  const rows = (Array.isArray(props.el.rows) ? props.el.rows : []).filter(isObj);
  return (
    <table class="lk-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th>{str(c.display_name) || str(c.name)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            {columns.map((c) => (
              <td>{String(r[str(c.name)] ?? '')}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One component. */
export function Element(props: { el: unknown; o: CardViewOptions }): Child {
  const el = props.el;
  if (!isObj(el)) return null;
  const o = props.o;
  switch (el.tag) {
    case 'markdown':
      return <Markdown content={str(el.content)} notation={el.text_size === 'notation'} options={o} />;
    case 'div':
      return (
        <div class={el.text_size === 'notation' ? 'lk-div lk-notation' : 'lk-div'}>
          <TextObj t={el.text} o={o} />
        </div>
      );
    case 'plain_text':
      return <div class="lk-div">{str(el.content)}</div>;
    case 'note': // 1.0 component; 2.0 cards write notes as notation-size markdown
      return (
        <div class="lk-notation">
          <Elements list={el.elements} o={o} />
        </div>
      );
    case 'hr':
      return <hr class="lk-hr" />;
    case 'column_set':
      return <Columns el={el} o={o} />;
    case 'column':
      return <Elements list={el.elements} o={o} />;
    case 'collapsible_panel':
      return <Panel el={el} o={o} />;
    case 'interactive_container':
      return (
        <div class="lk-box">
          <Elements list={el.elements} o={o} />
        </div>
      );
    case 'form':
      return (
        <form class="lk-form" data-lk-form={str(el.name)} onsubmit="return false">
          <Elements list={el.elements} o={o} />
        </form>
      );
    case 'input':
      return <Input el={el} o={o} />;
    case 'select_static':
      return <Select el={el} o={o} />;
    case 'multi_select_static':
      return <Select el={el} o={o} multi />;
    case 'select_person':
      return <Select el={el} o={o} person />;
    case 'multi_select_person':
      return <Select el={el} o={o} person multi />;
    case 'date_picker':
      return <DatePicker el={el} />;
    case 'checker':
      return <Checker el={el} o={o} />;
    case 'button':
      return <Button el={el} o={o} />;
    case 'table':
      return <Table el={el} o={o} />;
    case 'img':
      return <div class="lk-img">[图片]</div>;
    case 'person':
      return <span class="lk-at">@{o.personName ? o.personName(str(el.user_id)) : str(el.user_id)}</span>;
    default:
      return <div class="lk-unknown">[暂不支持显示的组件：{String(el.tag)}]</div>;
  }
}

function Elements(props: { list: unknown; o: CardViewOptions }) {
  const list = Array.isArray(props.list) ? props.list : [];
  return (
    <>
      {list.map((el) => (
        <Element el={el} o={props.o} />
      ))}
    </>
  );
}

/** A whole card: header, then body.elements. */
export function CardView(props: { card: unknown; messageId: string; o?: CardViewOptions }) {
  const o = props.o ?? {};
  if (!isObj(props.card)) return <div class="lk-card">[卡片内容无效]</div>;
  const card = props.card;
  const header = isObj(card.header) ? card.header : null;
  const template = header ? str(header.template) || 'default' : 'default';
  const bg = HEADER_COLORS[template] ?? cssColor(template) ?? HEADER_COLORS.default;
  const body = isObj(card.body) ? card.body : {};
  return (
    <div class="lk-card" data-lk-card={props.messageId}>
      {header ? (
        <div class="lk-header" style={`background:${bg}`}>
          <div class="lk-title">{plainOf(header.title)}</div>
          {header.subtitle ? <div class="lk-subtitle">{plainOf(header.subtitle)}</div> : null}
        </div>
      ) : null}
      <div class="lk-body">
        <Elements list={body.elements} o={o} />
      </div>
    </div>
  );
}

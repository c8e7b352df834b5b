/**
 * Amounts of money, exactly. Two units are stored, both as integers so that no binary floating point
 * ever touches an amount:
 *
 * - 元 (`yuan`) for amounts the forms ask in 万元 (金寨 附件1 投资额/资金渠道): 4 decimals of 万元 = 1 元.
 * - 分 (`fen`) for amounts the forms ask in 元 (金寨 附件2 单价/金额/合计): 2 decimals of 元 = 1 分.
 *
 * Parsing works on the decimal string (digits before and after the point), never on `Number(input)`,
 * so "0.0001" 万元 is exactly 1 元 and "12.3456" 万元 exactly 123456 元.
 */

export type ParseResult<K extends string> = ({ ok: true } & Record<K, number>) | { ok: false; error: string };

/** The largest amount accepted, in 分: every amount in 元 or 分 then stays a safe integer, in either unit. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

const FULL_WIDTH = /[\uFF10-\uFF19\uFF0E\uFF0C\uFF0D\uFF0B\u3000]/g;

/** Full-width digits, point, comma, minus, plus and the ideographic space → their ASCII forms. */
function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

/**
 * Parses a non-negative decimal amount typed by a user into an integer number of `1 / 10^decimals`
 * of the unit. Accepts full-width characters, surrounding spaces, thousands separators in groups of
 * three ("1,234.5"), a point at either end ("12." / ".5"), an optional unit suffix from `units`, and
 * trailing zeros beyond `decimals` ("12.34560" 万元 is exact, so it is accepted).
 */
function parseDecimal(
  input: string,
  decimals: number,
  units: readonly string[],
): { ok: true; value: number } | { ok: false; error: string } {
  let s = toHalfWidth(input).trim();
  for (const unit of units) {
    if (s.endsWith(unit)) {
      s = s.slice(0, -unit.length).trim();
      break;
    }
  }
  if (s === '') return { ok: false, error: '请填写金额' };
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return { ok: false, error: '不是有效金额' };
  const whole = (m[2] ?? '').replace(/,/g, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const digits =
    BigInt(whole) * 10n ** BigInt(decimals) +
    (frac === '' ? 0n : BigInt(frac.padEnd(decimals, '0').slice(0, decimals)));
  if (m[1] === '-' && digits !== 0n) return { ok: false, error: '不能为负数' };
  if (frac.length > decimals) return { ok: false, error: `最多${decimals}位小数` };
  return { ok: true, value: Number(digits) };
}

/**
 * An amount in 万元 as typed ("12.3456", "１２.５", "100", " 3 ", "12.5万元") → integer 元.
 * At most 4 decimals (1 元); not negative. Errors are Chinese, for the user.
 */
export function parseWan(input: string): ParseResult<'yuan'> {
  const r = parseDecimal(input, 4, ['万元', '万']);
  if (!r.ok) return r;
  if (r.value > MAX_FEN / 100) return { ok: false, error: '金额过大' };
  return { ok: true, yuan: r.value };
}

/**
 * An amount in 元 as typed ("12300", "12,300.50", "５.５", "8元") → integer 分.
 * At most 2 decimals (1 分); not negative.
 */
export function parseYuan(input: string): ParseResult<'fen'> {
  const r = parseDecimal(input, 2, ['元']);
  if (!r.ok) return r;
  if (r.value > MAX_FEN) return { ok: false, error: '金额过大' };
  return { ok: true, fen: r.value };
}

function assertAmount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${n}`);
}

/** Integer 元 → 万元 with trailing zeros trimmed: 123456 → "12.3456", 120000 → "12", 5 → "0.0005". */
export function formatWan(yuan: number): string {
  assertAmount(yuan, 'yuan');
  const whole = Math.floor(yuan / 10000);
  const frac = String(yuan % 10000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Integer 分 → 元 with thousands separators and two decimals: 1230000 → "12,300.00". */
export function formatYuan(fen: number): string {
  assertAmount(fen, 'fen');
  const whole = String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** Integer 元 → 分. */
export function yuanToFen(yuan: number): number {
  assertAmount(yuan, 'yuan');
  if (yuan > MAX_FEN / 100) throw new RangeError(`yuan ${yuan} too large`);
  return yuan * 100;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const IN_GROUP = ['', '拾', '佰', '仟'] as const;

/** 1..9999 → 壹仟零壹拾 (a 零 for each run of zeros between digits, none at the end). */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const d = Math.floor(n / 10 ** pos) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + IN_GROUP[pos]!;
  }
  return out;
}

/**
 * 1 ≤ n < 10^16 → 大写 without a unit. Above 亿 the coefficient of 亿 is itself read with 万
 * (壹万亿, 壹仟贰佰叁拾肆万伍仟陆佰柒拾捌亿). A 零 joins two parts when the lower part does not fill
 * its top place (壹佰万零壹佰, 壹亿零壹万); zeros at the end of the upper part (its 万位/亿位) are not
 * read (壹拾万柒仟: the first form of the PBOC example ￥107,000.53).
 */
function integerWords(n: number): string {
  if (n >= 1e8) {
    const rest = n % 1e8;
    const head = `${integerWords(Math.floor(n / 1e8))}亿`;
    return rest === 0 ? head : head + (rest < 1e7 ? '零' : '') + integerWords(rest);
  }
  if (n >= 1e4) {
    const rest = n % 1e4;
    const head = `${group(Math.floor(n / 1e4))}万`;
    return rest === 0 ? head : head + (rest < 1e3 ? '零' : '') + group(rest);
  }
  return group(n);
}

/**
 * 合计金额（大写）: integer 分 → the 中文大写金额 of the amount, e.g. 1230000 → 壹万贰仟叁佰元整.
 *
 * Follows 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》:
 * - 到“元”为止的，在“元”之后写“整”字；在“角”之后可以不写“整”字 — we do not (壹万零伍元叁角);
 *   有“分”的，“分”后面不写“整”字.
 * - 数字中间有“0”时写“零”字，中间连续有几个“0”时只写一个“零”字 (陆仟零柒元壹角肆分).
 * - 万位或元位是“0”，但千位、角位不是“0”时，可以只写一个零字，也可以不写 — we take the first form
 *   of the rule's own examples: 壹仟陆佰捌拾元零叁角贰分 (元位 0 → 零 before 角) and
 *   壹拾万柒仟元零伍角叁分 (万位 0 → no 零 before 仟).
 * - 角位是“0”而分位不是“0”时，“元”后面写“零”字 (叁佰贰拾伍元零肆分).
 * - 壹拾 keeps its 壹 (壹拾万柒仟元, as in the rule's example); no 人民币 prefix (the form's cell is
 *   the amount alone). Amounts under 1 元 start at 角/分 (伍分); 0 → 零元整.
 */
export function toChineseCapital(fen: number): string {
  assertAmount(fen, 'fen');
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = '';
  if (yuan > 0) {
    out = `${integerWords(yuan)}元`;
    if (jiao === 0 && cents === 0) return `${out}整`;
    if (jiao === 0 || yuan % 10 === 0) out += '零';
  }
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  if (cents > 0) out += `${DIGITS[cents]}分`;
  return out;
}

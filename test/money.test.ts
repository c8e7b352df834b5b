import { describe, it, expect } from 'vitest';
import { formatWan, formatYuan, parseWan, parseYuan, toChineseCapital, yuanToFen } from '../src/money.js';

describe('parseWan', () => {
  it.each([
    ['12.3456', 123456],
    ['１２.５', 125000],
    ['１２．５', 125000],
    ['100', 1000000],
    [' 3 ', 30000],
    ['\u30003\u3000', 30000],
    ['0', 0],
    ['0.0001', 1],
    ['0.1', 1000],
    ['12.5万元', 125000],
    ['12.5 万', 125000],
    ['1,234.5', 12345000],
    ['12.34560', 123456],
    ['.5', 5000],
    ['12.', 120000],
    ['-0', 0],
    ['0.3', 3000], // 0.1 + 0.2 style float error would show here
    ['1.1', 11000],
    ['9007199254.7409', 90071992547409],
  ])('%j → %d 元', (input, yuan) => {
    expect(parseWan(input)).toEqual({ ok: true, yuan });
  });

  it.each([
    ['12.34567', '最多4位小数'],
    ['0.00001', '最多4位小数'],
    ['-1', '不能为负数'],
    ['-0.5', '不能为负数'],
    ['－３', '不能为负数'],
    ['abc', '不是有效金额'],
    ['1.2.3', '不是有效金额'],
    ['1,2', '不是有效金额'],
    ['.', '不是有效金额'],
    ['12元', '不是有效金额'],
    ['1e5', '不是有效金额'],
    ['', '请填写金额'],
    ['   ', '请填写金额'],
    ['9007199254.7410', '金额过大'],
    ['99999999999999999999', '金额过大'],
  ])('%j → %s', (input, error) => {
    expect(parseWan(input)).toEqual({ ok: false, error });
  });
});

describe('parseYuan', () => {
  it.each([
    ['12300', 1230000],
    ['12,300.50', 1230050],
    ['５.５', 550],
    ['8元', 800],
    ['0.01', 1],
    ['0.29', 29],
    ['1.005', null],
  ])('%j → %s 分', (input, fen) => {
    expect(parseYuan(input)).toEqual(fen === null ? { ok: false, error: '最多2位小数' } : { ok: true, fen });
  });

  it('rejects negatives and 万元', () => {
    expect(parseYuan('-3')).toEqual({ ok: false, error: '不能为负数' });
    expect(parseYuan('3万元')).toEqual({ ok: false, error: '不是有效金额' });
  });
});

describe('formatWan / formatYuan', () => {
  it('formats 元 as 万元 with trailing zeros trimmed', () => {
    expect(formatWan(123456)).toBe('12.3456');
    expect(formatWan(125000)).toBe('12.5');
    expect(formatWan(120000)).toBe('12');
    expect(formatWan(5)).toBe('0.0005');
    expect(formatWan(0)).toBe('0');
    expect(formatWan(1234567890)).toBe('123456.789');
  });

  it('formats 分 as 元 with separators and two decimals', () => {
    expect(formatYuan(1230000)).toBe('12,300.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(100)).toBe('1.00');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
    expect(formatYuan(99999)).toBe('999.99');
  });

  it('round-trips with the parsers', () => {
    for (const s of ['0', '0.0001', '12.3456', '100', '99999.9999']) {
      const r = parseWan(s);
      expect(r.ok && formatWan(r.yuan)).toBe(s);
    }
    for (const s of ['0.00', '0.01', '12,300.00', '1,234,567.89']) {
      const r = parseYuan(s);
      expect(r.ok && formatYuan(r.fen)).toBe(s);
    }
  });

  it('refuses what is not an amount', () => {
    expect(() => formatWan(-1)).toThrow(RangeError);
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(yuanToFen(12300)).toBe(1230000);
  });
});

describe('toChineseCapital (PBOC 正确填写票据和结算凭证的基本规定)', () => {
  const yuan = (y: number) => y * 100;
  it.each([
    // whole 元 → 整
    [yuan(12300), '壹万贰仟叁佰元整'],
    [yuan(1), '壹元整'],
    [yuan(10), '壹拾元整'],
    [yuan(15), '壹拾伍元整'],
    [yuan(110), '壹佰壹拾元整'],
    [yuan(1010), '壹仟零壹拾元整'],
    [yuan(1001), '壹仟零壹元整'],
    [yuan(100000000), '壹亿元整'],
    [yuan(100000001), '壹亿零壹元整'],
    [yuan(1000100), '壹佰万零壹佰元整'],
    [yuan(1010000), '壹佰零壹万元整'],
    [yuan(10000), '壹万元整'],
    [yuan(10001), '壹万零壹元整'],
    [yuan(10010), '壹万零壹拾元整'],
    [yuan(11000), '壹万壹仟元整'],
    [yuan(100000), '壹拾万元整'],
    [yuan(107000), '壹拾万柒仟元整'],
    [yuan(100010000), '壹亿零壹万元整'],
    [yuan(101000000), '壹亿零壹佰万元整'],
    [yuan(110000000), '壹亿壹仟万元整'],
    [yuan(1050000000), '壹拾亿伍仟万元整'],
    [yuan(1000000000), '壹拾亿元整'],
    [yuan(100000000000), '壹仟亿元整'],
    [yuan(1000000000000), '壹万亿元整'],
    [yuan(1000000010000), '壹万亿零壹万元整'],
    [yuan(1000000000001), '壹万亿零壹元整'],
    [yuan(12345600000000), '壹拾贰万叁仟肆佰伍拾陆亿元整'],
    [yuan(90071992547409), '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元整'],
    [yuan(60070000), '陆仟零柒万元整'],
    [yuan(123456789), '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整'],
    // 角 and 分
    [1000530, '壹万零伍元叁角'],
    [5, '伍分'],
    [50, '伍角'],
    [25, '贰角伍分'],
    [0, '零元整'],
    [105, '壹元零伍分'],
    [1005, '壹拾元零伍分'],
    [1050, '壹拾元零伍角'],
    [1055, '壹拾元零伍角伍分'],
    [150, '壹元伍角'],
    // the rule's own examples
    [140950, '壹仟肆佰零玖元伍角'],
    [600714, '陆仟零柒元壹角肆分'],
    [168032, '壹仟陆佰捌拾元零叁角贰分'],
    [10700053, '壹拾万柒仟元零伍角叁分'],
    [1640902, '壹万陆仟肆佰零玖元零贰分'],
    [32504, '叁佰贰拾伍元零肆分'],
  ])('%d 分 → %s', (fen, words) => {
    expect(toChineseCapital(fen)).toBe(words);
  });

  it('never writes two 零 in a row, nor ends a whole amount without 整', () => {
    for (let y = 1; y < 200000; y += 997) {
      const w = toChineseCapital(y * 100 + 7);
      expect(w).not.toMatch(/零零|零元|零万|零亿/);
      expect(toChineseCapital(y * 100)).toMatch(/元整$/);
    }
  });

  it('refuses negative and fractional 分', () => {
    expect(() => toChineseCapital(-1)).toThrow(RangeError);
    expect(() => toChineseCapital(0.5)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FUND_CHANNELS,
  parseAmountWan,
  parseDecide,
  parseDelegate,
  parseFinance,
} from '../../src/approval/forms.js';

describe('approval callbacks', () => {
  it('parseDecide reads the decision from value and the comment from the form', () => {
    expect(
      parseDecide({ action: 'approval.decide', decision: 'return', task: 't1' }, { comment: '  补充材料 ' }),
    ).toEqual({
      ok: true,
      task: 't1',
      decision: 'return',
      comment: '补充材料',
    });
    expect(parseDecide({ action: 'approval.decide', decision: 'approve', task: 't1' }, undefined)).toEqual({
      ok: true,
      task: 't1',
      decision: 'approve',
    });
    expect(parseDecide({ action: 'approval.decide', decision: 'maybe', task: 't1' }, {}).ok).toBe(false);
    expect(
      parseDecide({ action: 'approval.decide', decision: 'approve', task: 't1' }, { comment: 'x'.repeat(1001) }).ok,
    ).toBe(false);
  });

  it('parseDelegate needs an open_id (select_person sends a list)', () => {
    const v = { action: 'approval.delegate.confirm', task: 't2' };
    expect(parseDelegate(v, { delegate_to: 'ou_abc', delegate_note: '请代审' })).toEqual({
      ok: true,
      task: 't2',
      to: 'ou_abc',
      note: '请代审',
    });
    expect(parseDelegate(v, { delegate_to: ['ou_abc'] })).toEqual({ ok: true, task: 't2', to: 'ou_abc' });
    expect(parseDelegate(v, {})).toEqual({ ok: false, message: '请选择要转交的同事' });
  });

  it('parseAmountWan accepts 万元 amounts as people type them', () => {
    expect(parseAmountWan('120')).toBe(120);
    expect(parseAmountWan('1,200.5万元')).toBe(1200.5);
    expect(parseAmountWan('１２０．５')).toBe(120.5);
    expect(parseAmountWan('0')).toBeNull();
    expect(parseAmountWan('-5')).toBeNull();
    expect(parseAmountWan('abc')).toBeNull();
    expect(parseAmountWan('1.23456')).toBeNull();
  });

  it('parseFinance needs an amount and a channel from the list', () => {
    const v = { action: 'approval.finance', task: 't3' };
    expect(parseFinance(v, { amount_wan: '88', fund_channel: DEFAULT_FUND_CHANNELS[0] })).toEqual({
      ok: true,
      task: 't3',
      amountWan: 88,
      fundChannel: DEFAULT_FUND_CHANNELS[0],
    });
    expect(parseFinance(v, { amount_wan: '', fund_channel: DEFAULT_FUND_CHANNELS[0] }).ok).toBe(false);
    expect(parseFinance(v, { amount_wan: '88', fund_channel: '私房钱' })).toEqual({
      ok: false,
      message: '请选择资金渠道',
    });
    expect(parseFinance(v, { amount_wan: '88', fund_channel: '债券' }, ['债券']).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { auditLabel as consoleLabel } from '../src/console/queries/audit.js';
import { auditLabel } from '../src/audit-labels.js';

describe('audit labels', () => {
  it('names adjustments, deadlines and 整改 the same wherever the trail is shown', () => {
    expect(consoleLabel('adjustment.filed')).toBe('调整备案');
    expect(auditLabel('deadline.extension_granted')).toBe('同意延期');
    expect(auditLabel('rectification.issued')).toBe('下发整改通知');
    expect(auditLabel('escalate:urgent')).toBe('超时加急');
    expect(auditLabel('event:contract_signed')).toBe('报告进展（contract_signed）');
  });
  it('shows an unknown action as it is stored', () => {
    expect(auditLabel('something.new')).toBe('something.new');
  });
});

import { describe, expect, it } from 'vitest';
import { formatShanghaiTime } from '../../../cards/approval/index.js';

describe('formatShanghaiTime', () => {
  it('formats in Beijing time', () => {
    expect(formatShanghaiTime('2025-06-02T16:30:00Z')).toBe('2025-06-03 00:30');
  });
});

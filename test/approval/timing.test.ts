import { describe, expect, it } from 'vitest';
import { canUrge, escalationSchedule, escalationsDue, pendingWorkingDays, urgeDay } from '../../src/approval/timing.js';

/** An instant given in Beijing time. */
const bj = (s: string) => new Date(`${s}+08:00`);

describe('canUrge: once per working day per step, Asia/Shanghai', () => {
  it('the first urge is allowed', () => {
    expect(canUrge(null, bj('2025-06-03T10:00:00'))).toEqual({ ok: true });
  });

  it('twice the same working day is refused, the next working day allowed', () => {
    const r = canUrge(bj('2025-06-03T09:00:00'), bj('2025-06-03T17:59:00'));
    expect(r).toEqual({
      ok: false,
      nextOn: '2025-06-04',
      message: '本环节在本工作日已催办过，2025年6月4日起可再次催办',
    });
    expect(canUrge(bj('2025-06-03T09:00:00'), bj('2025-06-04T00:01:00'))).toEqual({ ok: true });
  });

  it('the day changes at midnight in Shanghai, not UTC', () => {
    // 23:30 and 00:10 Beijing time are the same UTC date (15:30Z and 16:10Z)
    expect(canUrge(bj('2025-06-03T23:30:00'), bj('2025-06-04T00:10:00'))).toEqual({ ok: true });
    // 07:00 and 09:00 Beijing time are different UTC dates but the same day here
    expect(canUrge(bj('2025-06-04T07:00:00'), bj('2025-06-04T09:00:00')).ok).toBe(false);
  });

  it('across a weekend: an urge on Saturday counts for Monday', () => {
    // 2025-09-19 Fri, 20 Sat, 21 Sun, 22 Mon
    expect(urgeDay('2025-09-20')).toBe('2025-09-22');
    expect(canUrge(bj('2025-09-19T10:00:00'), bj('2025-09-20T10:00:00'))).toEqual({ ok: true });
    expect(canUrge(bj('2025-09-20T10:00:00'), bj('2025-09-21T10:00:00'))).toMatchObject({
      ok: false,
      nextOn: '2025-09-23',
    });
    expect(canUrge(bj('2025-09-20T10:00:00'), bj('2025-09-22T10:00:00')).ok).toBe(false);
    expect(canUrge(bj('2025-09-20T10:00:00'), bj('2025-09-23T10:00:00')).ok).toBe(true);
  });

  it('across the National Day holiday (2025-10-01..08 off, 10-11 Saturday worked)', () => {
    expect(canUrge(bj('2025-09-30T10:00:00'), bj('2025-10-01T10:00:00')).ok).toBe(true);
    expect(canUrge(bj('2025-10-01T10:00:00'), bj('2025-10-05T10:00:00'))).toMatchObject({
      ok: false,
      nextOn: '2025-10-10',
    });
    expect(canUrge(bj('2025-10-01T10:00:00'), bj('2025-10-09T10:00:00')).ok).toBe(false);
    expect(canUrge(bj('2025-10-01T10:00:00'), bj('2025-10-10T10:00:00')).ok).toBe(true);
    // the 调休 Saturday is a working day of its own
    expect(canUrge(bj('2025-10-10T10:00:00'), bj('2025-10-11T10:00:00')).ok).toBe(true);
  });
});

describe('escalation', () => {
  it('default limit 3 working days across the National Day holiday: urgent, then the leader a working day later', () => {
    const started = bj('2025-09-29T10:00:00'); // Monday; 09-30, 10-09, 10-10 are the 3 working days
    expect(escalationSchedule(started)).toEqual({
      dueOn: '2025-10-10',
      urgentAt: bj('2025-10-11T09:00:00'), // the 调休 Saturday
      leaderAt: bj('2025-10-13T09:00:00'),
      provisional: false,
    });
    const due = (now: string, alreadyDone: ('urgent' | 'leader')[] = []) =>
      escalationsDue(started, bj(now), { alreadyDone });
    expect(due('2025-10-08T12:00:00')).toBeNull();
    expect(due('2025-10-10T23:59:00')).toBeNull();
    expect(due('2025-10-11T08:59:00')).toBeNull();
    expect(due('2025-10-11T09:00:00')).toBe('urgent');
    expect(due('2025-10-11T12:00:00', ['urgent'])).toBeNull();
    expect(due('2025-10-12T12:00:00', ['urgent'])).toBeNull();
    expect(due('2025-10-13T09:00:00', ['urgent'])).toBe('leader');
    expect(due('2025-10-13T09:00:00', ['urgent', 'leader'])).toBeNull();
    // a scheduler that was down sends the urgent one first
    expect(due('2025-10-20T09:00:00')).toBe('urgent');
  });

  it('a pack or deployment limit replaces the default', () => {
    const started = bj('2025-06-03T16:00:00'); // Tuesday
    expect(escalationsDue(started, bj('2025-06-09T10:00:00'), { limitWorkingDays: 5, alreadyDone: [] })).toBeNull();
    expect(escalationsDue(started, bj('2025-06-11T10:00:00'), { limitWorkingDays: 5, alreadyDone: [] })).toBe('urgent');
    expect(escalationSchedule(started, { limitWorkingDays: 5, workdayStartHour: 8 }).urgentAt).toEqual(
      bj('2025-06-11T08:00:00'),
    );
    expect(() => escalationSchedule(started, { limitWorkingDays: 0 })).toThrow();
  });

  it('counts whole working days pending', () => {
    expect(pendingWorkingDays(bj('2025-09-29T10:00:00'), bj('2025-10-11T10:00:00'))).toBe(4);
    expect(pendingWorkingDays(bj('2025-09-29T10:00:00'), bj('2025-09-29T18:00:00'))).toBe(0);
  });
});

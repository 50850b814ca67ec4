import { defaultStatus, statusProblem, timingProblem, transitionProblem } from './meeting.rules';

describe('meeting timing', () => {
  const base = { date: '2020-11-02', startsAt: null, endsAt: null, partOfDay: null };
  it('accepts a day without an hour, with or without a part of day', () => {
    expect(timingProblem(base)).toBeNull();
    expect(timingProblem({ ...base, partOfDay: 'AFTERNOON' })).toBeNull();
  });
  it('checks the hour against the day in Morocco', () => {
    expect(timingProblem({ ...base, startsAt: new Date('2020-11-02T14:00:00Z') })).toBeNull();
    expect(timingProblem({ ...base, startsAt: new Date('2020-11-01T23:30:00Z') })).toBeNull(); // 00:30 in Casablanca
    expect(timingProblem({ ...base, startsAt: new Date('2020-11-02T23:30:00Z') })).toMatch(
      /falls on 2020-11-03/,
    );
  });
  it('refuses an end before the start, an end without a start, and a part of day beside an hour', () => {
    const startsAt = new Date('2020-11-02T14:00:00Z');
    expect(timingProblem({ ...base, startsAt, endsAt: new Date('2020-11-02T13:00:00Z') })).toMatch(
      /end after it starts/,
    );
    expect(timingProblem({ ...base, startsAt, endsAt: startsAt })).toMatch(/end after it starts/);
    expect(timingProblem({ ...base, endsAt: startsAt })).toMatch(/needs startsAt/);
    expect(timingProblem({ ...base, startsAt, partOfDay: 'MORNING' })).toMatch(/not both/);
  });
});

describe('meeting status', () => {
  it('cannot be HELD in the future', () => {
    expect(statusProblem('HELD', '2030-01-01', '2026-11-29')).toMatch(/future/);
    expect(statusProblem('HELD', '2026-11-29', '2026-11-29')).toBeNull();
    expect(statusProblem('PLANNED', '2030-01-01', '2026-11-29')).toBeNull();
  });
  it('defaults from the day', () => {
    expect(defaultStatus('2020-11-02', '2026-11-29')).toBe('HELD');
    expect(defaultStatus('2030-01-01', '2026-11-29')).toBe('PLANNED');
  });
  it('never un-cancels and never cancels what was held', () => {
    expect(transitionProblem('CANCELLED', 'PLANNED')).toMatch(/cannot be reopened/);
    expect(transitionProblem('HELD', 'CANCELLED')).toMatch(/held cannot be cancelled/);
    expect(transitionProblem('PLANNED', 'HELD')).toBeNull();
    expect(transitionProblem('PLANNED', 'CANCELLED')).toBeNull();
  });
});

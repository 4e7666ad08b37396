import { describe, expect, it } from 'vitest';
import { reminderDueAt } from './reminders.ts';

describe('reminder instants', () => {
  it('"1 day before" keeps the wall-clock time in the series zone across both DST changes', () => {
    // Sunday 1 Nov 2026 09:00 EST; the day before is 09:00 EDT: 25 hours earlier.
    expect(reminderDueAt('day', '2026-11-01T14:00:00.000Z', 'America/New_York')).toBe('2026-10-31T13:00:00.000Z');
    // Sunday 8 Mar 2026 13:00 EDT; the day before is 13:00 EST: 23 hours earlier.
    expect(reminderDueAt('day', '2026-03-08T17:00:00.000Z', 'America/New_York')).toBe('2026-03-07T18:00:00.000Z');
    expect(reminderDueAt('day', '2026-11-01T14:00:00.000Z', 'UTC')).toBe('2026-10-31T14:00:00.000Z');
  });

  it('"15 minutes before" is 15 minutes, whatever the zone', () => {
    expect(reminderDueAt('soon', '2026-11-01T14:00:00.000Z', 'America/New_York')).toBe('2026-11-01T13:45:00.000Z');
  });
});

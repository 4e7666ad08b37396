import { describe, expect, it } from 'vitest';
import { formatInZone, seriesAndReaderClock, seriesAndReaderTime } from './time.ts';

describe('one time format, 24-hour, the zone named', () => {
  it('a date and time in a zone', () => {
    expect(formatInZone('2026-03-08T06:30:00.000Z', 'America/New_York')).toBe('Sun 8 Mar 2026, 01:30 EST');
  });

  it("the series' time with the reader's beside it, the reader's date only when it is another day there", () => {
    expect(seriesAndReaderTime('2026-11-22T18:00:00.000Z', 'America/New_York', 'Europe/Paris')).toBe('Sun 22 Nov 2026, 13:00 EST (19:00 GMT+1 your time)');
    expect(seriesAndReaderTime('2026-11-23T03:00:00.000Z', 'America/New_York', 'Europe/Paris')).toBe('Sun 22 Nov 2026, 22:00 EST (Mon 23 Nov 2026, 04:00 GMT+1 your time)');
    expect(seriesAndReaderTime('2026-11-22T18:00:00.000Z', 'America/New_York', 'America/New_York')).toBe('Sun 22 Nov 2026, 13:00 EST');
  });

  it('a time of day for the run of show, in the same clock as the streams', () => {
    expect(seriesAndReaderClock('2026-03-10T23:30:00.000Z', 'America/New_York', 'Europe/Berlin')).toBe('19:30 EDT (00:30 yours)');
    expect(seriesAndReaderClock('2026-01-10T23:30:00.000Z', 'America/New_York', 'America/New_York')).toBe('18:30 EST');
    // Another zone on the same clock needs no second time.
    expect(seriesAndReaderClock('2026-01-10T23:30:00.000Z', 'America/New_York', 'America/Toronto')).toBe('18:30 EST');
  });
});

import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { jamsCalendar, type CalendarJam } from './calendar.ts';

const NOW = new Date('2026-01-01T00:00:00Z');

function roundTrip(timeZone: string, jam: Pick<CalendarJam, 'startsAt' | 'endsAt'>) {
  const text = jamsCalendar({ slug: 'cx', name: 'CX', hashtag: '#cx', timeZone }, [{ slug: 'j', title: 'T', description: '', status: 'scheduled', ...jam }], 'https://tj.example', NOW);
  const event = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
  return { text, start: new Date(event.start).toISOString(), end: new Date(event.end!).toISOString() };
}

describe('jam calendars', () => {
  it('writes wall-clock times in the series zone across the spring-forward gap', () => {
    const { text, start, end } = roundTrip('America/New_York', { startsAt: '2026-03-08T06:30:00.000Z', endsAt: '2026-03-08T08:00:00.000Z' });
    expect(text).toContain('DTSTART;TZID=America/New_York:20260308T013000');
    expect(text).toContain('DTEND;TZID=America/New_York:20260308T040000');
    expect([start, end]).toEqual(['2026-03-08T06:30:00.000Z', '2026-03-08T08:00:00.000Z']);
  });

  it('keeps the right instants in the repeated hour of a fall-back night', () => {
    // 01:30 happens twice on 2026-11-01 in New York; a TZID time means the first, so the second is written in UTC.
    for (const startsAt of ['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']) {
      const endsAt = new Date(Date.parse(startsAt) + 90 * 60_000).toISOString();
      const parsed = roundTrip('America/New_York', { startsAt, endsAt });
      expect([parsed.start, parsed.end]).toEqual([startsAt, endsAt]);
      expect(parsed.text).toMatch(/DTSTART:20261101T0[56]3000Z/);
    }
  });

  it('writes UTC series in UTC, and other zones with their VTIMEZONE', () => {
    expect(roundTrip('UTC', { startsAt: '2026-05-01T12:00:00.000Z', endsAt: '2026-05-01T13:00:00.000Z' }).text).toContain('DTSTART:20260501T120000Z');
    const kolkata = roundTrip('Asia/Kolkata', { startsAt: '2026-05-01T12:00:00.000Z', endsAt: '2026-05-01T13:00:00.000Z' });
    expect(kolkata.text).toContain('TZID:Asia/Kolkata');
    expect(kolkata.text).toContain('DTSTART;TZID=Asia/Kolkata:20260501T173000');
    expect(kolkata.start).toBe('2026-05-01T12:00:00.000Z');
  });
});

import { TZDate } from '@date-fns/tz';

/**
 * The instant of a wall-clock time in a time zone ("2026-03-08T01:30" in America/New_York).
 * A time skipped by a spring-forward change moves forward by the gap, as calendars do.
 */
export function zonedInstant(localDateTime: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(localDateTime);
  if (!match) throw new RangeError(`not a local date-time: ${localDateTime}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(TZDate.tz(timeZone, y!, mo! - 1, d!, h!, mi!, s || 0).getTime());
}

/** "2026-03-08" of an instant, in a zone. */
export function localDate(instant: Date, timeZone: string): string {
  const t = new TZDate(instant.getTime(), timeZone);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

/** "Sun, Mar 8, 2026, 01:30 AM EST" of an instant, in a zone, for exports and announcements. */
export function formatInZone(instant: Date | string, timeZone: string, locale = 'en-US'): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(instant));
}

/** "13:05" of an instant on the wall clock of a zone. */
export function clockTime(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

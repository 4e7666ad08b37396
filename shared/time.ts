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

/**
 * The one date-and-time format of the app and its exports: "Sun 8 Mar 2026, 01:30 EST" (24-hour
 * clock, day before month, the zone named), of an instant in a zone.
 */
export function formatInZone(instant: Date | string, timeZone: string): string {
  const when = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(instant))
    .replace(/^(\w{3}),/, '$1')
    .replace(' at ', ', ');
  return `${when} ${zoneName(instant, timeZone)}`;
}

/**
 * An instant as a series announces it, with the reader's own time beside it when their zone
 * differs: "Sun 8 Mar 2026, 13:00 EST (19:00 CET your time)". The reader's date is added only
 * when it is another day there.
 */
export function seriesAndReaderTime(instant: Date | string, seriesZone: string, readerZone: string): string {
  const series = formatInZone(instant, seriesZone);
  const reader = formatInZone(instant, readerZone);
  if (series === reader || sameOffset(instant, seriesZone, readerZone)) return series;
  const sameDay = localDate(new Date(instant), seriesZone) === localDate(new Date(instant), readerZone);
  const readerShort = sameDay ? reader.slice(reader.indexOf(', ') + 2) : reader;
  return `${series} (${readerShort} your time)`;
}

/**
 * A time of day as a series announces it, with the reader's clock beside it when their zone
 * differs: "19:30 EDT (00:30 yours)". For places that already say which day (a run of show).
 */
export function seriesAndReaderClock(instant: Date | string, seriesZone: string, readerZone: string): string {
  const series = clockInZone(instant, seriesZone);
  return sameOffset(instant, seriesZone, readerZone) ? series : `${series} (${clockTime(instant, readerZone)} yours)`;
}

function sameOffset(instant: Date | string, a: string, b: string): boolean {
  const wall = (zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(instant));
  return a === b || (wall(a) === wall(b) && zoneName(instant, a) === zoneName(instant, b));
}

/** "EST", "CET" (en-US knows more abbreviations than en-GB), else "GMT+5:30". */
const zoneName = (instant: Date | string, zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? zone;

/** "13:05 EST": a time of day with its zone named. */
export const clockInZone = (instant: Date | string, timeZone: string) => `${clockTime(instant, timeZone)} ${zoneName(instant, timeZone)}`;

/** "13:05" of an instant on the wall clock of a zone. */
export function clockTime(instant: Date | string, timeZone: string): string {
  // One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it,
  // and exports call this once per message (a 100,000-message transcript took minutes).
  let format = clockFormats.get(timeZone);
  if (!format) clockFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return format.format(new Date(instant));
}
const clockFormats = new Map<string, Intl.DateTimeFormat>();

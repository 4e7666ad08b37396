import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { TZDate } from '@date-fns/tz';
import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';
import type { JamStatus } from '../../shared/model.ts';

/** What a calendar entry needs of a jam. */
export interface CalendarJam {
  slug: string;
  title: string;
  description: string;
  status: JamStatus;
  startsAt: string;
  endsAt: string;
}

export interface CalendarSeries {
  slug: string;
  name: string;
  hashtag: string;
  timeZone: string;
}

const wallClock = (ms: number, timeZone: string) => {
  const t = new TZDate(ms, timeZone);
  return [t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes()].join('-');
};

/**
 * True when the wall-clock time of an instant happens twice in the zone (the repeated hour when
 * clocks fall back). RFC 5545 reads such a TZID time as the first occurrence, but parsers differ
 * (node-ical takes the second), so those events are written in UTC, which nobody misreads.
 */
function ambiguous(iso: string, timeZone: string): boolean {
  const ms = Date.parse(iso);
  const local = wallClock(ms, timeZone);
  return [30, 60, 120].some((min) => wallClock(ms + min * 60_000, timeZone) === local || wallClock(ms - min * 60_000, timeZone) === local);
}

/** Reminder built into every event, so subscribers are told before a jam without the app open. */
const ALARM_BEFORE_S = 15 * 60;

/**
 * An iCalendar file of jams, with times written in the series' own zone (TZID plus its VTIMEZONE),
 * so calendars show the wall-clock time the host announced and get DST changes right.
 */
export function jamsCalendar(series: CalendarSeries, jams: CalendarJam[], origin: string, now: Date): string {
  const calendar = ical({
    name: `${series.name} (${series.hashtag})`,
    description: `Upcoming ${series.hashtag} jams on TweetJam`,
    prodId: { company: 'TweetJam', product: 'tweetjam', language: 'EN' },
    url: `${origin}/series/${series.slug}`,
    // No calendar-wide zone (that would write DTSTAMP without its Z); events carry TZID and the
    // generator adds each zone's VTIMEZONE.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: 60 * 60,
  });
  for (const jam of jams) {
    const inUtc = ambiguous(jam.startsAt, series.timeZone) || ambiguous(jam.endsAt, series.timeZone);
    const at = (iso: string) => (inUtc ? new Date(iso) : new TZDate(Date.parse(iso), series.timeZone));
    calendar.createEvent({
      id: `jam-${jam.slug}@tweetjam`,
      stamp: now,
      start: at(jam.startsAt),
      end: at(jam.endsAt),
      timezone: inUtc ? null : series.timeZone,
      summary: `${series.hashtag}: ${jam.title}`,
      description: [jam.description, `Join live: ${origin}/jams/${jam.slug}`].filter(Boolean).join('\n\n'),
      url: `${origin}/jams/${jam.slug}`,
      status: ICalEventStatus.CONFIRMED,
      alarms: jam.status === 'scheduled' ? [{ type: ICalAlarmType.display, trigger: ALARM_BEFORE_S, description: `${series.hashtag} starts in 15 minutes` }] : [],
    });
  }
  return calendar.toString();
}

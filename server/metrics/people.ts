import type { JamView, MessageView } from '../../shared/model.ts';
import type { JamRef } from '../../shared/reports.ts';

/**
 * Who a message is by, across jams: TweetJam handles are unique accounts; X, Bluesky and Mastodon
 * handles come from the bridges and are each a separate namespace (an X @ana is not assumed to be the TweetJam @ana).
 */
export function authorKey(source: string, handle: string): string {
  return `${source === 'native' ? 'tj' : source}:${handle.toLowerCase()}`;
}

export const keyOf = (m: Pick<MessageView, 'source' | 'author'>) => authorKey(m.source, m.author.handle);

export const visible = (messages: MessageView[]) => messages.filter((m) => !m.hidden).sort((a, b) => a.seq - b.seq);

export function jamRef(jam: JamView): JamRef {
  return {
    slug: jam.slug,
    title: jam.title,
    status: jam.status,
    startsAt: jam.show.startsAt,
    endsAt: jam.show.endsAt,
    durationMin: jam.durationMin,
    timeZone: jam.timeZone,
    series: jam.series,
  };
}

/** A share rounded to 4 decimals, so JSON stays readable and tests compare exactly. */
export const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

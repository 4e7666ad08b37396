import type { MessageSource } from '../../shared/model.ts';
import type { JamMetrics, MonthMetrics, SeriesMetrics, SuperUser } from '../../shared/reports.ts';
import { localDate } from '../../shared/time.ts';
import { ratio } from './people.ts';

/** One jam of a series as community metrics need it: who posted how much, and who watched. */
export interface SeriesJamFacts {
  slug: string;
  title: string;
  startsAt: string;
  authors: { key: string; handle: string; displayName: string; source: MessageSource; messages: number }[];
  /** Distinct visitor hashes of the jam. */
  visitors: string[];
}

const SUPER_USERS = 10;

/**
 * Community figures over a series' jams that have started, oldest first. "New" means first post
 * in this series; retention compares a jam (or month) with the next (previous) one that happened.
 */
export function computeSeriesMetrics(series: SeriesMetrics['series'], input: SeriesJamFacts[], now: Date): SeriesMetrics {
  const jams = [...input].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const firstJamOf = new Map<string, number>();
  jams.forEach((jam, i) => jam.authors.forEach((a) => firstJamOf.has(a.key) || firstJamOf.set(a.key, i)));
  const authorSets = jams.map((jam) => new Set(jam.authors.map((a) => a.key)));
  const messagesOf = (jam: SeriesJamFacts) => jam.authors.reduce((sum, a) => sum + a.messages, 0);

  const perJam: JamMetrics[] = jams.map((jam, i) => {
    const authors = authorSets[i]!;
    const fresh = [...authors].filter((k) => firstJamOf.get(k) === i).length;
    const next = authorSets[i + 1];
    const retained = next ? [...authors].filter((k) => next.has(k)).length : null;
    return {
      slug: jam.slug,
      title: jam.title,
      startsAt: jam.startsAt,
      messages: messagesOf(jam),
      participants: authors.size,
      newParticipants: fresh,
      returningParticipants: authors.size - fresh,
      uniqueViewers: new Set(jam.visitors).size,
      retainedNext: retained,
      retentionNext: retained === null || authors.size === 0 ? null : ratio(retained, authors.size),
    };
  });

  const monthOf = (jam: SeriesJamFacts) => localDate(new Date(jam.startsAt), series.timeZone).slice(0, 7);
  const months: MonthMetrics[] = [];
  let previous: Set<string> | null = null;
  for (const month of [...new Set(jams.map(monthOf))]) {
    const indexes = jams.map((jam, i) => (monthOf(jam) === month ? i : -1)).filter((i) => i >= 0);
    const active = new Set(indexes.flatMap((i) => [...authorSets[i]!]));
    const fresh = [...active].filter((k) => indexes.includes(firstJamOf.get(k)!)).length;
    months.push({
      month,
      jams: indexes.length,
      messages: indexes.reduce((sum, i) => sum + messagesOf(jams[i]!), 0),
      activeParticipants: active.size,
      newParticipants: fresh,
      returningParticipants: active.size - fresh,
      uniqueViewers: new Set(indexes.flatMap((i) => jams[i]!.visitors)).size,
      retention: previous && previous.size > 0 ? ratio([...previous].filter((k) => active.has(k)).length, previous.size) : null,
    });
    previous = active;
  }

  return {
    series,
    generatedAt: now.toISOString(),
    totals: {
      jams: jams.length,
      messages: jams.reduce((sum, jam) => sum + messagesOf(jam), 0),
      participants: firstJamOf.size,
      uniqueViewers: new Set(jams.flatMap((jam) => jam.visitors)).size,
    },
    jams: perJam,
    months,
    superUsers: superUsers(jams, firstJamOf),
  };
}

/**
 * The most consistent contributors: people who came back (two jams or more), ranked by jams
 * attended, then consistency (jams attended / jams held since their first), then messages.
 */
function superUsers(jams: SeriesJamFacts[], firstJamOf: Map<string, number>): SuperUser[] {
  const people = new Map<string, SuperUser>();
  jams.forEach((jam) => {
    for (const a of jam.authors) {
      const p = people.get(a.key) ?? { handle: a.handle, displayName: a.displayName, source: a.source, jams: 0, messages: 0, firstJam: jam.slug, lastJam: jam.slug, consistency: 0 };
      p.jams += 1;
      p.messages += a.messages;
      p.lastJam = jam.slug;
      people.set(a.key, p);
    }
  });
  for (const [key, p] of people) p.consistency = ratio(p.jams, jams.length - firstJamOf.get(key)!);
  return [...people.values()]
    .filter((p) => p.jams >= 2)
    .sort((a, b) => b.jams - a.jams || b.consistency - a.consistency || b.messages - a.messages || a.handle.localeCompare(b.handle))
    .slice(0, SUPER_USERS);
}

import type { JamView, MessageView } from '../../shared/model.ts';
import type { ContributorFigures, JamReport, QuestionFigures, ViewerMinute } from '../../shared/reports.ts';
import { jamRef, keyOf, ratio, visible } from './people.ts';

const MINUTE = 60_000;
const TOP_CONTRIBUTORS = 10;

export const REACH_FORMULA =
  'unique viewers (distinct daily-salted visitor hashes that opened the jam live) + posters never counted as viewers (posts over HTTP or bridged from X); impressions on X are not counted';

/** What the store knows about a jam's audience, beside its messages. */
export interface AudienceFacts {
  /** One row per distinct visitor; `handle` is set for signed-in viewers. */
  visits: { visitor: string; handle: string | null }[];
  minutes: ViewerMinute[];
  /** authorKey()s of everyone who posted in the series' earlier jams. */
  priorAuthors: Set<string>;
}

/** Every figure of the jam report, from the jam, its messages and its audience. Pure. */
export function computeJamReport(jam: JamView, allMessages: MessageView[], audience: AudienceFacts, now: Date): JamReport {
  const messages = visible(allMessages);
  const contributors = contributorMap(messages, audience.priorAuthors);
  const people = [...contributors.values()];
  const nonHosts = new Set([...contributors.entries()].filter(([, c]) => c.role !== 'host').map(([key]) => key));
  const panelistHandles = new Set(jam.panelists.map((p) => p.handle.toLowerCase()));
  // By handle, not by the role stamped on the message: a panelist who is also a host posts as host.
  const byPanelist = (m: MessageView) => m.source === 'native' && panelistHandles.has(m.author.handle.toLowerCase());

  // One pass: messages by question, and panelist counts per question.
  const byQuestion = new Map<number, MessageView[]>();
  const panelistCounts = new Map<string, number>();
  for (const m of messages) {
    if (m.question === null) continue;
    const list = byQuestion.get(m.question);
    if (list) list.push(m);
    else byQuestion.set(m.question, [m]);
    const cell = `${m.author.handle.toLowerCase()}|${m.question}`;
    if (byPanelist(m)) panelistCounts.set(cell, (panelistCounts.get(cell) ?? 0) + 1);
  }
  const countOf = (handle: string, n: number) => panelistCounts.get(`${handle.toLowerCase()}|${n}`) ?? 0;

  const questions: QuestionFigures[] = jam.questions.map((q) => {
    const on = byQuestion.get(q.n) ?? [];
    const authors = new Set(on.map(keyOf));
    return {
      n: q.n,
      text: q.text,
      releasedAt: q.released ? q.releaseAt : null,
      messages: on.length,
      replies: on.filter((m) => m.replyTo).length,
      participants: authors.size,
      coverage: ratio([...authors].filter((k) => nonHosts.has(k)).length, nonHosts.size),
      panelistsAnswered: jam.panelists.filter((p) => countOf(p.handle, q.n) > 0).map((p) => p.handle),
    };
  });

  const panelistGrid = {
    questions: jam.questions.map((q) => q.n),
    rows: jam.panelists.map((p) => {
      const counts = jam.questions.map((q) => countOf(p.handle, q.n));
      return { handle: p.handle, displayName: p.displayName, counts, answered: counts.filter((c) => c > 0).length };
    }),
  };

  const viewerHandles = new Set(audience.visits.flatMap((v) => (v.handle ? [v.handle.toLowerCase()] : [])));
  const unseenPosters = people.filter((c) => c.source !== 'native' || !viewerHandles.has(c.handle.toLowerCase())).length;
  const newFaces = people.filter((c) => c.newFace);

  return {
    jam: jamRef(jam),
    generatedAt: now.toISOString(),
    totals: {
      messages: messages.length,
      participants: people.length,
      newFaces: newFaces.length,
      returning: people.length - newFaces.length,
      replies: messages.filter((m) => m.replyTo).length,
      boosts: messages.reduce((sum, m) => sum + m.boosts, 0),
      featured: messages.filter((m) => m.featured).length,
    },
    viewers: {
      unique: audience.visits.length,
      uniqueLurkers: audience.visits.filter((v) => v.handle === null).length,
      peakConcurrent: Math.max(0, ...audience.minutes.map((m) => m.viewers)),
      peakLurkers: Math.max(0, ...audience.minutes.map((m) => m.lurkers)),
      perMinute: [...audience.minutes].sort((a, b) => a.minute.localeCompare(b.minute)),
    },
    reach: { estimated: audience.visits.length + unseenPosters, uniqueViewers: audience.visits.length, postersNotCountedAsViewers: unseenPosters, formula: REACH_FORMULA },
    questions,
    panelistGrid,
    timeline: timeline(jam, messages),
    topContributors: ranked(people).slice(0, TOP_CONTRIBUTORS),
    newFaces: newFaces.map((c) => ({ handle: c.handle, displayName: c.displayName, source: c.source })),
  };
}

/** Everyone who posted a visible message, with their counts, most active first (the CRM export). */
export function contributorFigures(allMessages: MessageView[], priorAuthors: Set<string>): ContributorFigures[] {
  return ranked([...contributorMap(visible(allMessages), priorAuthors).values()]);
}

const ranked = (people: ContributorFigures[]) => [...people].sort((a, b) => b.messages - a.messages || b.boostsReceived - a.boostsReceived || a.handle.localeCompare(b.handle));

function contributorMap(messages: MessageView[], priorAuthors: Set<string>): Map<string, ContributorFigures> {
  const contributors = new Map<string, ContributorFigures>();
  for (const m of messages) {
    const key = keyOf(m);
    let c = contributors.get(key);
    if (!c) {
      c = { handle: m.author.handle, displayName: m.author.displayName, role: m.author.role, source: m.source, messages: 0, answers: 0, replies: 0, boostsReceived: 0, featured: 0, newFace: !priorAuthors.has(key) };
      contributors.set(key, c);
    }
    c.messages += 1;
    if (m.question !== null) c.answers += 1;
    if (m.replyTo) c.replies += 1;
    c.boostsReceived += m.boosts;
    if (m.featured) c.featured += 1;
  }
  return contributors;
}

/**
 * Messages per minute from the start. Minute k counts messages created in [start + k, start + k + 1).
 * It spans the whole show (planned or actual length), and earlier minutes if hosts posted before it.
 */
function timeline(jam: JamView, messages: MessageView[]): JamReport['timeline'] {
  const start = Date.parse(jam.show.startedAt ?? jam.show.startsAt);
  const showMinutes = Math.ceil((Date.parse(jam.show.endsAt) - start) / MINUTE);
  const minuteOf = (m: MessageView) => Math.floor((Date.parse(m.createdAt) - start) / MINUTE);
  const counts = new Map<number, number>();
  for (const m of messages) counts.set(minuteOf(m), (counts.get(minuteOf(m)) ?? 0) + 1);
  const keys = [...counts.keys()];
  const first = Math.min(0, ...keys);
  const last = Math.max(showMinutes - 1, ...keys);
  const out: JamReport['timeline'] = [];
  for (let k = first; k <= last; k++) out.push({ minute: k, at: new Date(start + k * MINUTE).toISOString(), messages: counts.get(k) ?? 0 });
  return out;
}

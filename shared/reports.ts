import type { AuthorRole, JamStatus, MessageSource } from './model.ts';

/** Shapes of the jam report, community metrics and digest (issue 8). Formulas: docs/API.md. */

export interface PersonFigures {
  handle: string;
  displayName: string;
  role: AuthorRole;
  source: MessageSource;
}

export interface ContributorFigures extends PersonFigures {
  messages: number;
  /** Messages attached to a question. */
  answers: number;
  replies: number;
  boostsReceived: number;
  featured: number;
  /** First time posting in this series. */
  newFace: boolean;
}

export interface QuestionFigures {
  n: number;
  text: string;
  releasedAt: string | null;
  messages: number;
  replies: number;
  participants: number;
  /** Share (0–1) of the jam's non-host participants who posted on this question. */
  coverage: number;
  /** Handles of panelists with at least one message on this question. */
  panelistsAnswered: string[];
}

export interface ViewerMinute {
  minute: string;
  viewers: number;
  lurkers: number;
}

export interface JamRef {
  slug: string;
  title: string;
  status: JamStatus;
  startsAt: string;
  endsAt: string;
  durationMin: number;
  timeZone: string;
  series: { slug: string; name: string; hashtag: string };
}

export interface JamReport {
  jam: JamRef;
  generatedAt: string;
  totals: {
    messages: number;
    participants: number;
    newFaces: number;
    returning: number;
    replies: number;
    boosts: number;
    featured: number;
  };
  viewers: {
    unique: number;
    uniqueLurkers: number;
    peakConcurrent: number;
    peakLurkers: number;
    perMinute: ViewerMinute[];
  };
  reach: { estimated: number; uniqueViewers: number; postersNotCountedAsViewers: number; formula: string };
  questions: QuestionFigures[];
  /** Panelist × question: messages by each panelist on each question (columns follow `questions`). */
  panelistGrid: { questions: number[]; rows: { handle: string; displayName: string; counts: number[]; answered: number }[] };
  /** Messages per minute since the start (minute 0 = the first minute of the jam). */
  timeline: { minute: number; at: string; messages: number }[];
  topContributors: ContributorFigures[];
  newFaces: { handle: string; displayName: string; source: MessageSource }[];
}

export interface JamMetrics {
  slug: string;
  title: string;
  startsAt: string;
  messages: number;
  participants: number;
  newParticipants: number;
  returningParticipants: number;
  uniqueViewers: number;
  /** Participants of this jam who also posted in the next one; null for the latest jam. */
  retainedNext: number | null;
  /** retainedNext / participants; null when there is no next jam or nobody posted. */
  retentionNext: number | null;
}

export interface MonthMetrics {
  /** "2026-03", in the series' time zone. */
  month: string;
  jams: number;
  messages: number;
  activeParticipants: number;
  newParticipants: number;
  returningParticipants: number;
  uniqueViewers: number;
  /** Share of the previous active month's participants who posted again this month. */
  retention: number | null;
}

export interface SuperUser {
  handle: string;
  displayName: string;
  source: MessageSource;
  jams: number;
  messages: number;
  firstJam: string;
  lastJam: string;
  /** jams / jams held since (and including) their first. */
  consistency: number;
}

export interface SeriesMetrics {
  series: { slug: string; name: string; hashtag: string; timeZone: string };
  generatedAt: string;
  totals: { jams: number; messages: number; participants: number; uniqueViewers: number };
  jams: JamMetrics[];
  months: MonthMetrics[];
  superUsers: SuperUser[];
}

export interface DigestItem {
  id: string;
  author: { handle: string; displayName: string; role: AuthorRole };
  text: string;
  boosts: number;
  featured: boolean;
  permalink: string;
}

export interface DigestThread {
  root: DigestItem;
  replies: number;
  participants: number;
}

export interface DigestQuestion {
  n: number;
  text: string;
  messages: number;
  /** How the highlights were chosen: host-featured answers, else the most boosted, else none. */
  pickedBy: 'featured' | 'boosts' | 'none';
  highlights: DigestItem[];
  threads: DigestThread[];
}

export interface Digest {
  jam: JamRef;
  stats: { messages: number; participants: number; questions: number };
  questions: DigestQuestion[];
  words: number;
  readingMinutes: number;
}

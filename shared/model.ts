/** Shapes that cross the wire. The server's presenters produce exactly these. */

export const JamStatus = { scheduled: 'scheduled', live: 'live', ended: 'ended' } as const;
export type JamStatus = (typeof JamStatus)[keyof typeof JamStatus];

export const AuthorRole = { host: 'host', panelist: 'panelist', participant: 'participant' } as const;
export type AuthorRole = (typeof AuthorRole)[keyof typeof AuthorRole];

export const MessageSource = { native: 'native', x: 'x' } as const;
export type MessageSource = (typeof MessageSource)[keyof typeof MessageSource];

export interface UserView {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
}

export interface PersonRef {
  handle: string;
  displayName: string;
}

export interface SeriesView {
  slug: string;
  name: string;
  hashtag: string;
  description: string;
  rules: string;
  timeZone: string;
  defaultDurationMin: number;
  owner: PersonRef;
  hosts: PersonRef[];
  createdAt: string;
}

export interface QuestionView {
  n: number;
  text: string;
  /** Minutes after the start at which it is planned. */
  offsetMin: number;
  /** When it is (or, once the show is known, will be) released; ISO instant. */
  releaseAt: string;
  released: boolean;
}

/** The run of show at one instant, derived from the plan and the host's recorded actions. */
export interface ShowState {
  status: JamStatus;
  startsAt: string;
  endsAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** The latest released question, or null before Q1. */
  currentQuestion: number | null;
  nextQuestion: number | null;
  nextQuestionAt: string | null;
  extendedMin: number;
  /** Release instants by question number (index 0 = Q1); null while unreleased. */
  releasedAt: (string | null)[];
  /** Server time the state was computed at, so clients can correct their clock for countdowns. */
  at: string;
}

export interface JamSummary {
  slug: string;
  title: string;
  status: JamStatus;
  startsAt: string;
  durationMin: number;
  series: { slug: string; name: string; hashtag: string };
  currentQuestion: number | null;
  questionCount: number;
  messageCount: number;
  viewers: number;
}

export interface JamView extends Omit<JamSummary, 'currentQuestion'> {
  description: string;
  timeZone: string;
  rules: string;
  questions: QuestionView[];
  panelists: PersonRef[];
  hosts: PersonRef[];
  show: ShowState;
  permalink: string;
  /** Slow mode: seconds a participant waits between posts; 0 is off. */
  slowModeSec?: number;
  /** First-time posters' messages wait for a host's approval. */
  premoderation?: boolean;
}

export interface MessageAuthor {
  handle: string;
  displayName: string;
  role: AuthorRole;
}

export interface MessageView {
  id: string;
  /** Position in the jam's stream: gap-free for a viewer who sees everything, used to resume. */
  seq: number;
  jamSlug: string;
  clientId: string;
  author: MessageAuthor;
  text: string;
  createdAt: string;
  question: number | null;
  replyTo: string | null;
  source: MessageSource;
  /** Link to the original on X, for bridged posts. */
  externalUrl: string | null;
  featured: boolean;
  hidden: boolean;
  /** Awaiting a host's approval (pre-moderation): seen only by hosts and its author. */
  held?: boolean;
  boosts: number;
  permalink: string;
}

export interface SearchHit {
  message: MessageView;
  jam: { slug: string; title: string; startsAt: string; hashtag: string };
  question: { n: number; text: string } | null;
  permalink: string;
  snippet: string;
}

export interface TranscriptThread {
  message: MessageView;
  replies: TranscriptThread[];
}

export interface TranscriptSection {
  /** null collects what was posted before Q1 or belongs to no question. */
  question: { n: number; text: string; releasedAt: string | null } | null;
  threads: TranscriptThread[];
}

export interface Transcript {
  jam: JamView;
  sections: TranscriptSection[];
  messageCount: number;
  exportedAt: string;
}

/** The X bridge as the host console shows it (GET /api/series/:slug/x). */
export interface BridgeStatus {
  enabled: boolean;
  linked: boolean;
  state: 'unlinked' | 'ok' | 'rate_limited' | 'broken';
  account: { username: string } | null;
  lastError: string | null;
  lastSyncAt: string | null;
  inboundCount: number;
  outboundCount: number;
  /** How tweets come in: recent-search polling, or the filtered stream (app bearer token configured). */
  inbound: 'search' | 'stream' | null;
}

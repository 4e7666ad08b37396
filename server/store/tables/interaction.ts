/** Audience questions and votes, polls and ballots, under a per-jam interaction version. */

/** Per-jam counter: every audience-question or poll change takes the next version (resume by version). */
export interface InteractionVersionsTable {
  jam_id: string;
  version: number;
}

export interface AudienceQuestionsTable {
  id: string;
  jam_id: string;
  /** nanoid from the asking client: a retried submit is stored once. */
  client_id: string;
  /** The jam's interaction version of this question's latest change. */
  version: number;
  author_id: string;
  author_handle: string;
  author_name: string;
  text: string;
  status: 'open' | 'answered' | 'hidden' | 'merged';
  /** 1 while awaiting a host's approval (pre-moderation). */
  held: number;
  /** For status 'merged': the question this duplicate was merged into. */
  merged_into: string | null;
  /** JSON array of message ids that answer it. */
  answer_ids: string;
  promoted_at: string | null;
  /** Votes counted from audience_votes in the same transaction as each vote (never incremented blindly). */
  vote_count: number;
  created_at: string;
}

export interface AudienceVotesTable {
  question_id: string;
  user_id: string;
  created_at: string;
}

export interface PollsTable {
  id: string;
  jam_id: string;
  client_id: string;
  version: number;
  /** The question the poll belongs to (it opens on that question's release), or null for a live poll. */
  question: number | null;
  text: string;
  /** JSON array of 2–6 option texts. */
  options: string;
  status: 'scheduled' | 'open' | 'closed';
  /** 'live': everyone sees counts as they come; 'on_reveal': hidden until the host reveals them. */
  results: 'live' | 'on_reveal';
  revealed: number;
  created_by: string;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
}

export interface PollBallotsTable {
  poll_id: string;
  user_id: string;
  option: number;
  updated_at: string;
}

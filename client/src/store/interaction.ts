import type { StateCreator } from 'zustand';
import type { AudienceQuestionView, InteractionState, PollView, UnansweredQueue } from '../../../shared/interaction.ts';
import type { Store } from './index.ts';

/**
 * Audience questions and polls of the open jam, one entry per id at its highest version (events
 * from several nodes may arrive out of order), plus the reader's own votes and ballots.
 */
export interface InteractionSlice {
  /** Which jam these belong to; anything for another jam is ignored. */
  interactionSlug: string | null;
  interactionVersion: number;
  audience: Record<string, AudienceQuestionView>;
  polls: Record<string, PollView>;
  myVotes: string[];
  myBallots: Record<string, number>;
  /** The not-yet-answered queue of the open jam (hosts and panelists), as last read. */
  unanswered: UnansweredQueue | null;
  setUnanswered(queue: UnansweredQueue | null): void;
  /** A full state (join) or the changes since a version (resume). */
  applyInteraction(state: InteractionState, resumed: boolean): void;
  upsertQuestions(questions: AudienceQuestionView[]): void;
  upsertPolls(polls: PollView[]): void;
  setMyVote(id: string, voted: boolean): void;
  setMyBallot(id: string, option: number): void;
  resetInteraction(slug: string | null): void;
}

/** Keeps the newer of two versions of the same item. */
function newest<T extends { id: string; version: number }>(current: Record<string, T>, incoming: T[]): Record<string, T> {
  let next: Record<string, T> | null = null;
  for (const item of incoming) {
    const known = (next ?? current)[item.id];
    if (known && known.version > item.version) continue;
    next ??= { ...current };
    next[item.id] = item;
  }
  return next ?? current;
}

export const interactionSlice: StateCreator<Store, [], [], InteractionSlice> = (set, get) => ({
  interactionSlug: null,
  interactionVersion: 0,
  audience: {},
  polls: {},
  myVotes: [],
  myBallots: {},
  unanswered: null,
  setUnanswered(unanswered) {
    set({ unanswered });
  },
  applyInteraction(state, resumed) {
    const same = get().interactionSlug === state.jamSlug;
    const base = resumed && same ? get() : { audience: {}, polls: {} };
    set({
      interactionSlug: state.jamSlug,
      interactionVersion: Math.max(state.version, resumed && same ? get().interactionVersion : 0),
      audience: newest(base.audience, state.questions),
      polls: newest(base.polls, state.polls),
      myVotes: state.mine.votes,
      myBallots: state.mine.ballots,
    });
  },
  upsertQuestions(questions) {
    const slug = get().interactionSlug;
    const mine = questions.filter((q) => q.jamSlug === slug);
    if (mine.length === 0) return;
    set((state) => ({ audience: newest(state.audience, mine), interactionVersion: Math.max(state.interactionVersion, ...mine.map((q) => q.version)) }));
  },
  upsertPolls(polls) {
    const slug = get().interactionSlug;
    const mine = polls.filter((p) => p.jamSlug === slug);
    if (mine.length === 0) return;
    set((state) => ({ polls: newest(state.polls, mine), interactionVersion: Math.max(state.interactionVersion, ...mine.map((p) => p.version)) }));
  },
  setMyVote(id, voted) {
    set((state) => ({ myVotes: voted ? [...new Set([...state.myVotes, id])] : state.myVotes.filter((v) => v !== id) }));
  },
  setMyBallot(id, option) {
    set((state) => ({ myBallots: { ...state.myBallots, [id]: option } }));
  },
  resetInteraction(slug) {
    set({ interactionSlug: slug, interactionVersion: 0, audience: {}, polls: {}, myVotes: [], myBallots: {}, unanswered: null });
  },
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { AudienceQuestionView, InteractionState } from '../../../shared/interaction.ts';
import { useStore } from './index.ts';

const question = (id: string, version: number, votes: number): AudienceQuestionView => ({
  id,
  jamSlug: 'j',
  clientId: `c-${id}`,
  version,
  author: { handle: 'ann', displayName: 'Ann' },
  text: 'How?',
  status: 'open',
  held: false,
  votes,
  mergedInto: null,
  answerIds: [],
  promotedTo: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const state = (over: Partial<InteractionState> = {}): InteractionState => ({ jamSlug: 'j', version: 0, questions: [], polls: [], mine: { votes: [], ballots: {} }, ...over });

describe('the interaction slice', () => {
  beforeEach(() => useStore.getState().resetInteraction('j'));

  it('keeps the highest version of each question, whatever order the events arrive in (several nodes)', () => {
    const store = useStore.getState();
    store.upsertQuestions([question('a', 5, 3)]);
    store.upsertQuestions([question('a', 4, 2)]);
    expect(useStore.getState().audience.a?.votes).toBe(3);
    store.upsertQuestions([question('a', 7, 4), question('b', 6, 1)]);
    expect(Object.values(useStore.getState().audience).map((q) => [q.id, q.votes])).toEqual([
      ['a', 4],
      ['b', 1],
    ]);
    expect(useStore.getState().interactionVersion).toBe(7);
  });

  it('ignores another jam’s events, and a resume adds only what changed', () => {
    useStore.getState().applyInteraction(state({ version: 3, questions: [question('a', 3, 1)] }), false);
    useStore.getState().upsertQuestions([{ ...question('z', 9, 9), jamSlug: 'other' }]);
    expect(Object.keys(useStore.getState().audience)).toEqual(['a']);
    useStore.getState().applyInteraction(state({ version: 5, questions: [question('b', 5, 0)], mine: { votes: ['a'], ballots: {} } }), true);
    expect(Object.keys(useStore.getState().audience).sort()).toEqual(['a', 'b']);
    expect(useStore.getState()).toMatchObject({ interactionVersion: 5, myVotes: ['a'] });
  });
});

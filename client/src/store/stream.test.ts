import { beforeEach, describe, expect, it } from 'vitest';
import type { JamView } from '../../../shared/model.ts';
import { message } from '../testing/fixtures.ts';
import { useStore } from './index.ts';
import { mergeMessages } from './stream.ts';


const jam = { slug: 'jam-1', show: { currentQuestion: 1, releasedAt: ['2026-01-01T00:00:00Z', null] }, questions: [{ n: 1 }, { n: 2 }] } as unknown as JamView;

describe('the live stream store', () => {
  beforeEach(() => {
    useStore.getState().closeJam();
    useStore.getState().openJam(jam, null);
  });

  it('keeps messages in seq order whatever order they arrive in', () => {
    const merged = mergeMessages([message(1), message(4)], [message(3), message(2), message(5)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows a message delivered twice (live and in a catch-up) once', () => {
    useStore.getState().applyOps([{ type: 'created', message: message(1) }, { type: 'created', message: message(2) }]);
    useStore.getState().applyOps([{ type: 'created', message: message(2) }, { type: 'created', message: message(3) }]);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(useStore.getState().lastSeq).toBe(3);
  });

  it('replaces an updated message and removes a hidden one', () => {
    useStore.getState().applyOps([{ type: 'created', message: message(1) }, { type: 'created', message: message(2) }]);
    useStore.getState().applyOps([{ type: 'updated', message: message(1, { featured: true }) }, { type: 'hidden', id: message(2).id }]);
    const { messages } = useStore.getState();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.featured).toBe(true);
  });

  it('ignores messages of another jam', () => {
    useStore.getState().applyOps([{ type: 'created', message: message(1, { jamSlug: 'other' }) }]);
    expect(useStore.getState().messages).toEqual([]);
  });

  it('a resumed join adds only what was missed; a fresh join replaces the stream', () => {
    const base = { jam, hasEarlier: false, viewers: 3 };
    useStore.getState().joined({ ...base, messages: [message(1), message(2)], lastSeq: 2 }, false);
    useStore.getState().joined({ ...base, messages: [message(3), message(4)], lastSeq: 4 }, true);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(useStore.getState().caughtUp).toBe(2);
    useStore.getState().joined({ ...base, messages: [message(9)], lastSeq: 9, hasEarlier: true }, false);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([9]);
  });

  it('an outgoing post leaves the outbox when its message arrives with the same client id', () => {
    useStore.getState().queuePost({ clientId: 'client000007', text: 'hi', display: 'hi #chat', replyTo: null, state: 'sending', attempts: 1, error: null });
    expect(useStore.getState().outbox).toHaveLength(1);
    useStore.getState().applyOps([{ type: 'created', message: message(7) }]);
    expect(useStore.getState().outbox).toEqual([]);
  });

  it('pausing holds the columns at the current seq until resumed', () => {
    useStore.getState().applyOps([{ type: 'created', message: message(1) }]);
    useStore.getState().pause();
    useStore.getState().applyOps([{ type: 'created', message: message(2) }]);
    expect(useStore.getState().cutoff).toBe(1);
    useStore.getState().resume();
    expect(useStore.getState().cutoff).toBeNull();
  });

  it('calm view advances the cutoff only on its tick', () => {
    useStore.getState().applyOps([{ type: 'created', message: message(1) }]);
    useStore.getState().setCalm(10);
    useStore.getState().applyOps([{ type: 'created', message: message(2) }]);
    expect(useStore.getState().cutoff).toBe(1);
    useStore.getState().advanceCalm();
    expect(useStore.getState().cutoff).toBe(2);
    useStore.getState().setCalm(null);
    expect(useStore.getState().cutoff).toBeNull();
  });

  it('a released question updates the current question', () => {
    const show = { ...jam.show, currentQuestion: 2, releasedAt: ['2026-01-01T00:00:00Z', '2026-01-01T00:20:00Z'], status: 'live' } as JamView['show'];
    useStore.getState().setShow('jam-1', show);
    expect(useStore.getState().jam!.show.currentQuestion).toBe(2);
    expect(useStore.getState().jam!.questions[1]!.released).toBe(true);
  });
});

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
    useStore.getState().setConnection('reconnecting');
    useStore.getState().joined({ ...base, messages: [message(3), message(4)], lastSeq: 4 }, true);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(useStore.getState().caughtUp).toBe(2);
    useStore.getState().joined({ ...base, messages: [message(9)], lastSeq: 9, hasEarlier: true }, false);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([9]);
  });

  it('"Caught up N missed" counts every message past the drop, including those recovered before the re-join', () => {
    const base = { jam, hasEarlier: false, viewers: 3 };
    useStore.getState().joined({ ...base, messages: [message(1), message(2)], lastSeq: 2 }, false);
    expect(useStore.getState().caughtUp).toBeNull();
    useStore.getState().setConnection('reconnecting');
    // Socket.IO's connection state recovery replays two before the join's ack brings the other two.
    useStore.getState().applyOps([{ type: 'created', message: message(3) }, { type: 'created', message: message(4) }]);
    useStore.getState().setConnection('reconnecting');
    useStore.getState().joined({ ...base, messages: [message(5), message(6)], lastSeq: 6 }, true);
    expect(useStore.getState().caughtUp).toBe(4);
    expect(useStore.getState().droppedAtSeq).toBeNull();
  });

  it('back by recovery (no re-join): live again, counting what the replay brought past the drop', () => {
    const base = { jam, hasEarlier: false, viewers: 3 };
    useStore.getState().joined({ ...base, messages: [message(1), message(2)], lastSeq: 2 }, false);
    useStore.getState().setConnection('reconnecting');
    expect(useStore.getState().connection).toBe('reconnecting');
    useStore.getState().applyOps([3, 4, 5].map((seq) => ({ type: 'created' as const, message: message(seq) })));
    useStore.getState().recovered();
    expect(useStore.getState().connection).toBe('live');
    expect(useStore.getState().caughtUp).toBe(3);
    expect(useStore.getState().droppedAtSeq).toBeNull();
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("the page's first data paints the stream before any socket join, and a join from its lastSeq adds only what follows", () => {
    useStore.getState().closeJam();
    useStore.getState().openJam(jam, null, { messages: [message(1), message(2), message(3)], hasEarlier: true, lastSeq: 3 });
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(useStore.getState().hasEarlier).toBe(true);
    useStore.getState().joined({ jam, hasEarlier: false, viewers: 1, messages: [message(4)], lastSeq: 4 }, true);
    expect(useStore.getState().messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(useStore.getState().caughtUp).toBeNull();
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
    const released = ['2026-01-01T00:00:00Z', '2026-01-01T00:20:00Z'];
    const show = { ...jam.show, currentQuestion: 2, releasedAt: released, plannedAt: released, status: 'live' } as JamView['show'];
    useStore.getState().setShow('jam-1', show);
    expect(useStore.getState().jam!.show.currentQuestion).toBe(2);
    expect(useStore.getState().jam!.questions[1]).toMatchObject({ released: true, releaseAt: released[1] });
  });

  it('keeps the outbox per jam in the browser: a reload restores it, and what was on its way is sent again', () => {
    const store = new Map<string, string>();
    const fake = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const original = globalThis.localStorage;
    Object.defineProperty(globalThis, 'localStorage', { value: fake, configurable: true });
    try {
      useStore.getState().queuePost({ clientId: 'client-rules-1', text: 'hi', display: 'hi #chat', replyTo: null, state: 'needs-rules', attempts: 1, error: null });
      useStore.getState().queuePost({ clientId: 'client-wire-2', text: 'yo', display: 'yo #chat', replyTo: null, state: 'sending', attempts: 1, error: null });
      expect(JSON.parse(store.get('tj.outbox.jam-1')!)).toHaveLength(2);
      useStore.getState().closeJam();
      useStore.getState().openJam(jam, null);
      const restored = useStore.getState().outbox;
      expect(restored.map((p) => [p.clientId, p.state])).toEqual([
        ['client-rules-1', 'needs-rules'],
        ['client-wire-2', 'retrying'],
      ]);
      useStore.getState().dropPost('client-rules-1');
      useStore.getState().dropPost('client-wire-2');
      expect(store.has('tj.outbox.jam-1')).toBe(false);
    } finally {
      Object.defineProperty(globalThis, 'localStorage', { value: original, configurable: true });
    }
  });
});

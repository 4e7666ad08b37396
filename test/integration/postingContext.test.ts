import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

/** Posting keeps a short-lived copy of each jam's context; the host's show controls must still apply at once. */
describe('posting right after the host runs the show', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('attaches the next post to a question released a moment ago, and refuses posts once the jam is ended', async () => {
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const before = await host.postMessage(jam.slug, 'first thoughts');
    expect(before.body.message.question).toBe(1);

    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).status).toBe(200);
    const after = await host.postMessage(jam.slug, 'on the second question');
    expect(after.body.message.question).toBe(2);

    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);
    const late = await host.postMessage(jam.slug, 'too late');
    expect(late.status).toBe(409);
  });

  it('returns the stored message for a retried client id, once', async () => {
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const first = await host.postMessage(jam.slug, 'only once', { clientId: 'retryAbcdefghij12345' });
    const again = await host.postMessage(jam.slug, 'only once', { clientId: 'retryAbcdefghij12345' });
    expect(first.body.duplicate).toBe(false);
    expect(again.body).toMatchObject({ duplicate: true, message: { id: first.body.message.id } });
    const other = await new ApiClient(server.url).signUp();
    expect((await other.postMessage(jam.slug, 'hijack', { clientId: 'retryAbcdefghij12345' })).status).toBe(409);
  });

  it('writes posts that arrive together from many sockets in a few transactions, each stored once in order', async () => {
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const sockets = await Promise.all(Array.from({ length: 20 }, () => host.connect()));
    const writes = vi.spyOn(server.store.messages, 'insertBatch');
    try {
      const acks = await Promise.all(
        sockets.map((socket, i) => new Promise<{ ok: boolean; message?: { seq: number } }>((resolve) => socket.emit('message:send', { slug: jam.slug, clientId: nanoid(), text: `together ${i}` }, (ack) => resolve(ack as never)))),
      );
      expect(acks.every((a) => a.ok)).toBe(true);
      expect(new Set(acks.map((a) => a.message!.seq)).size).toBe(20);
      // One commit (one fsync) per burst, not per post.
      expect(writes.mock.calls.length).toBeLessThan(10);
    } finally {
      writes.mockRestore();
      sockets.forEach((s) => s.disconnect());
    }
  });
});

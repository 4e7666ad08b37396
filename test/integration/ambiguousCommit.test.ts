import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { MessageView } from '../../shared/model.ts';
import { ApiClient, startTestServer, until, type JamSocket } from '../support/harness.ts';

/**
 * Issue 14, item 7: a store that fails while committing may have committed. The post answers
 * "unavailable, maybe saved", its retry finds the stored copy — and that retry must announce it,
 * since nobody else did, or live viewers keep a hole in their stream.
 */
describe('an ambiguous commit', () => {
  let server: RunningServer;
  let viewer: JamSocket;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    viewer?.close();
    await server?.close();
  });

  /** The next write commits, then fails as a dropped connection would (the answer to COMMIT is lost). */
  function loseTheNextCommitAnswer() {
    const messages = server.store.messages;
    const insertBatch = messages.insertBatch.bind(messages);
    messages.insertBatch = async (rows) => {
      messages.insertBatch = insertBatch;
      await insertBatch(rows);
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
  }

  it('the retry of a stored-but-unannounced post announces it, and nothing is announced twice', async () => {
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const person = await new ApiClient(server.url).signUp();
    viewer = await new ApiClient(server.url).connect();
    expect(await viewer.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });
    const seen: MessageView[] = [];
    viewer.on('message:created', (message) => seen.push(message));

    expect((await person.postMessage(jam.slug, 'before')).status).toBe(201);
    loseTheNextCommitAnswer();
    const clientId = nanoid();
    const lost = await person.postMessage(jam.slug, 'committed, but the answer was lost', { clientId });
    expect(lost.status).toBe(503);
    expect(lost.body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/may have been saved.*same client id/) });

    const retried = await person.postMessage(jam.slug, 'committed, but the answer was lost', { clientId });
    expect(retried.status).toBe(200);
    expect(retried.body.duplicate).toBe(true);
    // Retrying again (a client that missed the ack) does not announce it a second time.
    expect((await person.postMessage(jam.slug, 'committed, but the answer was lost', { clientId })).body.duplicate).toBe(true);
    expect((await person.postMessage(jam.slug, 'after')).status).toBe(201);

    // Broadcasts arrive in order: once "after" is here, any second announcement would be too.
    await until(async () => seen.some((m) => m.seq === 3));
    expect(seen.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(seen[1]!.id).toBe(retried.body.message.id);
  });
});

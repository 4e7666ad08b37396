import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { CannedPost } from '../../shared/console.ts';
import type { ModerationQueueView } from '../../shared/moderation.ts';
import type { JamView } from '../../shared/model.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/** Migration 006 and the console's queries (live edits' compare-and-set, hidden list) on PostgreSQL. */
describeWithServices(['postgres'], 'the host console on PostgreSQL', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  const clock = new FakeClock('2026-05-05T16:50:00.000Z');

  beforeAll(async () => {
    const pg = await freshPostgresSchema();
    drop = pg.drop;
    server = await startTestServer({ databaseUrl: pg.url, clock });
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('keeps canned posts, edits unreleased questions live with compare-and-set, and lists hidden messages', async () => {
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const posts = [{ label: 'Hi', text: 'Hello and welcome' }];
    expect((await host.request<{ posts: CannedPost[] }>('PUT', `/api/series/${series.slug}/canned-posts`, { posts })).body.posts).toEqual(posts);

    const questions = [
      { text: 'One', offsetMin: 0 },
      { text: 'Two', offsetMin: 20 },
    ];
    const jam = await host.createJam(series.slug, { startsAt: '2026-05-05T17:00:00.000Z', questions });
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'start' });
    const edited = await host.patch<{ jam: JamView }>(`/api/jams/${jam.slug}`, { questions: [questions[0], { text: 'Two, sharper', offsetMin: 25 }, { text: 'Three', offsetMin: 40 }] });
    expect(edited.status).toBe(200);
    expect(edited.body.jam.questions.map((q) => q.text)).toEqual(['One', 'Two, sharper', 'Three']);

    const store = server.services.deps.store;
    const row = (await store.jams.bySlug(jam.slug))!;
    const seen = { questions: await store.jams.questions(row.id), actions: (await store.jams.actions(row.id)).length, releases: 1 };
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    expect(await store.jams.replaceQuestionsIf(row.id, seen, seen.questions)).toBe(false);

    const posted = await host.postMessage(jam.slug, 'to hide');
    await host.post(`/api/jams/${jam.slug}/messages/${posted.body.message.id}/moderation`, { action: 'hide', reason: 'test' });
    const queue = (await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body;
    expect(queue.hidden).toEqual([expect.objectContaining({ reason: 'test', hiddenBy: expect.objectContaining({ handle: host.user!.handle }) })]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { CannedPost, InviteSummary } from '../../shared/console.ts';
import type { InviteView, ModerationQueueView } from '../../shared/moderation.ts';
import type { JamView, ShowState, Transcript } from '../../shared/model.ts';
import { ApiClient, collect, startTestServer, until, type JamSocket } from '../support/harness.ts';
import { FakeClock } from '../support/fakeClock.ts';

const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const START = '2026-05-05T17:00:00.000Z';
const at = (min: number) => new Date(Date.parse(START) + min * 60_000).toISOString();
const questions = [
  { text: 'Q one', offsetMin: 0 },
  { text: 'Q two', offsetMin: 10 },
  { text: 'Q three', offsetMin: 20 },
  { text: 'Q four', offsetMin: 30 },
];

async function setUp(clock = new FakeClock('2026-05-05T16:50:00.000Z')) {
  const server = await startTestServer({ clock });
  servers.push(server);
  const host = await new ApiClient(server.url).signUp();
  const series = await host.createSeries();
  const jam = await host.createJam(series.slug, { startsAt: START, questions, durationMin: 60 });
  const show = async () => (await host.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam;
  const control = (action: string, minutes?: number) => host.post<{ show: ShowState }>(`/api/jams/${jam.slug}/show`, { action, minutes });
  return { server, clock, host, series, jam, show, control };
}

describe('the derived show carries every question time', () => {
  it('moves planned times with an early start and an extension, and drops them at the end', async () => {
    const { clock, show, control, server, jam } = await setUp();
    const watcher = await new ApiClient(server.url).connect();
    sockets.push(watcher);
    await watcher.emitWithAck('jam:join', { slug: jam.slug });

    const started = collect(watcher, 'jam:updated', 1);
    await control('start'); // ten minutes early
    const [update] = await started;
    expect(update!.show.plannedAt).toEqual([at(-10), at(0), at(10), at(20)]);
    expect((await show()).show.plannedAt).toEqual(update!.show.plannedAt);

    clock.advanceMinutes(3);
    const extended = collect(watcher, 'jam:updated', 1);
    await control('extend', 10);
    const [afterExtend] = await extended;
    // Q1 was released at the start; Q2..Q4 move by ten minutes, and so does the banner's next time.
    expect(afterExtend!.show.plannedAt).toEqual([at(-10), at(10), at(20), at(30)]);
    expect(afterExtend!.show.nextQuestionAt).toBe(afterExtend!.show.plannedAt[1]);
    const view = await show();
    expect(view.questions.map((q) => q.releaseAt)).toEqual(afterExtend!.show.plannedAt);

    const ended = collect(watcher, 'jam:updated', 1);
    await control('end');
    const [afterEnd] = await ended;
    expect(afterEnd!.show.plannedAt).toEqual([at(-10), null, null, null]);
    expect((await show()).questions.map((q) => q.released)).toEqual([true, false, false, false]);
  });
});

describe('the archive and exports of a jam ended early', () => {
  it('mark the questions never released as not asked', async () => {
    const { clock, control, host, jam } = await setUp();
    clock.advanceMinutes(10); // Q1 released at the planned start
    await host.postMessage(jam.slug, 'A1: first answer');
    await control('end');
    const transcript = (await host.get<Transcript>(`/api/jams/${jam.slug}/transcript.json`)).body;
    expect(transcript.sections.map((s) => [s.question?.n, s.question?.asked])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
    ]);
    const md = (await host.get(`/api/jams/${jam.slug}/transcript.md`)).body as unknown as string;
    expect(md).toContain('## Q2: Q two (not asked)');
    expect(md).not.toContain('## Q1: Q one (not asked)');
    const html = (await host.get(`/api/jams/${jam.slug}/transcript.html`)).body as unknown as string;
    expect(html).toMatch(/Q4: Q four <small>\(not asked\)<\/small>/);
    const csv = (await host.get(`/api/jams/${jam.slug}/transcript.csv`)).body as unknown as string;
    // question_asked, then kind and votes (audience questions and polls share the export).
    expect(csv.split('\r\n')[1]).toMatch(/,true,message,\d+$/);
  });
});

describe('host post modes', () => {
  it('files an announcement under no question, tags a question post, and keeps modes for hosts', async () => {
    const { clock, control, host, jam, server } = await setUp();
    await control('start');
    clock.advanceMinutes(1);
    await control('release_next'); // Q2 current: a plain post would be an answer to it
    const post = (body: object, who = host) => who.post<{ message: { question: number | null; text: string } }>(`/api/jams/${jam.slug}/messages`, { clientId: `c${Math.random().toString(36).slice(2, 12)}`, ...body });

    const welcome = await post({ text: 'Welcome everyone! A2 is a fine place to start.', mode: 'announcement' });
    expect(welcome.status).toBe(201);
    expect(welcome.body.message.question).toBeNull();
    const tagged = await post({ text: 'What would you automate first?', mode: 'question', question: 3 });
    expect(tagged.body.message).toMatchObject({ question: 3, text: expect.stringMatching(/^Q3: What would you automate first\?/) });
    expect((await post({ text: 'no number', mode: 'question' })).status).toBe(400);
    const plain = await post({ text: 'Great point' });
    expect(plain.body.message.question).toBe(2);

    const guest = await new ApiClient(server.url).signUp();
    const refused = await post({ text: 'Hello all', mode: 'announcement' }, guest);
    expect(refused.status).toBe(403);
    // A reply in announcement mode does not join its parent's question either.
    const reply = await post({ text: 'Noted, thanks', mode: 'announcement', replyTo: (plain.body.message as unknown as { id: string }).id });
    expect(reply.body.message.question).toBeNull();
  });
});

describe('editing the run of show while live', () => {
  it('edits, adds and reorders unreleased questions, and refuses to change what was released', async () => {
    const { clock, control, host, jam, show } = await setUp();
    await control('start');
    clock.advanceMinutes(1);
    const edit = (qs: { text: string; offsetMin: number }[]) => host.patch<{ jam: JamView }>(`/api/jams/${jam.slug}`, { questions: qs });

    const reordered = [questions[0]!, { text: 'Q four, sooner', offsetMin: 10 }, { text: 'Q three', offsetMin: 20 }, { text: 'Q two, later', offsetMin: 30 }, { text: 'Q five', offsetMin: 40 }];
    const ok = await edit(reordered);
    expect(ok.status).toBe(200);
    expect(ok.body.jam.questions.map((q) => q.text)).toEqual(reordered.map((q) => q.text));
    expect(ok.body.jam.show.plannedAt).toHaveLength(5);
    expect((await show()).show).toMatchObject({ currentQuestion: 1, nextQuestion: 2 });

    const changedQ1 = await edit([{ text: 'Q one, rewritten', offsetMin: 0 }, ...reordered.slice(1)]);
    expect(changedQ1.status).toBe(409);
    // Planning an unreleased question before now would release it in the past.
    clock.advanceMinutes(5); // 15 minutes into the (early-started) jam
    const past = await edit([questions[0]!, { text: 'Q two', offsetMin: 5 }, ...reordered.slice(2)]);
    expect(past.status).toBe(400);
    expect(past.body.error?.field).toBe('questions.1.offsetMin');
  });

  it('refuses an edit made against a plan that moved on (compare-and-set)', async () => {
    const { server, clock, control, jam } = await setUp();
    await control('start');
    clock.advanceMinutes(1);
    const store = server.services.deps.store;
    const row = (await store.jams.bySlug(jam.slug))!;
    const seen = { questions: await store.jams.questions(row.id), actions: (await store.jams.actions(row.id)).length, releases: 1 };
    await control('release_next'); // lands between the host's read and write
    const next = seen.questions.map((q) => ({ ...q, text: `${q.text}!` }));
    expect(await store.jams.replaceQuestionsIf(row.id, seen, next)).toBe(false);
    const fresh = { ...seen, actions: (await store.jams.actions(row.id)).length, releases: 2 };
    expect(await store.jams.replaceQuestionsIf(row.id, fresh, next)).toBe(true);
  });
});

describe('console resources', () => {
  it('keeps canned posts per series, for its hosts only', async () => {
    const { host, series, server } = await setUp();
    const defaults = await host.get<{ posts: CannedPost[] }>(`/api/series/${series.slug}/canned-posts`);
    expect(defaults.body.posts.map((p) => p.label)).toEqual(['Welcome', 'Rules reminder', 'Last 5 minutes', 'Thank you']);
    const mine = [{ label: 'Hi', text: 'Hello and welcome to our chat' }];
    const saved = await host.request<{ posts: CannedPost[] }>('PUT', `/api/series/${series.slug}/canned-posts`, { posts: mine });
    expect(saved.body.posts).toEqual(mine);
    expect((await host.get<{ posts: CannedPost[] }>(`/api/series/${series.slug}/canned-posts`)).body.posts).toEqual(mine);
    expect((await host.request('PUT', `/api/series/${series.slug}/canned-posts`, { posts: [{ label: '', text: 'x' }] })).status).toBe(400);
    const guest = await new ApiClient(server.url).signUp();
    expect((await guest.get(`/api/series/${series.slug}/canned-posts`)).status).toBe(403);
  });

  it('lists hidden messages with who hid them and why', async () => {
    const { host, jam, control } = await setUp();
    await control('start');
    const posted = await host.postMessage(jam.slug, 'A1: oops');
    await host.post(`/api/jams/${jam.slug}/messages/${posted.body.message.id}/moderation`, { action: 'hide', reason: 'spam link' });
    const queue = (await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body;
    expect(queue.hidden).toEqual([expect.objectContaining({ reason: 'spam link', hiddenBy: { handle: host.user!.handle, displayName: host.user!.displayName }, message: expect.objectContaining({ id: posted.body.message.id }) })]);
  });

  it('lists invite links with who accepted, and revokes them', async () => {
    const { host, jam, server } = await setUp();
    const invite = (await host.post<{ invite: InviteView }>(`/api/jams/${jam.slug}/invites`, { uses: 2 })).body.invite;
    const panelist = await new ApiClient(server.url).signUp();
    expect((await panelist.post(`/api/invites/${invite.token}/accept`)).status).toBe(200);
    const list = (await host.get<{ invites: InviteSummary[] }>(`/api/jams/${jam.slug}/invites`)).body.invites;
    expect(list).toEqual([expect.objectContaining({ id: invite.id, usesLeft: 1, acceptedBy: [expect.objectContaining({ handle: panelist.user!.handle })] })]);
    expect((await host.request('DELETE', `/api/jams/${jam.slug}/invites/${invite.id}`)).status).toBe(204);
    const late = await new ApiClient(server.url).signUp();
    expect((await late.post(`/api/invites/${invite.token}/accept`)).status).toBe(404);
  });

  it('sends a test delivery to a webhook and rotates its secret', async () => {
    const { host, series, server } = await setUp();
    server.services.webhooks.allowPrivateTargets = true;
    const created = (await host.post<{ webhook: { id: string }; secret: string }>(`/api/series/${series.slug}/webhooks`, { url: 'http://127.0.0.1:9/hook' })).body;
    const test = await host.post<{ deliveryId: string }>(`/api/series/${series.slug}/webhooks/${created.webhook.id}/test`);
    expect(test.status).toBe(202);
    const delivery = await until(async () => {
      const log = (await host.get<{ deliveries: { id: string; event: string; attempts: unknown[] }[] }>(`/api/series/${series.slug}/webhooks/deliveries`)).body.deliveries;
      return log.find((d) => d.id === test.body.deliveryId && d.attempts.length > 0);
    });
    expect(delivery.event).toBe('webhook.ping');
    const rotated = await host.post<{ secret: string }>(`/api/series/${series.slug}/webhooks/${created.webhook.id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
  });
});

import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceQuestionView, InteractionState } from '../../shared/interaction.ts';
import type { JamView } from '../../shared/model.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

/** Audience questions over HTTP and Socket.IO: ask, vote, sort, moderate, merge, promote, catch up. */

let server: RunningServer;
const sockets: JamSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.close();
});

async function live(questions = [
  { text: 'What brought you here?', offsetMin: 0 },
  { text: 'What would you change?', offsetMin: 20 },
  { text: 'What comes next?', offsetMin: 40 },
]) {
  const host = await new ApiClient(server.url).signUp();
  const panelist = await new ApiClient(server.url).signUp();
  const series = await host.createSeries();
  const jam = await host.createJam(series.slug, { live: true, questions, panelists: [panelist.user!.handle] });
  const people = await Promise.all([1, 2, 3].map(() => new ApiClient(server.url).signUp()));
  return { host, panelist, jam, people };
}

const ask = (client: ApiClient, slug: string, text: string, clientId = nanoid()) => client.post<{ question: AudienceQuestionView; duplicate: boolean }>(`/api/jams/${slug}/audience`, { clientId, text });
const vote = (client: ApiClient, slug: string, id: string, voted = true) => client.post<{ question: AudienceQuestionView }>(`/api/jams/${slug}/audience/${id}/vote`, { voted });
const list = (client: ApiClient, slug: string, sort = 'votes') => client.get<{ questions: AudienceQuestionView[]; version: number }>(`/api/jams/${slug}/audience?sort=${sort}`);

async function watch(client: ApiClient, slug: string) {
  const socket = await client.connect();
  sockets.push(socket);
  const seen: AudienceQuestionView[] = [];
  socket.on('audience:updated', (q) => seen.push(q));
  await new Promise((resolve) => socket.emit('jam:join', { slug }, resolve));
  return { socket, seen };
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('audience questions', () => {
  it('anyone signed in asks once per client id; a lurker cannot; others see it live', async () => {
    const { jam, people } = await live();
    const [alice, bob] = people as [ApiClient, ApiClient];
    const watcher = await watch(new ApiClient(server.url), jam.slug);
    const clientId = nanoid();
    const first = await ask(alice, jam.slug, 'How do you measure the value of a community?', clientId);
    expect(first.status).toBe(201);
    expect(first.body.question).toMatchObject({ text: 'How do you measure the value of a community?', votes: 0, status: 'open', author: { handle: alice.user!.handle } });
    const retry = await ask(alice, jam.slug, 'How do you measure the value of a community?', clientId);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ duplicate: true, question: { id: first.body.question.id } });
    expect((await ask(bob, jam.slug, 'someone else’s client id', clientId)).status).toBe(409);
    expect((await ask(new ApiClient(server.url), jam.slug, 'A lurker question here')).status).toBe(401);
    expect((await ask(alice, jam.slug, 'hm')).body.error).toMatchObject({ code: 'invalid_input', field: 'text' });
    const arrived = await waitFor(() => watcher.seen.find((q) => q.id === first.body.question.id), 'the question on a lurker socket');
    expect(arrived.text).toBe('How do you measure the value of a community?');
    expect((await list(new ApiClient(server.url), jam.slug)).body.questions.map((q) => q.id)).toEqual([first.body.question.id]);
  });

  it('one vote per person, undo allowed, never on your own; the list sorts by votes or newest; tallies fan out', async () => {
    const { jam, people } = await live();
    const [alice, bob, carol] = people as [ApiClient, ApiClient, ApiClient];
    const watcher = await watch(new ApiClient(server.url), jam.slug);
    const older = (await ask(alice, jam.slug, 'Which metric matters most for retention?')).body.question;
    const newer = (await ask(bob, jam.slug, 'How do you onboard new members?')).body.question;

    expect((await vote(alice, jam.slug, older.id)).status).toBe(403);
    expect((await vote(bob, jam.slug, older.id)).body.question.votes).toBe(1);
    expect((await vote(bob, jam.slug, older.id)).body.question.votes).toBe(1);
    expect((await vote(carol, jam.slug, newer.id)).body.question.votes).toBe(1);
    expect((await vote(alice, jam.slug, newer.id)).body.question.votes).toBe(2);
    expect((await list(carol, jam.slug, 'votes')).body.questions.map((q) => [q.id, q.votes])).toEqual([
      [newer.id, 2],
      [older.id, 1],
    ]);
    expect((await vote(alice, jam.slug, newer.id, false)).body.question.votes).toBe(1);
    expect((await vote(alice, jam.slug, newer.id, false)).body.question.votes).toBe(1);
    expect((await list(carol, jam.slug, 'votes')).body.questions.map((q) => q.id)).toEqual([older.id, newer.id]);
    expect((await list(carol, jam.slug, 'newest')).body.questions.map((q) => q.id)).toEqual([newer.id, older.id]);

    // The live tally settles on the stored count (the highest version per question wins).
    await waitFor(() => {
      const latest = watcher.seen.filter((q) => q.id === newer.id).sort((a, b) => b.version - a.version)[0];
      return latest?.votes === 1 ? latest : undefined;
    }, 'the settled tally');
    const state = await carol.get<InteractionState>(`/api/jams/${jam.slug}/interaction`);
    expect(state.body.mine.votes).toEqual([newer.id]);
  });

  it('a reconnecting client catches up by version: only what changed since', async () => {
    const { jam, people } = await live();
    const [alice, bob] = people as [ApiClient, ApiClient];
    const socket = await alice.connect();
    sockets.push(socket);
    const a = (await ask(alice, jam.slug, 'First question from the floor?')).body.question;
    const sync = (since: number) => new Promise<InteractionState>((resolve, reject) => socket.emit('interaction:sync', { slug: jam.slug, since }, (ack) => (ack.ok ? resolve(ack.state) : reject(new Error(ack.error.message)))));
    const before = await sync(0);
    expect(before.questions.map((q) => q.id)).toEqual([a.id]);
    const b = (await ask(bob, jam.slug, 'Second question from the floor?')).body.question;
    await vote(bob, jam.slug, a.id);
    const after = await sync(before.version);
    expect(after.questions.map((q) => [q.id, q.votes]).sort()).toEqual([[a.id, 1], [b.id, 0]].sort());
    expect(after.version).toBeGreaterThan(before.version);
    expect((await sync(after.version)).questions).toEqual([]);
  });

  it('asks and votes over the socket with acks and error codes', async () => {
    const { jam, people } = await live();
    const [alice, bob] = people as [ApiClient, ApiClient];
    const as = await alice.connect();
    const bs = await bob.connect();
    sockets.push(as, bs);
    const asked = await as.emitWithAck('audience:ask', { slug: jam.slug, clientId: nanoid(), text: 'Asked over the socket, does it work?' });
    expect(asked.ok).toBe(true);
    const id = asked.ok ? asked.question.id : '';
    const voted = await bs.emitWithAck('audience:vote', { slug: jam.slug, id, voted: true });
    expect(voted).toMatchObject({ ok: true, question: { votes: 1 } });
    const bad = await bs.emitWithAck('audience:vote', { slug: jam.slug, id: 'x', voted: true });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const lurker = await new ApiClient(server.url).connect();
    sockets.push(lurker);
    expect(await lurker.emitWithAck('audience:vote', { slug: jam.slug, id, voted: true })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('hosts hide (others get it blanked), mark answered with the answering messages, and merge duplicates keeping one vote per person', async () => {
    const { host, panelist, jam, people } = await live();
    const [alice, bob, carol] = people as [ApiClient, ApiClient, ApiClient];
    const watcher = await watch(new ApiClient(server.url), jam.slug);
    const original = (await ask(alice, jam.slug, 'How do you price a community product?')).body.question;
    const duplicate = (await ask(bob, jam.slug, 'How should we price community products?')).body.question;
    const rude = (await ask(carol, jam.slug, 'Something the host will hide')).body.question;
    await vote(carol, jam.slug, original.id);
    await vote(carol, jam.slug, duplicate.id);
    await vote(alice, jam.slug, duplicate.id);

    expect((await alice.post(`/api/jams/${jam.slug}/audience/${rude.id}/moderation`, { action: 'hide' })).status).toBe(403);
    expect((await host.post(`/api/jams/${jam.slug}/audience/${rude.id}/moderation`, { action: 'hide' })).body).toMatchObject({ question: { status: 'hidden' } });
    const blanked = await waitFor(() => watcher.seen.find((q) => q.id === rude.id && q.status === 'hidden'), 'the hidden question');
    expect(blanked.text).toBe('');
    expect((await list(bob, jam.slug)).body.questions.find((q) => q.id === rude.id)?.text).toBe('');

    const merged = await host.post<{ question: AudienceQuestionView }>(`/api/jams/${jam.slug}/audience/${duplicate.id}/moderation`, { action: 'merge', into: original.id });
    expect(merged.body.question).toMatchObject({ status: 'merged', mergedInto: original.id, votes: 0 });
    // carol (both), alice (the duplicate's voter, and the original's author) and bob (the duplicate's author): one each.
    const into = (await list(host, jam.slug)).body.questions.find((q) => q.id === original.id)!;
    expect(into.votes).toBe(3);

    const answer = (await panelist.postMessage(jam.slug, 'A1: we price by seat and by outcome')).body.message;
    const answered = await host.post<{ question: AudienceQuestionView }>(`/api/jams/${jam.slug}/audience/${original.id}/moderation`, { action: 'answered', answerIds: [answer.id] });
    expect(answered.body.question).toMatchObject({ status: 'answered', answerIds: [answer.id] });
    expect((await vote(bob, jam.slug, original.id)).status).toBe(409);
    const audit = await host.get<{ entries: { action: string }[] }>(`/api/series/${jam.series.slug}/audit?jam=${jam.slug}`);
    expect(audit.body.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['audience.hide', 'audience.merge', 'audience.answered']));
  });

  it('pre-moderation holds a first-timer’s question for the host; approval publishes it', async () => {
    const { host, jam, people } = await live();
    const [alice, bob] = people as [ApiClient, ApiClient];
    await host.patch(`/api/jams/${jam.slug}/moderation`, { premoderation: true });
    const held = (await ask(alice, jam.slug, 'A question from a first-timer?')).body.question;
    expect(held.held).toBe(true);
    expect((await list(bob, jam.slug)).body.questions).toEqual([]);
    expect((await list(alice, jam.slug)).body.questions.map((q) => q.id)).toEqual([held.id]);
    expect((await list(host, jam.slug)).body.questions.map((q) => q.id)).toEqual([held.id]);
    expect((await vote(bob, jam.slug, held.id)).status).toBe(409);
    await host.post(`/api/jams/${jam.slug}/audience/${held.id}/moderation`, { action: 'approve' });
    expect((await list(bob, jam.slug)).body.questions.map((q) => [q.id, q.held])).toEqual([[held.id, false]]);
  });

  it('the host promotes a question to be the next one, credited to its author; releasing it lets panelists answer it', async () => {
    const { host, panelist, jam, people } = await live();
    const [alice] = people as [ApiClient];
    const asked = (await ask(alice, jam.slug, 'What is the one thing you would never automate?')).body.question;
    expect((await alice.post(`/api/jams/${jam.slug}/audience/${asked.id}/promote`)).status).toBe(403);
    const promoted = await host.post<{ question: AudienceQuestionView; runOfShow: { n: number; text: string; askedBy: { handle: string } } }>(`/api/jams/${jam.slug}/audience/${asked.id}/promote`);
    expect(promoted.status).toBe(200);
    expect(promoted.body.runOfShow).toMatchObject({ n: 2, text: asked.text, askedBy: { handle: alice.user!.handle } });
    expect(promoted.body.question.promotedTo).toBe(2);
    expect((await host.post(`/api/jams/${jam.slug}/audience/${asked.id}/promote`)).status).toBe(409);

    const view = (await host.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam;
    expect(view.questions.map((q) => q.text)).toEqual(['What brought you here?', asked.text, 'What would you change?', 'What comes next?']);
    // It took Q2's slot (minute 20); the planned ones moved back by one slot.
    expect(view.questions.map((q) => q.offsetMin)).toEqual([0, 20, 40, 60]);
    expect(view.show.nextQuestion).toBe(2);

    const released = await host.post<{ show: { currentQuestion: number } }>(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    expect(released.body.show.currentQuestion).toBe(2);
    const answer = await panelist.postMessage(jam.slug, 'A2: the apology. Always a human.');
    expect(answer.body.message.question).toBe(2);
  });

  it('a question promoted after the last planned one waits for the host to release it', async () => {
    const { host, jam, people } = await live([{ text: 'Only question', offsetMin: 0 }]);
    const asked = (await ask(people[0]!, jam.slug, 'Can we have one more question please?')).body.question;
    await host.post(`/api/jams/${jam.slug}/audience/${asked.id}/promote`);
    const view = (await host.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam;
    expect(view.show).toMatchObject({ currentQuestion: 1, nextQuestion: 2, nextQuestionAt: null });
    const released = await host.post<{ show: { currentQuestion: number } }>(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    expect(released.body.show.currentQuestion).toBe(2);
  });
});

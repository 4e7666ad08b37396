import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionState, PollView } from '../../shared/interaction.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, until, type JamSocket } from '../support/harness.ts';

/** Polls: created live or attached to a question, one ballot per person (changeable), hidden until revealed, closed by the next release. */

let server: RunningServer;
const sockets: JamSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.close();
});

async function live() {
  const host = await new ApiClient(server.url).signUp();
  const series = await host.createSeries();
  const jam = await host.createJam(series.slug, {
    live: true,
    questions: [
      { text: 'Warm-up', offsetMin: 0 },
      { text: 'The big one', offsetMin: 20 },
      { text: 'Wrap-up', offsetMin: 40 },
    ],
  });
  const people = await Promise.all([1, 2, 3].map(() => new ApiClient(server.url).signUp()));
  return { host, jam, people };
}

const create = (host: ApiClient, slug: string, extra: Record<string, unknown> = {}) =>
  host.post<{ poll: PollView; duplicate: boolean }>(`/api/jams/${slug}/polls`, { clientId: nanoid(), text: 'Which channel matters most?', options: ['Email', 'Chat', 'Phone'], ...extra });
const ballot = (client: ApiClient, slug: string, id: string, option: number) => client.post<{ poll: PollView }>(`/api/jams/${slug}/polls/${id}/vote`, { option });
const pollOf = async (client: ApiClient, slug: string, id: string) => (await client.get<{ polls: PollView[] }>(`/api/jams/${slug}/polls`)).body.polls.find((p) => p.id === id)!;

async function watch(client: ApiClient, slug: string) {
  const socket = await client.connect();
  sockets.push(socket);
  const seen: PollView[] = [];
  socket.on('poll:updated', (p) => seen.push(p));
  await new Promise((resolve) => socket.emit('jam:join', { slug }, resolve));
  const latest = (id: string) => seen.filter((p) => p.id === id).sort((a, b) => b.version - a.version)[0];
  return { socket, seen, latest };
}

describe('polls', () => {
  it('only hosts create one (2–6 distinct options), idempotent by client id', async () => {
    const { host, jam, people } = await live();
    expect((await create(people[0]!, jam.slug)).status).toBe(403);
    expect((await create(host, jam.slug, { options: ['Only one'] })).body.error).toMatchObject({ code: 'invalid_input', field: 'options' });
    expect((await create(host, jam.slug, { options: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] })).status).toBe(400);
    expect((await create(host, jam.slug, { options: ['Same', 'same'] })).status).toBe(400);
    const clientId = nanoid();
    const first = await create(host, jam.slug, { clientId });
    expect(first.status).toBe(201);
    expect(first.body.poll).toMatchObject({ status: 'open', results: 'on_reveal', revealed: false, options: [{ text: 'Email', votes: 0 }, { text: 'Chat', votes: 0 }, { text: 'Phone', votes: 0 }] });
    const again = await create(host, jam.slug, { clientId });
    expect(again.status).toBe(200);
    expect(again.body.poll.id).toBe(first.body.poll.id);
  });

  it('one ballot per person, changeable while open; counts hidden from everyone but hosts until revealed, then the same for every viewer', async () => {
    const { host, jam, people } = await live();
    const [alice, bob, carol] = people as [ApiClient, ApiClient, ApiClient];
    const lurker = await watch(new ApiClient(server.url), jam.slug);
    const hostView = await watch(host, jam.slug);
    const poll = (await create(host, jam.slug)).body.poll;

    expect((await ballot(alice, jam.slug, poll.id, 0)).body.poll).toMatchObject({ total: null, options: [{ votes: null }, { votes: null }, { votes: null }] });
    await ballot(bob, jam.slug, poll.id, 0);
    await ballot(carol, jam.slug, poll.id, 2);
    await ballot(alice, jam.slug, poll.id, 1); // alice changes her mind
    expect((await ballot(alice, jam.slug, poll.id, 3)).body.error).toMatchObject({ code: 'invalid_input', field: 'option' });
    expect((await ballot(new ApiClient(server.url), jam.slug, poll.id, 0)).status).toBe(401);

    expect((await pollOf(host, jam.slug, poll.id)).options.map((o) => o.votes)).toEqual([1, 1, 1]);
    expect((await pollOf(bob, jam.slug, poll.id)).options.map((o) => o.votes)).toEqual([null, null, null]);
    await until(async () => hostView.latest(poll.id)?.total === 3);
    expect(lurker.latest(poll.id)!.total).toBeNull();
    const mine = await alice.get<InteractionState>(`/api/jams/${jam.slug}/interaction`);
    expect(mine.body.mine.ballots).toEqual({ [poll.id]: 1 });

    expect((await alice.post(`/api/jams/${jam.slug}/polls/${poll.id}/actions`, { action: 'reveal' })).status).toBe(403);
    const revealed = await host.post<{ poll: PollView }>(`/api/jams/${jam.slug}/polls/${poll.id}/actions`, { action: 'reveal' });
    expect(revealed.body.poll).toMatchObject({ revealed: true, total: 3 });
    await until(async () => lurker.latest(poll.id)?.revealed === true);
    expect(lurker.latest(poll.id)!.options.map((o) => o.votes)).toEqual([1, 1, 1]);
    expect((await pollOf(new ApiClient(server.url), jam.slug, poll.id)).options.map((o) => o.votes)).toEqual([1, 1, 1]);
  });

  it('a co-host removed mid-jam stops seeing hidden counts at once, and one added starts, without rejoining', async () => {
    const { host, jam, people } = await live();
    const [alice, bob] = people as [ApiClient, ApiClient];
    const seriesSlug = jam.series.slug;
    expect((await host.post(`/api/series/${seriesSlug}/hosts`, { handle: alice.user!.handle })).status).toBe(201);
    const [aliceView, bobView] = [await watch(alice, jam.slug), await watch(bob, jam.slug)];
    const poll = (await create(host, jam.slug)).body.poll;
    await ballot(people[2]!, jam.slug, poll.id, 0);
    await until(async () => aliceView.latest(poll.id)?.total === 1);
    expect(bobView.latest(poll.id)?.total).toBeNull();

    expect((await host.request('DELETE', `/api/series/${seriesSlug}/hosts/${alice.user!.handle}`)).status).toBe(200);
    expect((await host.post(`/api/series/${seriesSlug}/hosts`, { handle: bob.user!.handle })).status).toBe(201);
    // Each change is its own event; wait until both rooms are sorted before the next vote.
    await until(async () => (await server.io.in(`hosts:${jam.slug}`).fetchSockets()).map((s) => s.data.user?.id).join() === bob.user!.id);
    await ballot(people[1]!, jam.slug, poll.id, 1);
    await until(async () => aliceView.latest(poll.id)?.version === bobView.latest(poll.id)?.version && bobView.latest(poll.id)?.total === 2);
    expect(aliceView.latest(poll.id)!.total).toBeNull();
    expect(aliceView.latest(poll.id)!.options.map((o) => o.votes)).toEqual([null, null, null]);
  });

  it('a live-results poll shows counts to everyone as they come', async () => {
    const { host, jam, people } = await live();
    const poll = (await create(host, jam.slug, { results: 'live' })).body.poll;
    expect((await ballot(people[0]!, jam.slug, poll.id, 2)).body.poll.options.map((o) => o.votes)).toEqual([0, 0, 1]);
  });

  it('the next question’s release closes open polls and opens the one attached to it; closing by hand works too', async () => {
    const { host, jam, people } = await live();
    const viewer = await watch(new ApiClient(server.url), jam.slug);
    const now = (await create(host, jam.slug, { text: 'Live poll during Q1' })).body.poll;
    const forQ2 = (await create(host, jam.slug, { text: 'Poll for Q2', question: 2 })).body.poll;
    expect(forQ2.status).toBe('scheduled');
    expect((await ballot(people[0]!, jam.slug, forQ2.id, 0)).body.error).toMatchObject({ code: 'conflict' });
    expect((await create(host, jam.slug, { question: 9 })).status).toBe(400);

    await ballot(people[0]!, jam.slug, now.id, 0);
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await until(async () => viewer.latest(now.id)?.status === 'closed' && viewer.latest(forQ2.id)?.status === 'open');
    expect((await ballot(people[1]!, jam.slug, now.id, 1)).body.error).toMatchObject({ code: 'conflict' });
    expect((await ballot(people[1]!, jam.slug, forQ2.id, 1)).status).toBe(200);

    const closed = await host.post<{ poll: PollView }>(`/api/jams/${jam.slug}/polls/${forQ2.id}/actions`, { action: 'close' });
    expect(closed.body.poll).toMatchObject({ status: 'closed', total: 1 });
    expect((await host.post(`/api/jams/${jam.slug}/polls/${forQ2.id}/actions`, { action: 'close' })).status).toBe(409);
    expect((await ballot(people[2]!, jam.slug, forQ2.id, 0)).status).toBe(409);
  });

  it('ending the jam closes every poll; results stay in the archive and the report', async () => {
    const { host, jam, people } = await live();
    const poll = (await create(host, jam.slug, { results: 'live' })).body.poll;
    await ballot(people[0]!, jam.slug, poll.id, 1);
    await ballot(people[1]!, jam.slug, poll.id, 1);
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    await until(async () => (await pollOf(host, jam.slug, poll.id)).status === 'closed');
    const transcript = await host.get<{ polls: PollView[] }>(`/api/jams/${jam.slug}/transcript.json`);
    expect(transcript.body.polls.map((p) => [p.text, p.options.map((o) => o.votes)])).toEqual([['Which channel matters most?', [0, 2, 0]]]);
    const report = await host.get<{ interaction: { polls: { text: string; ballots: number }[] } }>(`/api/jams/${jam.slug}/report.json`);
    expect(report.body.interaction.polls).toEqual([expect.objectContaining({ text: 'Which channel matters most?', ballots: 2 })]);
  });
});

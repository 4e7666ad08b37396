import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { JamView } from '../../shared/model.ts';
import type { JamJoinResult } from '../../shared/protocol.ts';
import { ApiClient, collect, startTestServer, until, type JamSocket } from '../support/harness.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/** A host may keep a jam's questions private until each is released (`questionsPublic: false`). */

const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const START = '2026-05-05T17:00:00.000Z';
const questions = [
  { text: 'Opening about onboarding', offsetMin: 0 },
  { text: 'Secret pricing question', offsetMin: 15 },
  { text: 'Secret roadmap question', offsetMin: 30 },
];

async function setUp(databaseUrl?: string) {
  const clock = new FakeClock('2026-05-05T16:00:00.000Z');
  const server = await startTestServer({ clock, databaseUrl });
  servers.push(server);
  const host = await new ApiClient(server.url).signUp();
  const cohost = await new ApiClient(server.url).signUp();
  const panelist = await new ApiClient(server.url).signUp();
  const participant = await new ApiClient(server.url).signUp();
  const stranger = new ApiClient(server.url);
  const series = await host.createSeries();
  expect((await host.post(`/api/series/${series.slug}/hosts`, { handle: cohost.user!.handle })).status).toBe(201);
  const created = await host.post<{ jam: JamView }>(`/api/series/${series.slug}/jams`, { title: 'Private plan', startsAt: START, questions, panelists: [panelist.user!.handle], questionsPublic: false });
  expect(created.status).toBe(201);
  return { clock, server, host, cohost, panelist, participant, stranger, series, jam: created.body.jam };
}

const texts = (jam: JamView) => jam.questions.map((q) => q.text);
const viewOf = async (client: ApiClient, slug: string) => (await client.get<{ jam: JamView }>(`/api/jams/${slug}`)).body.jam;
async function joinAs(client: ApiClient, slug: string): Promise<{ socket: JamSocket; joined: JamJoinResult }> {
  const socket = await client.connect();
  sockets.push(socket);
  const joined = (await socket.emitWithAck('jam:join', { slug })) as JamJoinResult;
  return { socket, joined };
}

describe('questions kept private until released', () => {
  it('shows unreleased questions to hosts, co-hosts and panelists only, over HTTP and the socket join', async () => {
    const { host, cohost, panelist, participant, stranger, jam } = await setUp();
    expect(jam).toMatchObject({ questionsPublic: false, questionCount: 3 });
    expect(texts(jam)).toEqual(questions.map((q) => q.text));

    for (const team of [host, cohost, panelist]) {
      expect(texts(await viewOf(team, jam.slug))).toEqual(questions.map((q) => q.text));
      expect(texts((await joinAs(team, jam.slug)).joined.jam)).toHaveLength(3);
    }
    for (const audience of [participant, stranger]) {
      const view = await viewOf(audience, jam.slug);
      expect(view).toMatchObject({ questionsPublic: false, questionCount: 3, questions: [] });
      const { joined } = await joinAs(audience, jam.slug);
      expect(joined.jam.questions).toEqual([]);
    }
  });

  it('never lets the text out through the jam list, calendars or the series page', async () => {
    const { stranger, participant, jam, series } = await setUp();
    const leaks = ['/api/jams', `/api/jams?series=${series.slug}`, `/api/series/${series.slug}`, `/api/series/${series.slug}/calendar.ics`, `/api/jams/${jam.slug}/calendar.ics`];
    for (const path of leaks) {
      for (const reader of [stranger, participant]) {
        const res = await reader.get(path);
        expect(res.status, path).toBe(200);
        expect(JSON.stringify(res.body), path).not.toContain('Secret');
      }
    }
  });

  it('takes a flip of the setting at once, and only a host may flip it', async () => {
    const { host, panelist, participant, stranger, jam } = await setUp();
    expect((await participant.patch(`/api/jams/${jam.slug}`, { questionsPublic: true })).status).toBe(403);
    expect((await panelist.patch(`/api/jams/${jam.slug}`, { questionsPublic: true })).status).toBe(403);
    expect((await host.patch(`/api/jams/${jam.slug}`, { questionsPublic: 'yes' })).body.error).toMatchObject({ code: 'invalid_input', field: 'questionsPublic' });

    const opened = await host.patch<{ jam: JamView }>(`/api/jams/${jam.slug}`, { questionsPublic: true });
    expect(opened.body.jam.questionsPublic).toBe(true);
    expect(texts(await viewOf(stranger, jam.slug))).toHaveLength(3);
    expect((await joinAs(participant, jam.slug)).joined.jam.questions).toHaveLength(3);

    await host.patch(`/api/jams/${jam.slug}`, { questionsPublic: false });
    expect((await viewOf(stranger, jam.slug)).questions).toEqual([]);
    expect(texts(await viewOf(panelist, jam.slug))).toHaveLength(3);
  });

  it('keeps questions public by default, as before the setting existed', async () => {
    const { host, stranger, series } = await setUp();
    const jam = await host.createJam(series.slug, { startsAt: START, questions });
    expect(jam.questionsPublic).toBe(true);
    expect(texts(await viewOf(stranger, jam.slug))).toEqual(questions.map((q) => q.text));
  });

  it('makes each question public as it is released, live and in the archive, search and reports', async () => {
    const { clock, host, participant, stranger, jam } = await setUp();
    const { socket } = await joinAs(stranger, jam.slug);
    const released = collect(socket, 'question:released', 2);
    clock.advanceMinutes(60);
    clock.advanceMinutes(15);
    const [q1, q2] = await released;
    expect(q1!.question).toMatchObject({ n: 1, text: 'Opening about onboarding' });
    expect(q2!.question).toMatchObject({ n: 2, text: 'Secret pricing question' });
    expect(texts(await viewOf(stranger, jam.slug))).toEqual(['Opening about onboarding', 'Secret pricing question']);
    expect((await joinAs(participant, jam.slug)).joined.jam.questions.map((q) => q.n)).toEqual([1, 2]);

    // The host teases Q3 before releasing it, then ends early: Q3 is never released.
    expect((await host.postMessage(jam.slug, 'Q3: coming up, keep your roadmap stories ready')).status).toBe(201);
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);

    const exports = [`/api/jams/${jam.slug}`, `/api/jams/${jam.slug}/transcript.json`, `/api/jams/${jam.slug}/transcript.md`, `/api/jams/${jam.slug}/report.json`, `/api/jams/${jam.slug}/digest.json`, '/api/search?q=roadmap'];
    for (const path of exports) {
      const res = await stranger.get(path);
      expect(res.status, path).toBe(200);
      const body = JSON.stringify(res.body);
      expect(body, path).toContain(path.includes('search') ? 'roadmap stories' : 'Secret pricing question');
      expect(body, path).not.toContain('Secret roadmap question');
    }
    expect(texts(await viewOf(host, jam.slug))).toContain('Secret roadmap question');
  });
});

/** Migration 007 and the search filter (PostgreSQL full-text search) on PostgreSQL. */
describeWithServices(['postgres'], 'questions kept private on PostgreSQL', () => {
  it('stores the setting, flips it, and keeps unreleased text out of search', async () => {
    const pg = await freshPostgresSchema();
    try {
      const { clock, host, panelist, stranger, jam } = await setUp(pg.url);
      expect((await viewOf(stranger, jam.slug)).questions).toEqual([]);
      expect(texts(await viewOf(panelist, jam.slug))).toHaveLength(3);
      await host.patch(`/api/jams/${jam.slug}`, { questionsPublic: true });
      expect(texts(await viewOf(stranger, jam.slug))).toHaveLength(3);
      await host.patch(`/api/jams/${jam.slug}`, { questionsPublic: false });
      clock.advanceMinutes(61);
      await until(async () => (await viewOf(stranger, jam.slug)).questions.length === 1);
      expect((await host.postMessage(jam.slug, 'Q3: keep your roadmap stories ready')).status).toBe(201);
      const search = JSON.stringify((await stranger.get('/api/search?q=roadmap')).body);
      expect(search).toContain('roadmap stories');
      expect(search).not.toContain('Secret roadmap question');
    } finally {
      await Promise.all(servers.splice(0).map((s) => s.close()));
      await pg.drop();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { JamView } from '../../shared/model.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';
import { FakeClock } from '../support/fakeClock.ts';

const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const START = '2026-05-05T17:00:00.000Z';
const questions = [
  { text: 'Q one', offsetMin: 0 },
  { text: 'Q two', offsetMin: 15 },
  { text: 'Q three', offsetMin: 30 },
];

async function boot(clock: FakeClock, dataDir: string) {
  const server = await startTestServer({ clock, dataDir, sqliteFile: 'jam.sqlite' });
  servers.push(server);
  return server;
}

describe('the run of show over the wire', () => {
  it('releases each question on time to every viewer, with the time of the next', async () => {
    const clock = new FakeClock('2026-05-05T16:55:00.000Z');
    const server = await boot(clock, fs.mkdtempSync(path.join(os.tmpdir(), 'tj-show-')));
    const host = await new ApiClient(server.url).signUp('showhost');
    const series = await host.createSeries({ hashtag: 'showchat' });
    const jam = await host.createJam(series.slug, { startsAt: START, questions });
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    await viewer.emitWithAck('jam:join', { slug: jam.slug });

    const started = collect(viewer, 'jam:updated', 1);
    const released = collect(viewer, 'question:released', 2);
    clock.advanceMinutes(5);
    expect((await started)[0]).toMatchObject({ reason: 'started', show: { status: 'live' } });
    clock.advanceMinutes(15);
    const [q1, q2] = await released;
    expect(q1).toMatchObject({ question: { n: 1, text: 'Q one' }, show: { nextQuestion: 2, nextQuestionAt: '2026-05-05T17:15:00.000Z' } });
    expect(q2).toMatchObject({ question: { n: 2 }, show: { currentQuestion: 2, nextQuestionAt: '2026-05-05T17:30:00.000Z' } });
  });

  it('host controls: release next now, extend, end — and participants cannot use them', async () => {
    const clock = new FakeClock('2026-05-05T16:50:00.000Z');
    const server = await boot(clock, fs.mkdtempSync(path.join(os.tmpdir(), 'tj-show-')));
    const host = await new ApiClient(server.url).signUp('ctrlhost');
    const series = await host.createSeries({ hashtag: 'ctrlchat' });
    const jam = await host.createJam(series.slug, { startsAt: START, questions });
    const participant = await new ApiClient(server.url).signUp('ctrlpart');

    expect((await participant.post(`/api/jams/${jam.slug}/show`, { action: 'start' })).status).toBe(403);
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).body.error).toMatchObject({ code: 'conflict' });
    const start = await host.post<{ show: JamView['show'] }>(`/api/jams/${jam.slug}/show`, { action: 'start' });
    expect(start.body.show).toMatchObject({ status: 'live', currentQuestion: 1, startedAt: '2026-05-05T16:50:00.000Z' });
    clock.advanceMinutes(2);
    const next = await host.post<{ show: JamView['show'] }>(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    expect(next.body.show.currentQuestion).toBe(2);
    const extended = await host.post<{ show: JamView['show'] }>(`/api/jams/${jam.slug}/show`, { action: 'extend', minutes: 10 });
    expect(extended.body.show.endsAt).toBe('2026-05-05T18:00:00.000Z');
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'extend' })).body.error).toMatchObject({ code: 'invalid_input', field: 'minutes' });
    const ended = await host.post<{ show: JamView['show'] }>(`/api/jams/${jam.slug}/show`, { action: 'end' });
    expect(ended.body.show.status).toBe('ended');
    expect((await participant.postMessage(jam.slug, 'too late')).body.error).toMatchObject({ code: 'conflict' });
  });

  it('a restart mid-jam resumes at the right question without re-announcing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tj-restart-'));
    const clock = new FakeClock('2026-05-05T16:59:00.000Z');
    let server = await boot(clock, dataDir);
    const host = await new ApiClient(server.url).signUp('resumehost');
    const series = await host.createSeries({ hashtag: 'resumechat' });
    const jam = await host.createJam(series.slug, { startsAt: START, questions });
    clock.advanceMinutes(1);
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' }); // Q2 early, at 17:00
    await host.postMessage(jam.slug, 'A2: before the restart');
    await server.close();
    servers.splice(servers.indexOf(server), 1);

    clock.advanceMinutes(20); // 17:20, down the whole time: Q3 is due at 17:30
    server = await boot(clock, dataDir);
    const api = new ApiClient(server.url);
    const view = (await api.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam;
    expect(view.show).toMatchObject({ status: 'live', currentQuestion: 2, nextQuestion: 3, nextQuestionAt: '2026-05-05T17:30:00.000Z' });

    const viewer = await api.connect();
    sockets.push(viewer);
    const join = await viewer.emitWithAck('jam:join', { slug: jam.slug });
    expect(join.ok && join.messages.map((m) => m.text)).toEqual(['A2: before the restart #resumechat']);
    const released = collect(viewer, 'question:released', 1);
    clock.advanceMinutes(9); // 17:29: not yet
    expect((await api.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam.show.currentQuestion).toBe(2);
    clock.advanceMinutes(1);
    expect((await released)[0]!.question.n).toBe(3);
    const rows = await server.store.db.selectFrom('question_releases').selectAll().where('jam_id', '=', (await server.store.jams.bySlug(jam.slug))!.id).execute();
    expect(rows.map((r) => r.n).sort()).toEqual([1, 2, 3]);
  });
});

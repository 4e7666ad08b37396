import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JamView, StreamPage } from '../../shared/model.ts';
import type { PresenceView } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, collect, startTestServer } from '../support/harness.ts';

/** What the audience's pages ask of the API: first data with messages, who hosts, who is here. */
describe('the audience API', () => {
  let server: RunningServer;
  let host: ApiClient;
  let live: JamView;

  beforeAll(async () => {
    server = await startTestServer();
    host = await new ApiClient(server.url).signUp('dana_host');
    const series = await host.createSeries({ hashtag: 'audchat' });
    live = await host.createJam(series.slug, { live: true });
  });

  afterAll(() => server?.close());

  it('a live jam answers with its newest messages, so the page paints them with its first data', async () => {
    for (const text of ['one', 'two', 'three']) await host.postMessage(live.slug, text);
    const res = await new ApiClient(server.url).get<{ jam: JamView; stream: StreamPage }>(`/api/jams/${live.slug}`);
    expect(res.body.stream.messages.map((m) => m.text)).toEqual(['one #audchat', 'two #audchat', 'three #audchat']);
    expect(res.body.stream).toMatchObject({ hasEarlier: false, lastSeq: 3 });
    const later = await host.createJam('audchat', { title: 'Later' });
    expect((await host.get<{ stream: StreamPage | null }>(`/api/jams/${later.slug}`)).body.stream).toBeNull();
  });

  it('/api/auth/me says whether the user hosts a series', async () => {
    expect((await host.get<{ hosting: boolean }>('/api/auth/me')).body.hosting).toBe(true);
    const reader = await new ApiClient(server.url).signUp('rita_reader');
    expect((await reader.get<{ hosting: boolean }>('/api/auth/me')).body.hosting).toBe(false);
  });

  it('presence names who is here by role, and signed-in people plus lurkers add up to everyone', async () => {
    const participant = await new ApiClient(server.url).signUp('pat_part');
    const sockets = await Promise.all([host.connect(), participant.connect(), participant.connect(), new ApiClient(server.url).connect(), new ApiClient(server.url).connect()]);
    for (const socket of sockets.slice(0, 4)) expect((await socket.emitWithAck('jam:join', { slug: live.slug })).ok).toBe(true);
    const update = collect(sockets[4]!, 'presence:updated', 1);
    const joined = await sockets[4]!.emitWithAck('jam:join', { slug: live.slug });
    const presence: PresenceView = (joined.ok && joined.presence?.viewers === 5 && joined.presence) || (await update)[0]!;
    expect(presence).toMatchObject({ viewers: 5, participants: 2, lurkers: 2 });
    expect(presence.people.map((p) => [p.handle, p.role]).sort()).toEqual([
      ['dana_host', 'host'],
      ['pat_part', 'participant'],
    ]);
    sockets.forEach((s) => s.close());
  });
});

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JamSummary, MessageView } from '../../shared/model.ts';
import type { PresenceView } from '../../shared/protocol.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { quoteOf } from '../../server/demo/simulator.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, collect, startTestServer, until } from '../support/harness.ts';

/** `--demo` must look like a real chat: its people, their words, and the crowd watching. */
describe('the demo', () => {
  let server: RunningServer;
  let demo: { stop(): void };
  let live: JamSummary;
  const api = () => new ApiClient(server.url);

  beforeAll(async () => {
    server = await startTestServer();
    demo = await seedDemo(server.services, pino({ level: 'silent' }), { url: server.url, paceMs: [40, 80] });
    live = (await api().get<{ jams: JamSummary[] }>('/api/jams?status=live')).body.jams[0]!;
  }, 60_000);

  afterAll(async () => {
    demo?.stop();
    await server?.close();
  });

  it('has an upcoming jam with public questions, beside the live and archived ones', async () => {
    const upcoming = (await api().get<{ jams: JamSummary[] }>('/api/jams?status=scheduled')).body.jams;
    expect(upcoming).toHaveLength(1);
    expect(upcoming[0]!.questionCount).toBeGreaterThan(2);
    expect((await api().get<{ jams: JamSummary[] }>('/api/jams?status=ended')).body.jams).toHaveLength(1);
  });

  it('never posts the same line twice, and its replies quote and name what they answer', async () => {
    const messages = await until(async () => {
      const page = (await api().get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=1000`)).body.messages;
      return page.filter((m) => m.replyTo).length >= 4 && page.length >= 30 && page;
    }, 30_000);
    const texts = messages.map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const reply of messages.filter((m) => m.replyTo && byId.has(m.replyTo!))) {
      const parent = byId.get(reply.replyTo!)!;
      expect(reply.text).toContain(`@${parent.author.handle}`);
      expect(reply.text).toContain(`“${quoteOf(parent.text)}”`);
    }
  }, 40_000);

  it('panelists who post are online, and the viewer count includes the simulated lurkers', async () => {
    const watcher = await api().connect();
    const update = collect(watcher, 'presence:updated', 1);
    const joined = await watcher.emitWithAck('jam:join', { slug: live.slug });
    expect(joined.ok).toBe(true);
    const presence: PresenceView = (joined.ok && joined.presence) || (await update)[0]!;
    const posters = new Set((await api().get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=1000`)).body.messages.filter((m) => m.author.role === 'panelist').map((m) => m.author.handle));
    expect(posters.size).toBeGreaterThan(0);
    for (const handle of posters) expect(presence.panelistsOnline).toContain(handle);
    expect(presence.lurkers).toBeGreaterThanOrEqual(14);
    expect(presence.people.map((p) => p.role)).toContain('host');
    const listed = (await api().get<{ jams: JamSummary[] }>('/api/jams?status=live')).body.jams[0]!;
    expect(listed.viewers).toBeGreaterThanOrEqual(presence.lurkers + posters.size);
    watcher.close();
  });

  it('quotes a few words of a message without its answer prefix and hashtag', () => {
    expect(quoteOf('A2: Hand over with the full transcript so nobody has to start again. #CXJam')).toBe('Hand over with the full transcript so…');
    expect(quoteOf('Short and sweet #CXJam')).toBe('Short and sweet');
    expect(quoteOf('@lena_ux “From usability tests: it says who…” The hard part is keeping it going. #CXJam')).toBe('The hard part is keeping it going.');
  });
});

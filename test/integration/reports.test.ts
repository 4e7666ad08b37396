import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JamView, MessageView } from '../../shared/model.ts';
import type { Digest, JamReport, SeriesMetrics } from '../../shared/reports.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket, until } from '../support/harness.ts';
import { storeUnderTest } from '../support/services.ts';

// Unique per run, so the suite also runs against a reused PostgreSQL database (TEST_DATABASE_URL).
const run = Math.random().toString(36).slice(2, 8);
const ANA = `ana_${run}`;
const CAT = `cat_${run}`;

let store: Awaited<ReturnType<typeof storeUnderTest>> | undefined;
let server: RunningServer;
let host: ApiClient;
let panelist: ApiClient;
let cat: ApiClient;
let seriesSlug: string;
let jam: JamView;
const sockets: JamSocket[] = [];

/** Joins a jam's room over Socket.IO and resolves once the join is acknowledged. */
async function join(client: ApiClient, slug: string): Promise<JamSocket> {
  const socket = await client.connect();
  sockets.push(socket);
  const ack = (await socket.emitWithAck('jam:join', { slug })) as { ok: boolean };
  expect(ack.ok).toBe(true);
  return socket;
}

beforeAll(async () => {
  store = await storeUnderTest();
  server = await startTestServer(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {});
  host = await new ApiClient(server.url).signUp(`hal_${run}`);
  panelist = await new ApiClient(server.url).signUp(ANA);
  cat = await new ApiClient(server.url).signUp(CAT);
  seriesSlug = (await host.createSeries({ name: 'CX chat', hashtag: `cx${run}`, timeZone: 'America/New_York' })).slug;

  // An earlier jam in which cat already posted: cat is a returning participant later.
  const earlier = await host.createJam(seriesSlug, { title: 'Earlier', startsAt: new Date(Date.now() - 60_000).toISOString(), questions: [{ text: 'Hi?', offsetMin: 0 }] });
  expect((await cat.postMessage(earlier.slug, 'A1: hello')).status).toBe(201);
  await host.post(`/api/jams/${earlier.slug}/show`, { action: 'end' });

  jam = await host.createJam(seriesSlug, { title: 'Pricing', live: true, panelists: [ANA] });
});

afterAll(async () => {
  sockets.forEach((s) => s.disconnect());
  await server?.close();
  await store?.drop();
});

describe('jam report over HTTP', () => {
  let report: JamReport;
  let featured: MessageView;
  let hidden: MessageView;

  it('counts viewers by daily-salted hash, never storing the IP, and samples the lurker peak', async () => {
    await join(new ApiClient(server.url), jam.slug);
    await join(new ApiClient(server.url), jam.slug);
    await join(cat, jam.slug);
    const db = server.store.db;
    const jamId = (await server.store.jams.bySlug(jam.slug))!.id;
    // Counting runs beside the join, so wait for the sample taken after the third join.
    await until(async () => (await db.selectFrom('jam_viewer_minutes').select('viewers').where('jam_id', '=', jamId).where('viewers', '=', 3).executeTakeFirst()) !== undefined);
    const rows = await db.selectFrom('jam_visits').selectAll().where('jam_id', '=', jamId).execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.visitor).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|::1/);
    }
  });

  it('reports participants, new faces, panelist answers, replies, boosts and reach', async () => {
    const first = (await panelist.postMessage(jam.slug, 'A1: fair means predictable')).body.message;
    const reply = await cat.postMessage(jam.slug, 'agreed, and explained', { replyTo: first.id });
    expect(reply.status).toBe(201);
    featured = first;
    hidden = (await cat.postMessage(jam.slug, 'A2: something off-topic')).body.message;
    expect((await host.post(`/api/jams/${jam.slug}/messages/${first.id}/moderation`, { action: 'feature' })).status).toBe(200);
    expect((await host.post(`/api/jams/${jam.slug}/messages/${hidden.id}/moderation`, { action: 'hide' })).status).toBe(200);
    expect((await cat.post(`/api/jams/${jam.slug}/messages/${first.id}/boost`, { boosted: true })).status).toBe(200);

    const res = await host.get<JamReport>(`/api/jams/${jam.slug}/report.json`);
    expect(res.status).toBe(200);
    report = res.body;
    expect(report.totals).toEqual({ messages: 2, participants: 2, newFaces: 1, returning: 1, replies: 1, boosts: 1, featured: 1 });
    expect(report.newFaces.map((p) => p.handle)).toEqual([ANA]);
    expect(report.panelistGrid.rows).toEqual([{ handle: ANA, displayName: ANA, counts: [1, 0], answered: 1 }]);
    expect(report.questions.map((q) => [q.n, q.messages, q.coverage])).toEqual([
      [1, 2, 1],
      [2, 0, 0],
    ]);
    // Two anonymous connections from one address and browser are one visitor; cat is the other.
    expect(report.viewers).toMatchObject({ unique: 2, uniqueLurkers: 1, peakConcurrent: 3, peakLurkers: 2 });
    // ana posted over HTTP without opening the live room: counted once more in reach.
    expect(report.reach).toMatchObject({ estimated: 3, uniqueViewers: 2, postersNotCountedAsViewers: 1 });
    expect(report.timeline.reduce((sum, t) => sum + t.messages, 0)).toBe(2);
  });

  it('exports the report as CSV and contributors as CSV for hosts only', async () => {
    const csv = await host.get(`/api/jams/${jam.slug}/report.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body)).toContain('totals,,participants,2');
    const contributors = await host.get(`/api/jams/${jam.slug}/contributors.csv`);
    expect(contributors.status).toBe(200);
    expect(String(contributors.body).split('\r\n').slice(0, 3)).toEqual([
      'handle,display_name,role,source,messages,answers,replies,boosts_received,featured,new_face',
      `${ANA},${ANA},panelist,native,1,1,0,1,1,true`,
      `${CAT},${CAT},participant,native,1,1,1,0,0,false`,
    ]);
    expect((await cat.get(`/api/jams/${jam.slug}/contributors.csv`)).status).toBe(403);
  });

  it('serves the digest only after the jam, with visible messages only', async () => {
    expect((await host.get(`/api/jams/${jam.slug}/digest.json`)).status).toBe(409);
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);
    const digest = (await host.get<Digest>(`/api/jams/${jam.slug}/digest.json`)).body;
    expect(digest.questions[0]).toMatchObject({ n: 1, pickedBy: 'featured' });
    expect(digest.questions[0]!.highlights.map((h) => h.id)).toEqual([featured.id]);
    const md = await host.get(`/api/jams/${jam.slug}/digest.md`);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(String(md.body)).toContain('fair means predictable');
    expect(String(md.body)).not.toContain('off-topic');
  });

  it('computes community metrics per jam and month for the series', async () => {
    const metrics = (await host.get<SeriesMetrics>(`/api/series/${seriesSlug}/metrics.json`)).body;
    expect(metrics.jams.map((j) => [j.title, j.participants, j.newParticipants, j.returningParticipants, j.retainedNext])).toEqual([
      ['Earlier', 1, 1, 0, 1],
      ['Pricing', 2, 1, 1, null],
    ]);
    expect(metrics.superUsers.map((s) => [s.handle, s.jams])).toEqual([[CAT, 2]]);
    const csv = await host.get(`/api/series/${seriesSlug}/metrics.csv`);
    expect(String(csv.body).split('\r\n')[0]).toBe('scope,key,starts_at,jams,messages,participants,new,returning,unique_viewers,retention');
  });
});

describe('calendars', () => {
  it('writes a jam on the spring-forward day in its zone, and it parses back to the right instants', async () => {
    const dst = (await host.post<{ jam: JamView }>(`/api/series/${seriesSlug}/jams`, { title: 'DST night', startsAtLocal: '2026-03-08T01:30', durationMin: 90, questions: [] })).body.jam;
    const res = await host.get(`/api/jams/${dst.slug}/calendar.ics`);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const text = String(res.body);
    expect(text).toContain('DTSTART;TZID=America/New_York:20260308T013000');
    // 01:30 EST + 90 minutes crosses 02:00 → 03:00: it ends at 04:00 EDT.
    expect(text).toContain('DTEND;TZID=America/New_York:20260308T040000');
    const event = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
    expect(new Date(event.start).toISOString()).toBe('2026-03-08T06:30:00.000Z');
    expect(new Date(event.end!).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('feeds upcoming jams of a series with its time zone, across a DST change', async () => {
    await host.post(`/api/series/${seriesSlug}/jams`, { title: 'Next spring', startsAtLocal: '2027-03-14T01:30', durationMin: 90, questions: [] });
    const text = String((await host.get(`/api/series/${seriesSlug}/calendar.ics`)).body);
    expect(text).toContain('BEGIN:VTIMEZONE');
    const events = Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const next = events.find((e) => String(e.summary).includes('Next spring'))!;
    expect(new Date(next.start).toISOString()).toBe('2027-03-14T06:30:00.000Z');
    expect(new Date(next.end!).toISOString()).toBe('2027-03-14T08:00:00.000Z');
    expect(JSON.stringify(next.url)).toMatch(/\/jams\//);
    // A jam from months ago is no longer in the feed; last week's would be.
    expect(events.some((e) => String(e.summary).includes('DST night'))).toBe(false);
  });
});

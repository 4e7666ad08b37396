import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { SearchHit, TranscriptRows } from '../../shared/archive.ts';
import type { MessageView, Transcript } from '../../shared/model.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

let server: RunningServer;
let host: ApiClient;
let jamSlug: string;
const posted: MessageView[] = [];
let hiddenId: string;

beforeAll(async () => {
  server = await startTestServer();
  host = await new ApiClient(server.url).signUp('archhost', 'Archie Host');
  const panelist = await new ApiClient(server.url).signUp('archpanel', 'Pat <b>Panel</b>');
  const reader = await new ApiClient(server.url).signUp('archread');
  const series = await host.createSeries({ hashtag: 'archchat', name: 'Archive Chat' });
  const jam = await host.createJam(series.slug, {
    live: true,
    title: 'Customer <script>alert(1)</script> journeys',
    panelists: ['archpanel'],
    questions: [
      { text: 'What is a journey map?', offsetMin: 0 },
      { text: 'Which tools, "really"?', offsetMin: 20 },
    ],
  });
  jamSlug = jam.slug;
  const say = async (who: ApiClient, text: string, replyTo?: string) => {
    const res = await who.postMessage(jamSlug, text, { replyTo });
    posted.push(res.body.message);
    return res.body.message;
  };
  const a1 = await say(panelist, 'A1: a picture of every step, see https://example.com/maps?a=1&b=2');
  await say(reader, 'agreed, =SUM(A1) is how I track it', a1.id);
  await host.post(`/api/jams/${jamSlug}/show`, { action: 'release_next' });
  await say(host, 'Q2: Which tools, "really"?');
  await say(reader, 'A2: spreadsheets, <img src=x onerror=alert(1)>');
  await say(reader, '=HYPERLINK("http://evil.example")');
  const off = await say(reader, 'A2: spam spam spam');
  hiddenId = off.id;
  await host.post(`/api/jams/${jamSlug}/messages/${off.id}/moderation`, { action: 'hide', reason: 'spam' });
  await host.post(`/api/jams/${jamSlug}/show`, { action: 'end' });
});
afterAll(() => server.close());

const visible = () => posted.filter((m) => m.id !== hiddenId);

describe('the archive', () => {
  it('JSON groups answers under their question and replies under their parent', async () => {
    const { body } = await host.get<Transcript>(`/api/jams/${jamSlug}/transcript.json`);
    expect(body.messageCount).toBe(5);
    expect(body.sections.map((s) => s.question?.n)).toEqual([1, 2]);
    const [q1, q2] = body.sections;
    expect(q1!.threads).toHaveLength(1);
    expect(q1!.threads[0]!.message.id).toBe(posted[0]!.id);
    expect(q1!.threads[0]!.replies.map((r) => r.message.id)).toEqual([posted[1]!.id]);
    expect(q2!.threads.map((t) => t.message.id)).toEqual([posted[2]!.id, posted[3]!.id, posted[4]!.id]);
  });

  it('pages the transcript as rows in reading order, with the outline, and finds the page of a permalinked message', async () => {
    const pages: TranscriptRows[] = [];
    for (let offset = 0; offset === 0 || offset < pages[0]!.rowCount; offset += 2) pages.push((await host.get<TranscriptRows>(`/api/jams/${jamSlug}/transcript/rows?offset=${offset}&limit=2`)).body);
    const first = pages[0]!;
    expect(first).toMatchObject({ messageCount: 5, rowCount: 7, messageRow: null });
    expect(first.sections.map((s) => [s.question?.n, s.row, s.messages])).toEqual([
      [1, 0, 2],
      [2, 3, 3],
    ]);
    const rows = pages.flatMap((page) => page.rows.map((row) => (row.kind === 'question' ? `Q${row.n}` : `${row.message.id}@${row.depth}`)));
    expect(rows).toEqual(['Q1', `${posted[0]!.id}@0`, `${posted[1]!.id}@1`, 'Q2', ...[2, 3, 4].map((i) => `${posted[i]!.id}@0`)]);
    expect(rows.join()).not.toContain(hiddenId);

    const around = (await host.get<TranscriptRows>(`/api/jams/${jamSlug}/transcript/rows?message=${posted[4]!.id}&limit=2`)).body;
    expect(around.messageRow).toBe(6);
    expect(around.rows.map((row) => row.kind === 'message' && row.message.id)).toContain(posted[4]!.id);
    // Hidden (or not in this jam): no row, and the page from the top.
    expect((await host.get<TranscriptRows>(`/api/jams/${jamSlug}/transcript/rows?message=${hiddenId}`)).body).toMatchObject({ messageRow: null, offset: 0 });
  });

  it('every visible message appears in every export, under the right question, and hidden ones in none', async () => {
    const md = (await host.get(`/api/jams/${jamSlug}/transcript.md`)).body as unknown as string;
    const html = (await host.get(`/api/jams/${jamSlug}/transcript.html`)).body as unknown as string;
    const csv = (await host.get(`/api/jams/${jamSlug}/transcript.csv`)).body as unknown as string;
    for (const m of visible()) {
      expect(csv).toContain(m.id);
      expect(html).toContain(`id="m-${m.id}"`);
      expect(md).toContain(`/m/${m.id}`);
    }
    for (const doc of [md, html, csv]) expect(doc).not.toContain('spam spam');
    // Under the right question: each message's position falls between its heading and the next.
    const q2At = md.indexOf('## Q2');
    expect(md.indexOf(`/m/${posted[0]!.id}`)).toBeLessThan(q2At);
    expect(md.indexOf(`/m/${posted[3]!.id}`)).toBeGreaterThan(q2At);
    const hq2 = html.indexOf('id="q2"');
    expect(html.indexOf(`m-${posted[1]!.id}`)).toBeLessThan(hq2);
    expect(html.indexOf(`m-${posted[3]!.id}`)).toBeGreaterThan(hq2);
  });

  it('the HTML export is self-contained and inert', async () => {
    const res = await host.get(`/api/jams/${jamSlug}/transcript.html`);
    const html = res.body as unknown as string;
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Pat &lt;b&gt;Panel&lt;/b&gt;');
    expect(html).toContain('Customer &lt;script&gt;alert(1)&lt;/script&gt; journeys');
    expect(html).toContain('<a href="https://example.com/maps?a=1&amp;b=2" rel="nofollow noopener noreferrer ugc">');
  });

  it('the CSV defuses spreadsheet formulas and quotes properly', async () => {
    const csv = (await host.get(`/api/jams/${jamSlug}/transcript.csv`)).body as unknown as string;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('seq,id,created_at,question,author_handle,author_name,author_role,source,reply_to,featured,text,permalink,question_asked,kind,votes');
    expect(lines).toHaveLength(6);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") #archchat"`);
    expect(csv).toContain('"Q2: Which tools, ""really""? #archchat"');
    expect(csv).toContain('agreed, =SUM(A1) is how I track it');
  });

  it('search finds archived answers with their jam, question and permalink', async () => {
    const res = await host.get<{ hits: SearchHit[] }>('/api/search?q=spreadsheets');
    expect(res.body.hits).toHaveLength(1);
    expect(res.body.hits[0]).toMatchObject({ jam: { slug: jamSlug, hashtag: '#archchat' }, question: { n: 2, text: 'Which tools, "really"?' }, permalink: `/jams/${jamSlug}/m/${posted[3]!.id}` });
    expect((await host.get<{ hits: SearchHit[] }>('/api/search?q=spam')).body.hits).toHaveLength(0);
    expect((await host.get<{ hits: SearchHit[] }>('/api/search?q=spread')).body.hits.map((h) => h.message.id)).toEqual([posted[3]!.id]);
    expect((await host.get<{ hits: SearchHit[] }>('/api/search?q=%22OR%20NEAR(')).status).toBe(200);
  });

  it('lists the jam as ended with its hashtag', async () => {
    const res = await host.get<{ jams: { slug: string; status: string; series: { hashtag: string } }[] }>('/api/jams?status=ended');
    expect(res.body.jams.find((j) => j.slug === jamSlug)).toMatchObject({ status: 'ended', series: { hashtag: '#archchat' } });
    const series = await host.get<{ series: { slug: string; hashtag: string }[] }>('/api/series');
    expect(series.body.series).toContainEqual(expect.objectContaining({ slug: 'archchat', hashtag: '#archchat' }));
  });
});

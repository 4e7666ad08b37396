import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecapDraftView, RecapSummary, RecapView } from '../../shared/recaps.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

describe('recap stories', () => {
  let server: RunningServer;
  let host: ApiClient;
  let guest: ApiClient;
  let slug: string;
  let seriesSlug: string;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    host = await new ApiClient(server.url).signUp('recaphost', 'Rae Host');
    guest = await new ApiClient(server.url).signUp('recapguest', 'Gus Guest');
    const series = await host.createSeries({ name: 'Checkout chat', hashtag: '#checkoutchat' });
    seriesSlug = series.slug;
    const jam = await host.createJam(series.slug, { title: 'Abandoned carts', live: true });
    slug = jam.slug;
    for (const text of ['A1: shipping costs surprise people', 'A1: forced sign-up kills it', 'Side note about coffee']) {
      const posted = await guest.postMessage(slug, text);
      ids.push(posted.body.message.id);
    }
    await host.post(`/api/jams/${slug}/messages/${ids[0]}/moderation`, { action: 'feature' });
  });
  afterAll(() => server.close());

  it('is only written once the jam has ended, and only by its hosts', async () => {
    expect((await host.get(`/api/jams/${slug}/recap/draft`)).status).toBe(409);
    await host.post(`/api/jams/${slug}/show`, { action: 'end' });
    expect((await guest.get(`/api/jams/${slug}/recap/draft`)).status).toBe(403);
    expect((await new ApiClient(server.url).get(`/api/jams/${slug}/recap/draft`)).status).toBe(401);
  });

  it('starts from the featured answers grouped under their question', async () => {
    const { body } = await host.get<{ draft: RecapDraftView }>(`/api/jams/${slug}/recap/draft`);
    expect(body.draft.version).toBe(1);
    expect(body.draft.content.blocks).toEqual([
      { kind: 'heading', text: 'Q1: What brought you here?' },
      { kind: 'quote', messageId: ids[0] },
    ]);
  });

  it('saves drafts with a version and refuses a stale one as a conflict', async () => {
    const content = { cover: 'Carts, costs and coffee', blocks: [{ kind: 'heading', text: 'Why carts are left' }, { kind: 'quote', messageId: ids[1] }, { kind: 'note', text: 'Everyone agreed.' }, { kind: 'quote', messageId: ids[0] }] };
    const first = await host.request<{ draft: RecapDraftView }>('PUT', `/api/jams/${slug}/recap/draft`, { ...content, version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.draft.version).toBe(2);
    const stale = await host.request('PUT', `/api/jams/${slug}/recap/draft`, { ...content, cover: 'other tab', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.field).toBe('version');
    const foreign = await host.request('PUT', `/api/jams/${slug}/recap/draft`, { cover: '', blocks: [{ kind: 'quote', messageId: 'notAMessage1' }], version: 2 });
    expect(foreign.status).toBe(400);
  });

  it('publishes versions at a permalink, with Markdown and self-contained HTML exports', async () => {
    expect((await new ApiClient(server.url).get(`/api/jams/${slug}/recap`)).status).toBe(404);
    expect((await host.post(`/api/jams/${slug}/recap/publish`, { version: 1 })).status).toBe(409);
    const published = await host.post<{ recap: RecapView }>(`/api/jams/${slug}/recap/publish`, { version: 2 });
    expect(published.status).toBe(201);
    const { body } = await new ApiClient(server.url).get<{ recap: RecapView }>(`/api/jams/${slug}/recap`);
    expect(body.recap.version).toBe(1);
    expect(body.recap.cover).toBe('Carts, costs and coffee');
    expect(body.recap.blocks.map((b) => b.kind)).toEqual(['heading', 'quote', 'note', 'quote']);

    const md = await new ApiClient(server.url).get<string>(`/api/jams/${slug}/recap.md`);
    expect(md.body).toContain('## Why carts are left');
    expect(md.body).toMatch(/> \*\*@recapguest\*\* \d+:\d\d.*forced sign-up kills it.*\(\[link\]\(http:\/\/127\.0\.0\.1:\d+\/jams\/.+\/m\//);
    const html = await new ApiClient(server.url).get<string>(`/api/jams/${slug}/recap.html`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body).toContain('Gus Guest');
    expect(html.body).not.toContain('<script');

    // A second publication is a new version; the permalink shows it.
    const saved = await host.request<{ draft: RecapDraftView }>('PUT', `/api/jams/${slug}/recap/draft`, { cover: 'Carts, costs and coffee (updated)', blocks: body.recap.blocks.map((b) => (b.kind === 'quote' ? { kind: 'quote', messageId: b.message.id } : b)), version: 2 });
    await host.post(`/api/jams/${slug}/recap/publish`, { version: saved.body.draft.version });
    expect((await host.get<{ recap: RecapView }>(`/api/jams/${slug}/recap`)).body.recap.version).toBe(2);
  });

  it('drops a quote hidden after publication and tells the host', async () => {
    await host.post(`/api/jams/${slug}/messages/${ids[1]}/moderation`, { action: 'hide', reason: 'off-topic' });
    const { body } = await host.get<{ recap: RecapView }>(`/api/jams/${slug}/recap`);
    expect(body.recap.blocks.filter((b) => b.kind === 'quote').map((b) => b.kind === 'quote' && b.message.id)).toEqual([ids[0]]);
    const draft = (await host.get<{ draft: RecapDraftView }>(`/api/jams/${slug}/recap/draft`)).body.draft;
    expect(draft.hiddenSincePublish.map((h) => h.id)).toEqual([ids[1]]);
    const acked = await host.post<{ draft: RecapDraftView }>(`/api/jams/${slug}/recap/hidden-notice/ack`);
    expect(acked.body.draft.hiddenSincePublish).toEqual([]);
  });

  it('is listed on its series and found by search', async () => {
    const listed = await guest.get<{ recaps: RecapSummary[] }>(`/api/series/${seriesSlug}/recaps`);
    expect(listed.body.recaps.map((r) => r.jamSlug)).toEqual([slug]);
    const found = await guest.get<{ recaps: RecapSummary[] }>(`/api/recaps?q=${encodeURIComponent('costs and coffee')}`);
    expect(found.body.recaps.map((r) => r.permalink)).toEqual([`/jams/${slug}/recap`]);
    expect((await guest.get<{ recaps: RecapSummary[] }>('/api/recaps?q=zebra')).body.recaps).toEqual([]);
  });
});

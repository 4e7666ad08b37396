import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedSettingsView, OEmbedResponse } from '../../shared/embeds.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

describe('embeds, oEmbed and page meta', () => {
  let server: RunningServer;
  let host: ApiClient;
  let slug: string;
  let seriesSlug: string;

  beforeAll(async () => {
    // A stand-in client build: these tests are about what the server wraps around index.html.
    const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tj-client-'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><html><head><title>TweetJam</title></head><body><div id="root"></div></body></html>');
    server = await startTestServer({ clientDir });
    host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries({ name: 'Embed <chat>' });
    seriesSlug = series.slug;
    slug = (await host.createJam(series.slug, { title: 'Widgets & "frames"' })).slug;
  });
  afterAll(() => server.close());

  it('answers oEmbed JSON for a jam link with the live widget, sized within maxwidth', async () => {
    const url = `${server.url}/jams/${slug}`;
    const res = await new ApiClient(server.url).get<OEmbedResponse>(`/oembed?url=${encodeURIComponent(url)}&maxwidth=320`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'TweetJam', width: 320, height: 600, author_name: 'Embed <chat>' });
    expect(res.body.html).toContain(`<iframe src="${server.url}/embed/jams/${slug}"`);
    expect(res.body.html).toContain('Widgets &amp; &quot;frames&quot;');
    expect((await new ApiClient(server.url).get(`/oembed?url=${encodeURIComponent('https://elsewhere.example/jams/' + slug)}`)).status).toBe(404);
    expect((await new ApiClient(server.url).get(`/oembed?url=${encodeURIComponent(url)}&format=xml`)).status).toBe(501);
  });

  it('serves jam pages with Open Graph tags and an oEmbed discovery link for unfurlers', async () => {
    const res = await fetch(`${server.url}/jams/${slug}`);
    const html = await res.text();
    expect(html).toContain('<meta property="og:title" content="Widgets &amp; &quot;frames&quot; (');
    expect(html).toMatch(/<link rel="alternate" type="application\/json\+oembed" href="[^"]+\/oembed\?url=/);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('lets only the series\' listed sites frame the embed pages; the rest of the app refuses framing', async () => {
    const open = await fetch(`${server.url}/embed/jams/${slug}`);
    expect(open.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(open.headers.get('x-frame-options')).toBeNull();

    const saved = await host.request<{ embed: EmbedSettingsView }>('PUT', `/api/series/${seriesSlug}/embed`, { framing: 'listed', origins: ['https://blog.example.com/some/page'] });
    expect(saved.body.embed).toEqual({ framing: 'listed', origins: ['https://blog.example.com'] });
    const listed = await fetch(`${server.url}/embed/jams/${slug}/card`);
    expect(listed.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://blog.example.com");

    expect((await host.request('PUT', `/api/series/${seriesSlug}/embed`, { framing: 'listed', origins: ['javascript:alert(1)'] })).status).toBe(400);
    const stranger = await new ApiClient(server.url).signUp();
    expect((await stranger.request('PUT', `/api/series/${seriesSlug}/embed`, { framing: 'anywhere' })).status).toBe(403);

    const home = await fetch(`${server.url}/`);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

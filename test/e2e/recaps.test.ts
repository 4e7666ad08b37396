import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OEmbedResponse } from '../../shared/embeds.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, CHROMIUM, launchChromium, seriousViolations } from './browser.ts';

/**
 * After the jam: a host builds and publishes a recap in the browser; readers open it; a blog on
 * another origin embeds the live widget from the oEmbed answer and sees the chat move.
 */
const available = fs.existsSync(CHROMIUM);
const SHOTS = process.env.TJ_SCREENSHOTS; // a folder to keep screenshots in (looked at by a person)

describe.skipIf(!available)('recaps and embeds in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let blog: http.Server;
  let blogOrigin = '';
  let blogHtml = '';
  let host: ApiClient;
  let guest: ApiClient;
  let seriesSlug = '';
  let endedSlug = '';
  let liveSlug = '';
  const ids: string[] = [];

  beforeAll(async () => {
    const clientDir = await buildClient();
    // No SMTP here: mail stays in the outbox, and its operator page is on (as with --demo).
    server = await startTestServer({ clientDir, mail: { outboxPage: true } });
    host = await new ApiClient(server.url).signUp('rita_recap', 'Rita Recap');
    guest = await new ApiClient(server.url).signUp('gil_guest', 'Gil Guest');
    const series = await host.createSeries({ name: 'Care chat', hashtag: '#carechat' });
    seriesSlug = series.slug;
    endedSlug = (await host.createJam(series.slug, { title: 'Support as a product', live: true })).slug;
    for (const text of ['A1: tickets are research', 'A1: measure time to resolution', 'A1: coffee helps']) ids.push((await guest.postMessage(endedSlug, text)).body.message.id);
    await host.post(`/api/jams/${endedSlug}/messages/${ids[0]}/moderation`, { action: 'feature' });
    await host.post(`/api/jams/${endedSlug}/show`, { action: 'end' });
    liveSlug = (await host.createJam(series.slug, { title: 'Live widget jam', live: true })).slug;

    // "A blog": another site (localhost vs 127.0.0.1), serving whatever page the test sets.
    blog = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(blogHtml));
    await new Promise<void>((resolve) => blog.listen(0, '127.0.0.1', resolve));
    blogOrigin = `http://localhost:${(blog.address() as AddressInfo).port}`;

    browser = await launchChromium();
    context = await browser.newContext({ baseURL: server.url, bypassCSP: false, viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => blog?.close(resolve));
    await server?.close();
  });

  async function expectAccessible(p: Page) {
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: p.viewportSize() ?? undefined, storageState: await context.storageState() });
    const copy = await axeContext.newPage();
    await copy.goto(p.url());
    await copy.waitForLoadState('networkidle');
    expect(await seriousViolations(copy)).toEqual([]);
    await axeContext.close();
  }

  async function shoot(p: Page, name: string) {
    if (!SHOTS) return;
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await p.setViewportSize({ width: w, height: h });
      await p.screenshot({ path: `${SHOTS}/${name}-${w}.png`, fullPage: false });
    }
    await p.setViewportSize({ width: 1280, height: 800 });
  }

  it('a host picks, reorders and publishes a recap, with the keyboard', { timeout: 90_000 }, async () => {
    await page.goto(`/signin?next=/host/jams/${endedSlug}/recap`);
    await page.getByLabel('Handle', { exact: true }).fill('rita_recap');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Recap of “Support as a product”' }).waitFor();

    // The featured answer starts picked, under its question.
    const picked = page.getByRole('checkbox', { name: /tickets are research/ });
    expect(await picked.isChecked()).toBe(true);
    await page.getByText('All changes saved.').waitFor();
    await page.getByRole('checkbox', { name: /measure time to resolution/ }).check();
    await page.getByLabel('Cover line (shown under the title and in link previews)').fill('Support teams are researchers in disguise');
    await page.getByPlaceholder('Add a note').fill('Everyone agreed on this one.');
    await page.getByRole('button', { name: 'Add a note' }).click();

    // Move the note (block 4) up with the keyboard; focus follows the block.
    await page.getByRole('button', { name: 'Move block 4 up' }).focus();
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(focused).toBe('Move block 3 up');
    expect(await page.getByRole('list', { name: 'Recap blocks in reading order' }).locator('li').nth(2).textContent()).toContain('Everyone agreed');

    await page.getByText('All changes saved.').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published version 1.').waitFor();
  });

  it('readers get the recap page with Open Graph tags, and find it from the series and the archive', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: /View the published recap/ }).click();
    await page.getByRole('heading', { name: 'Support as a product' }).waitFor();
    await page.getByText('Support teams are researchers in disguise').waitFor();
    const quotes = await page.locator('blockquote').allTextContents();
    expect(quotes.map((q) => q.replace(/\s+/g, ' '))).toEqual([expect.stringContaining('tickets are research'), expect.stringContaining('measure time to resolution')]);
    await expectAccessible(page);
    await shoot(page, 'recap');

    const raw = await (await fetch(`${server.url}/jams/${endedSlug}/recap`)).text();
    expect(raw).toContain('<meta property="og:description" content="Support teams are researchers in disguise">');
    expect(raw).toContain('type="application/json+oembed"');

    await page.goto(`/series/${seriesSlug}`);
    await page.getByRole('heading', { name: 'Recaps' }).waitFor();
    await page.goto(`/jams/${endedSlug}`);
    await page.getByRole('link', { name: 'Read the recap' }).waitFor();
  });

  it('a blog on another origin embeds the live widget from the oEmbed answer', { timeout: 90_000 }, async () => {
    // The host allows the blog from the embed code generator on the series page.
    await page.goto(`/series/${seriesSlug}`);
    const embed = page.getByRole('region', { name: 'Embed on your site' });
    await embed.getByLabel('Only these sites').check();
    await embed.getByLabel(/Site addresses/).fill(blogOrigin);
    await embed.getByRole('button', { name: 'Save embedding' }).click();
    await embed.getByText(`Saved: only ${blogOrigin} may embed them.`).waitFor();
    await expectAccessible(page);

    const res = await fetch(`${server.url}/oembed?url=${encodeURIComponent(`${server.url}/jams/${liveSlug}`)}&format=json`);
    expect(res.status).toBe(200);
    const oembed = (await res.json()) as OEmbedResponse;
    expect(oembed).toMatchObject({ version: '1.0', type: 'rich', provider_name: 'TweetJam', width: 400, height: 600, title: 'Live widget jam (#carechat)' });
    expect(oembed.html).toContain(`src="${server.url}/embed/jams/${liveSlug}"`);

    blogHtml = `<!doctype html><html lang="en"><head><title>A blog</title></head><body><h1>Our chat, live</h1>${oembed.html}</body></html>`;
    const reader = await context.newPage();
    await reader.goto(blogOrigin);
    const frame = await waitForFrame(reader, `/embed/jams/${liveSlug}`);
    await frame.getByText('What brought you here?').waitFor();
    // Signed in on TweetJam, but the session cookie does not cross sites: no composer, a join link.
    await frame.getByRole('link', { name: 'Join the chat on TweetJam' }).waitFor();
    expect(await frame.getByRole('textbox').count()).toBe(0);
    await guest.postMessage(liveSlug, 'A1: hello from the blog widget test');
    await frame.getByText('A1: hello from the blog widget test').waitFor();
    await shoot(reader, 'widget');
    await reader.close();
    // The embed pages themselves, opened directly, pass axe too.
    await page.goto(`/embed/jams/${liveSlug}`);
    await page.getByText('What brought you here?').waitFor();
    await expectAccessible(page);
    await page.goto(`/embed/jams/${endedSlug}/card`);
    await page.getByRole('link', { name: 'Read the recap' }).waitFor();
    await expectAccessible(page);
  });

  it('a host adds an email address and confirms it with the link from the outbox', { timeout: 90_000 }, async () => {
    await page.goto('/account');
    await page.getByLabel('Email address').fill('rita@example.org');
    await page.getByRole('button', { name: 'Save and send a confirmation link' }).click();
    await page.getByText('We sent a confirmation link to rita@example.org').waitFor();
    await expectAccessible(page);
    await shoot(page, 'account');

    await page.goto('/outbox');
    await page.getByRole('heading', { name: 'Confirm your email for TweetJam' }).waitFor();
    await page.getByRole('button', { name: 'Show the mail' }).first().click();
    await expectAccessible(page);
    const text = (await page.locator('.mail-text').first().textContent()) ?? '';
    const link = /http:\/\/\S+\/account\/verify\?token=\S+/.exec(text)![0];
    await page.goto(link);
    await page.getByText('Your email address is confirmed.').waitFor();
    await page.goto('/account');
    await page.getByText('rita@example.org is confirmed.').waitFor();

    await page.goto('/reset-password');
    await page.getByLabel('Your handle or email address').waitFor();
    await expectAccessible(page);
  });

  it('a site the series did not list cannot frame the widget', { timeout: 90_000 }, async () => {
    const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${server.url}/embed/jams/${liveSlug}" title="w"></iframe>`));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const reader = await context.newPage();
    const refused = reader.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
    await reader.goto(`http://localhost:${(other.address() as AddressInfo).port}`);
    expect((await refused).text()).toContain('frame-ancestors');
    await reader.close();
    await new Promise((resolve) => other.close(resolve));
  });
});

async function waitForFrame(page: Page, path: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes(path));
    if (frame) return frame;
    await page.waitForEvent('frameattached', { timeout: 5000 }).catch(() => undefined);
  }
  throw new Error(`no frame for ${path}`);
}

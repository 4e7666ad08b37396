import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { JamView, SeriesView } from '../../shared/model.ts';
import { startMockBluesky, type MockBluesky } from '../support/mockBluesky.ts';
import { startMockMastodon, type MockMastodon } from '../support/mockMastodon.ts';
import { ApiClient, networksServer } from '../support/networkBridges.ts';
import { buildClient, CHROMIUM, launchChromium, seriousViolations } from './browser.ts';

/**
 * A host links Bluesky (app password) and Mastodon (consent on the instance) from the series page,
 * a lurker sees each bridged post marked with its network, live and in the archive, and a host bans
 * a bridged author from the console.
 * TJ_SCREENSHOTS=<dir> saves what each page looked like there (outside the repository).
 */
const available = fs.existsSync(CHROMIUM);
const shots = process.env.TJ_SCREENSHOTS;

describe.skipIf(!available)('bridges in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let bluesky: MockBluesky;
  let mastodon: MockMastodon;
  let owner: ApiClient;
  let series: SeriesView;
  let jam: JamView;
  let host: Page;

  beforeAll(async () => {
    const clientDir = await buildClient();
    [bluesky, mastodon] = await Promise.all([startMockBluesky(), startMockMastodon()]);
    // No fixed callback: the server derives it from the request, so the instance sends the browser back here.
    server = await networksServer({ blueskyService: bluesky.url, mastodonCallbackUrl: null }, { clientDir });
    browser = await launchChromium();
    owner = await new ApiClient(server.url).signUp();
    series = await owner.createSeries();
    jam = await owner.createJam(series.slug, { live: true, questions: [{ text: 'What brought you here?', offsetMin: 0 }] });
    const context = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } });
    host = await context.newPage();
    await host.goto('/signin');
    await host.getByLabel('Handle', { exact: true }).fill(owner.user!.handle);
    await host.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await host.getByRole('button', { name: 'Sign in' }).click();
    await host.getByText(`@${owner.user!.handle}`).first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([bluesky?.close(), mastodon?.close()]);
  });

  async function snap(page: Page, name: string) {
    if (!shots) return;
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  }

  it('the owner links Bluesky with an app password and sees it working; a wrong password is explained', async () => {
    await host.goto(`/host/series/${series.slug}`);
    const card = host.getByRole('region', { name: 'Bluesky' });
    await card.getByLabel('Bluesky handle').waitFor();
    expect(await seriousViolations(host)).toEqual([]);
    await snap(host, 'series-unlinked-1280');
    await card.getByLabel('Bluesky handle').fill('jamhost.bsky.social');
    await card.getByLabel('App password').fill('my-real-password');
    await card.getByRole('button', { name: 'Link Bluesky' }).click();
    await card.getByRole('alert').getByText('app password').waitFor();

    await card.getByLabel('App password').fill(bluesky.appPassword('jamhost.bsky.social'));
    await card.getByRole('button', { name: 'Link Bluesky' }).click();
    await card.getByText('Working').waitFor();
    await card.getByText('@jamhost.bsky.social').waitFor();
    await card.getByLabel(/Also post my own messages to Bluesky/).check();
    await expect.poll(async () => (await owner.get<{ bridges: { network: string; mirror: boolean }[] }>(`/api/series/${series.slug}/bridges`)).body.bridges.find((b) => b.network === 'bluesky')?.mirror).toBe(true);
    expect(await seriousViolations(host)).toEqual([]);
  });

  it('the owner links Mastodon by consenting on the instance and comes back to the series page', async () => {
    // The instance's consent screen: the person approves, the instance redirects to the callback.
    await host.route(`${mastodon.url}/oauth/authorize**`, async (route) => {
      const url = route.request().url();
      const { code, state } = mastodon.approve(url);
      const back = new URL(new URL(url).searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state }).toString();
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    const card = host.getByRole('region', { name: 'Mastodon' });
    await card.getByLabel('Your Mastodon instance').fill(mastodon.url);
    await card.getByRole('button', { name: 'Continue to my instance' }).click();
    await host.waitForURL(/bridge=mastodon&outcome=linked/);
    const linked = host.getByRole('region', { name: 'Mastodon' });
    await linked.getByText(/Mastodon is linked as @jamhost@/).waitFor();
    await linked.getByText('Working').waitFor();
    expect(await seriousViolations(host)).toEqual([]);
    await snap(host, 'series-integrations-1280');
    await host.setViewportSize({ width: 390, height: 844 });
    await snap(host, 'series-integrations-390');
    await host.setViewportSize({ width: 1280, height: 800 });
  });

  it('on the live page, the host chooses to mirror their own posts to Mastodon', async () => {
    await host.goto(`/jams/${jam.slug}`);
    const panel = host.getByRole('region', { name: 'Your posts elsewhere' });
    await panel.getByLabel(/Also post my messages on Mastodon as @jamhost@/).check();
    await expect.poll(async () => (await owner.get<{ mirrors: { network: string; enabled: boolean }[] }>(`/api/series/${series.slug}/bridges/mirror`)).body.mirrors.find((m) => m.network === 'mastodon')?.enabled).toBe(true);
    expect(await seriousViolations(host)).toEqual([]);
    await snap(host, 'live-host-1280');
  });

  it('in the host console, a host bans a Bluesky author from their author menu, sees the ban listed with its network, and lifts it', async () => {
    const spam = bluesky.post('spammer.bsky.social', `A1: cheap followers here ${series.hashtag}`);
    await host.goto(`/host/jams/${jam.slug}`);
    const message = host.locator('.console-message', { hasText: 'cheap followers here' });
    await message.waitFor({ timeout: 15_000 });
    await message.getByRole('link', { name: 'Bluesky: open the original post' }).waitFor();
    await message.getByRole('button', { name: /: moderate this person$/ }).click();
    const menu = host.getByRole('group', { name: 'Moderate @spammer.bsky.social on Bluesky' });
    await menu.getByText('their Bluesky posts stop coming in').waitFor();
    await menu.getByLabel('Where').selectOption('series');
    await menu.getByLabel('Reason (kept in the audit log)').fill('follower spam');
    expect(await seriousViolations(host)).toEqual([]);
    await snap(host, 'console-ban-bridged-1280');
    await menu.getByRole('button', { name: 'Ban @spammer.bsky.social on Bluesky' }).click();
    await menu.getByText('Banned @spammer.bsky.social on Bluesky.').waitFor();
    const bans = (await owner.get<{ bans: { authorId: string; reason: string }[] }>(`/api/series/${series.slug}/network-bans`)).body.bans;
    expect(bans).toEqual([expect.objectContaining({ authorId: spam.author.did, reason: 'follower spam' })]);

    await host.getByRole('tab', { name: /^Moderation/ }).click();
    const listed = host.getByRole('region', { name: 'Muted and banned' }).getByRole('listitem').filter({ hasText: '@spammer.bsky.social' });
    await listed.getByText('Bluesky').waitFor();
    await listed.getByText(/banned in the series · follower spam/).waitFor();
    expect(await seriousViolations(host)).toEqual([]);
    await snap(host, 'console-bans-1280');
    await host.setViewportSize({ width: 390, height: 844 });
    await snap(host, 'console-bans-390');
    await host.setViewportSize({ width: 1280, height: 800 });
    await listed.getByRole('button', { name: 'Lift the ban of @spammer.bsky.social on Bluesky' }).click();
    await listed.waitFor({ state: 'detached' });
    expect((await owner.get<{ bans: unknown[] }>(`/api/series/${series.slug}/network-bans`)).body.bans).toEqual([]);
  });

  it('a lurker sees each bridged post marked with its network, live and in the archive', async () => {
    const lurker = await (await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } })).newPage();
    await lurker.goto(`/jams/${jam.slug}`);
    bluesky.post('ann.bsky.social', `A1: hello from Bluesky ${series.hashtag}`);
    const toot = mastodon.post('bob', `A1: hello from Mastodon ${series.hashtag}`);
    // The one by ann: the console test before this one brought in (and banned) another author's post.
    const fromBluesky = lurker.locator('article.message', { hasText: 'hello from Bluesky' }).getByRole('link', { name: 'Bluesky: open the original post' }).first();
    const fromMastodon = lurker.getByRole('link', { name: 'Mastodon: open the original post' }).first();
    await fromBluesky.waitFor({ timeout: 15_000 });
    await fromMastodon.waitFor({ timeout: 15_000 });
    expect(await fromMastodon.getAttribute('href')).toBe(toot.url);
    expect(await fromBluesky.getAttribute('href')).toMatch(/^https:\/\/bsky\.app\/profile\/ann\.bsky\.social\/post\//);
    expect(await seriousViolations(lurker)).toEqual([]);
    await snap(lurker, 'live-1280');
    await lurker.setViewportSize({ width: 390, height: 844 });
    await snap(lurker, 'live-390');

    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    await lurker.setViewportSize({ width: 1280, height: 800 });
    await lurker.goto(`/jams/${jam.slug}`);
    await lurker.getByRole('link', { name: 'Bluesky: open the original post' }).first().waitFor();
    await lurker.getByRole('link', { name: 'Mastodon: open the original post' }).first().waitFor();
    await snap(lurker, 'archive-1280');
  });
});

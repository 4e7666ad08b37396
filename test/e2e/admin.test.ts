import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, CHROMIUM, launchChromium, seriousViolations } from './browser.ts';

/**
 * A site operator at /admin: sees the escalated report, suspends its author from it, takes over a
 * series; axe-clean at desktop and phone sizes. Someone else at /admin is told it is not for them.
 * Screenshots go to SCREENSHOT_DIR (default: a temp folder), for people to look at.
 */
const hasClient = fs.existsSync(new URL('../../client/index.html', import.meta.url));
const available = fs.existsSync(CHROMIUM) && hasClient;
const shots = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-admin-shots-'));

describe.skipIf(!available)('site administration in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir, adminHandles: ['site_op'] });
    browser = await launchChromium();
    await new ApiClient(server.url).signUp('site_op', 'Sam Operator');
    const quiet = await new ApiClient(server.url).signUp('quiet_owner', 'Quinn Quiet');
    await quiet.createSeries({ name: 'Quiet chat', hashtag: 'quietchat' });
    const host = await new ApiClient(server.url).signUp('jam_host', 'Jo Host');
    const series = await host.createSeries({ name: 'Support chat', hashtag: 'supchat' });
    const jam = await host.createJam(series.slug, { live: true });
    const troll = await new ApiClient(server.url).signUp('troll_poster', 'Troll');
    await troll.post(`/api/series/${series.slug}/rules/accept`);
    const id = (await troll.postMessage(jam.slug, 'Buy followers now!!!')).body.message.id;
    for (let i = 0; i < 3; i++) {
      const reporter = await new ApiClient(server.url).signUp();
      await reporter.post(`/api/series/${series.slug}/rules/accept`);
      await reporter.post(`/api/jams/${jam.slug}/messages/${id}/report`, { reason: 'spam' });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(handle: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/signin');
    return page;
  }

  it('an operator suspends the author of an escalated report and takes over a series, at desktop size', async () => {
    const page = await signedIn('site_op', { width: 1280, height: 800 });
    await page.getByRole('link', { name: 'Site admin' }).click();
    await page.getByRole('heading', { name: 'Site administration' }).waitFor();
    await page.getByText('Buy followers now!!!').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'admin-1280x800.png'), fullPage: true });

    await page.getByRole('button', { name: 'Suspend @troll_poster…' }).click();
    await expect.poll(() => page.getByLabel('Handle', { exact: true }).inputValue()).toBe('troll_poster');
    await page.getByLabel(/^Reason/).fill('Spam in every series');
    await page.getByRole('button', { name: 'Suspend account' }).click();
    await page.getByRole('status').filter({ hasText: '@troll_poster is suspended' }).waitFor();
    await page.getByRole('button', { name: 'Lift suspension of @troll_poster' }).click();
    await page.getByText('No account is suspended.').waitFor();
    // The page says what happened last; the suspension's notice does not linger after the lift.
    await page.getByRole('status').filter({ hasText: 'Lifted the suspension of @troll_poster' }).waitFor();
    expect(await page.getByText('@troll_poster is suspended').count()).toBe(0);
    // Lifted, and still on record: the operator log shows both acts.
    const log = page.getByRole('region', { name: 'Operator log' });
    await log.getByText('@site_op lifted the suspension of @troll_poster').waitFor();
    await log.getByText(/@site_op suspended @troll_poster/).waitFor();
    await page.screenshot({ path: path.join(shots, 'admin-log-1280x800.png'), fullPage: true });

    await page.getByRole('button', { name: /^Take over Quiet chat/ }).click();
    await page.getByLabel('Why take over #quietchat? (recorded in its audit log)').fill('Owner unreachable since spring');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Become owner' }).click();
    // The card now says who owns it, with the way in.
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Quiet chat' }) });
    await card.getByText('owner @site_op').waitFor();
    await card.getByRole('link', { name: 'host console' }).click();
    await page.getByRole('heading', { name: /Quiet chat/ }).first().waitFor();
  }, 90_000);

  it('reads well on a phone', async () => {
    const page = await signedIn('site_op', { width: 390, height: 844 });
    await page.goto('/admin');
    await page.getByRole('heading', { name: /^All series/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(shots, 'admin-390x844.png'), fullPage: true });
  }, 90_000);

  it('anyone else finds no link, and /admin tells them it is for site operators', async () => {
    const page = await signedIn('jam_host', { width: 1280, height: 800 });
    expect(await page.getByRole('link', { name: 'Site admin' }).count()).toBe(0);
    await page.goto('/admin');
    await page.getByRole('alert').filter({ hasText: 'site operators' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 90_000);
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, CHROMIUM, expectAccessible, launchChromium } from './browser.ts';

/**
 * Archive search in the browser: a common word's pages load one after another until the oldest
 * hit ("Load more" keeps pace with the API's cursor), best-match order and the author filter from
 * the filters, and a transcript's search over its whole series.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)('archive search in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let phone: Page;
  let first: string;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-search-shots-'));

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    const host = await new ApiClient(server.url).signUp('lena_host', 'Lena Host');
    const guest = await new ApiClient(server.url).signUp('omar_guest', 'Omar Guest');
    const series = await host.createSeries({ name: 'Churn Chat', hashtag: 'churnchat' });
    first = (await host.createJam(series.slug, { live: true, title: 'Churn, part one' })).slug;
    const second = (await host.createJam(series.slug, { live: true, title: 'Churn, part two' })).slug;
    await guest.postMessage(first, 'The oldest word on retention comes first');
    for (let i = 1; i <= 40; i++) await (i % 4 === 0 ? guest : host).postMessage(i % 2 ? first : second, `retention note ${i}: keep the customers you already have`);
    await host.postMessage(second, 'retention retention retention');
    for (const slug of [first, second]) await host.post(`/api/jams/${slug}/show`, { action: 'end' });
    browser = await launchChromium();
    const desktop = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } });
    const small = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 390, height: 844 } });
    contexts.push(desktop, small);
    page = await desktop.newPage();
    phone = await small.newPage();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });

  it('loads more pages, newest first, until the oldest hit and no further', async () => {
    await page.goto('/');
    await page.getByLabel('Search every message of every jam').fill('retention');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: '30+ messages match “retention”' }).waitFor();
    expect(await page.locator('.hits > li').count()).toBe(30);
    expect(await page.locator('.hits > li').first().textContent()).toContain('retention retention retention');
    await page.screenshot({ path: path.join(shots, 'home-search-1280.png') });
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByRole('heading', { name: '42 messages match “retention”' }).waitFor();
    expect(await page.locator('.hits > li').last().textContent()).toContain('The oldest word on retention comes first');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('orders by best match and filters by author from the filters', async () => {
    await page.goto('/');
    await page.getByLabel('Search every message of every jam').fill('retention');
    await page.getByText('Order and filters').click();
    await page.getByLabel('Order').selectOption('relevance');
    await page.getByLabel('By').fill('@omar_guest');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('heading', { name: '11 messages match “retention”' }).waitFor();
    const handles = await page.locator('.hits > li .small').allTextContents();
    expect(handles.every((h) => h.includes('@omar_guest'))).toBe(true);
    await page.screenshot({ path: path.join(shots, 'home-filters-1280.png') });
    await expectAccessible(page);
  });

  it("a transcript searches its whole series, on a phone too", async () => {
    await phone.goto(`/jams/${first}`);
    await phone.getByLabel('Search', { exact: true }).fill('retention');
    await phone.getByLabel('Where to search').selectOption('series');
    await phone.getByRole('button', { name: 'Search', exact: true }).click();
    await phone.getByRole('heading', { name: /30\+ messages match “retention” in #churnchat/i }).waitFor();
    await phone.getByText('Churn, part two').first().waitFor();
    await phone.screenshot({ path: path.join(shots, 'archive-series-390.png') });
    await phone.getByRole('button', { name: 'Load more' }).click();
    await phone.getByRole('heading', { name: /^42 messages match/ }).waitFor();
    await expectAccessible(phone);
    console.log(`search screenshots in ${shots}`);
  });
});

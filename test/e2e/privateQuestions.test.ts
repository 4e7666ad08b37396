import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesView } from '../../shared/model.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, CHROMIUM, expectAccessible, launchChromium, signedInContext } from './browser.ts';

/**
 * A host keeps a jam's questions private from the console's jam form; the scheduled jam's page
 * then tells the audience the questions come at the start, shows them to the host marked as
 * hidden, and follows the host's flip of the setting without a reload.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)('private questions in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  let lurker: Page;
  let hostApi: ApiClient;
  let series: SeriesView;
  let slug: string;

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    hostApi = await new ApiClient(server.url).signUp('quinn_host', 'Quinn Host');
    await new ApiClient(server.url).signUp('pat_panel', 'Pat Panel');
    series = await hostApi.createSeries({ name: 'Product Chat', hashtag: 'prodq', timeZone: 'Europe/Berlin' });
    browser = await launchChromium();
    const hostContext = await signedInContext(browser, server.url, hostApi.token!);
    const lurkerContext = await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 390, height: 844 } });
    contexts.push(hostContext, lurkerContext);
    host = await hostContext.newPage();
    lurker = await lurkerContext.newPage();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await server?.close();
  });

  it('the jam form keeps the questions private with one clearly explained box', async () => {
    await host.goto(`/host/series/${series.slug}`);
    const form = host.getByRole('form', { name: 'New jam' });
    await form.getByLabel('Title', { exact: true }).fill('Pricing in the open');
    await form.getByLabel('Question 1', { exact: true }).fill('Who sets the price at your company?');
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByLabel('Question 2', { exact: true }).fill('What made you raise prices last?');
    await form.getByLabel('Panelists (handles, comma separated)').fill('@pat_panel');
    const toggle = form.getByRole('checkbox', { name: 'Show all questions to the audience in advance' });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await form.getByText('Each question appears when it is released; you, your co-hosts and panelists still see them all.').waitFor();
    await expectAccessible(host);
    await form.getByRole('button', { name: 'Create jam' }).click();
    await host.getByRole('heading', { name: 'Run the show' }).waitFor();
    slug = new URL(host.url()).pathname.split('/').pop()!;
    expect((await new ApiClient(server.url).get<{ jam: { questionsPublic: boolean; questions: unknown[] } }>(`/api/jams/${slug}`)).body.jam).toMatchObject({ questionsPublic: false, questions: [] });
  }, 60_000);

  it('the scheduled page tells the audience the questions come at the start, and shows the host them marked hidden', async () => {
    await lurker.goto(`/jams/${slug}`);
    await lurker.getByRole('heading', { level: 1, name: 'Pricing in the open' }).waitFor();
    await lurker.getByText(/2 questions planned\. The questions will be revealed when the jam starts/).waitFor();
    expect(await lurker.getByText('Who sets the price at your company?').count()).toBe(0);
    await expectAccessible(lurker);

    await host.goto(`/jams/${slug}`);
    await host.getByText('Who sets the price at your company?').waitFor();
    await host.getByText('Hidden from the audience: only hosts and panelists see these questions until each is released.').waitFor();
    expect(await host.locator('.question-plan .badge-private').count()).toBe(2);
    await expectAccessible(host);
  });

  it('the audience page follows the host making the questions public, without a reload', async () => {
    await host.goto(`/host/jams/${slug}`);
    await host.getByText('Edit title, start, length, panelists and who sees the questions').click();
    const form = host.getByRole('form', { name: 'Edit jam' });
    await form.getByRole('checkbox', { name: 'Show all questions to the audience in advance' }).check();
    await form.getByRole('button', { name: 'Save jam' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    await lurker.getByText('What made you raise prices last?').waitFor();
    expect(await lurker.locator('.questions-withheld').count()).toBe(0);
    await expectAccessible(lurker);
  });
});

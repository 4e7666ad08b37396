import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, whileCutOff } from '../support/harness.ts';
import { buildClient, CHROMIUM, expectAccessible, launchChromium, signUpInBrowser } from './browser.ts';

/**
 * The whole show in three browsers: a host plans and starts a jam, a panelist answers A1,
 * a lurker sees it in "This question" and "Panelists" within a second, and the archive keeps it.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)('a jam in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  let panelist: Page;
  let lurker: Page;
  let jamSlug = '';
  const answer = `A1: Support is a product when tickets become research ${Date.now().toString(36)}`;

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    browser = await launchChromium();
    // bypassCSP lets axe-core be injected even under the production Content-Security-Policy.
    for (let i = 0; i < 3; i++) contexts.push(await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    [host, panelist, lurker] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
    host.on('dialog', (dialog) => void dialog.accept());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signUp(page: Page, handle: string, name: string) {
    await page.goto('/signin');
    await expectAccessible(page);
    await signUpInBrowser(page, handle, name);
  }

  it('a host creates a jam with two questions and starts it', async () => {
    await signUp(panelist, 'pat_panel', 'Pat Panelist');
    await signUp(host, 'hank_host', 'Hank Host');

    await host.goto('/host');
    await host.getByRole('heading', { name: 'Host console' }).waitFor();
    await expectAccessible(host);
    await host.getByLabel('Name', { exact: true }).fill('Support Chat');
    await host.getByLabel('Hashtag (reserved for this series)', { exact: true }).fill('#supchat');
    await host.getByRole('button', { name: 'Create series' }).click();

    await host.getByRole('heading', { name: 'Plan a jam' }).waitFor();
    await expectAccessible(host);
    const form = host.getByRole('form', { name: 'New jam' });
    await form.getByLabel('Title', { exact: true }).fill('Support as a product');
    await form.getByLabel('Question 1', { exact: true }).fill('Is support a cost centre or a product?');
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByLabel('Question 2', { exact: true }).fill('How do you measure support quality?');
    await form.getByLabel('Panelists (handles, comma separated)', { exact: true }).fill('@pat_panel');
    await form.getByRole('button', { name: 'Create jam' }).click();

    await host.getByRole('heading', { name: 'Run the show' }).waitFor();
    jamSlug = host.url().split('/host/jams/')[1]!;
    await host.getByRole('button', { name: 'Start now' }).click();
    await host.getByRole('button', { name: 'Release Q2 now' }).waitFor();
    expect(await host.getByRole('region', { name: 'Current question' }).textContent()).toContain('Is support a cost centre or a product?');
    await expectAccessible(host);
  });

  it('a panelist answers A1 and a lurker sees it in "This question" and "Panelists" within a second', async () => {
    await lurker.goto(`/jams/${jamSlug}?cols=all,question,panelists`);
    await lurker.getByRole('heading', { name: 'This question (Q1)' }).waitFor();
    await lurker.getByText('You are watching as a lurker.').waitFor();
    expect(await lurker.getByRole('textbox', { name: 'Your post' }).count()).toBe(0);
    await expectAccessible(lurker);

    await panelist.goto(`/jams/${jamSlug}`);
    const composer = panelist.getByRole('textbox', { name: 'Your post' });
    await composer.waitFor();
    await composer.fill(answer.slice(4));
    await panelist.getByRole('button', { name: /Prefix with A1:/ }).click();
    expect(await composer.inputValue()).toBe(answer);
    expect(await panelist.locator('.preview-text').textContent()).toContain(`${answer} #supchat`);
    await expectAccessible(panelist);

    // Watch every frame: the answer must be visible the moment it enters the column, never
    // mounted hidden while the list settles (Virtuoso hides a list until it reaches its start).
    const firstSeen = lurker.waitForFunction(
      (text) => {
        const found = [...document.querySelectorAll('[data-column="question"] .message-text')].find((el) => el.textContent?.includes(text));
        return found ? (found.checkVisibility({ visibilityProperty: true }) ? 'visible' : 'hidden') : false;
      },
      answer,
      { polling: 'raf', timeout: 5000 },
    );
    await composer.press('Enter');
    const sentAt = Date.now();
    expect(await (await firstSeen).jsonValue()).toBe('visible');
    const question = lurker.locator('[data-column="question"]').getByText(answer);
    const panelists = lurker.locator('[data-column="panelists"]').getByText(answer);
    await question.waitFor({ timeout: 1000 });
    await panelists.waitFor({ timeout: Math.max(1, 1000 - (Date.now() - sentAt)) });
  });

  it('a column added by keyword lives in the URL, so the link reproduces the layout', async () => {
    await lurker.getByText('Add column').click();
    await lurker.getByLabel('Keyword', { exact: true }).fill('research');
    await lurker.getByRole('button', { name: 'Add', exact: true }).click();
    await lurker.getByRole('heading', { name: /“research”/ }).waitFor();
    expect(new URL(lurker.url()).searchParams.get('cols')).toBe('all,question,panelists,keyword:research');
    await lurker.getByRole('button', { name: /Move “research” left/ }).click();
    expect(new URL(lurker.url()).searchParams.get('cols')).toBe('all,question,keyword:research,panelists');

    const shared = await contexts[1]!.newPage();
    await shared.goto(new URL(lurker.url()).pathname + new URL(lurker.url()).search);
    await shared.locator('[data-column="keyword"]').getByText(answer).waitFor();
    const headings = await shared.locator('.column-head h2').allTextContents();
    expect(headings.map((h) => h.replace(/\s*\d+$/, ''))).toEqual(['All', 'This question (Q1)', '“research”', 'Panelists']);
    await shared.close();
  });

  it('pause holds the stream still and counts what arrived; resume shows it', async () => {
    await lurker.getByRole('button', { name: 'Pause' }).click();
    await panelist.getByRole('textbox', { name: 'Your post' }).fill('held while the lurker reads');
    await panelist.getByRole('textbox', { name: 'Your post' }).press('Enter');
    await lurker.getByRole('button', { name: 'Resume · 1 new' }).waitFor();
    expect(await lurker.locator('[data-column="all"]').getByText('held while the lurker reads').count()).toBe(0);
    await lurker.getByRole('button', { name: 'Resume · 1 new' }).click();
    await lurker.locator('[data-column="all"]').getByText('held while the lurker reads').waitFor();
  });

  it('a lurker cut off by the server reconnects and catches up what it missed', async () => {
    const session = (await contexts[1]!.cookies()).find((c) => c.name === 'tj_session')!;
    const api = new ApiClient(server.url);
    api.token = session.value;
    await whileCutOff(server, async () => {
      await api.postMessage(jamSlug, 'missed while offline, one');
      await api.postMessage(jamSlug, 'missed while offline, two');
    });
    await lurker.getByText(/Caught up \d+ missed/).waitFor();
    await lurker.locator('[data-column="all"]').getByText('missed while offline, two').waitFor();
    expect(await lurker.locator('[data-column="all"]').getByText('missed while offline, one').count()).toBe(1);
  });

  it('after the end the archive shows the answer under Q1, with a permalink that highlights it', async () => {
    await host.getByRole('button', { name: 'End jam' }).click();
    await host.getByRole('button', { name: 'End now' }).click();
    await host.getByText('This jam has ended.').waitFor();

    await lurker.goto(`/jams/${jamSlug}`);
    const q1 = lurker.locator('[data-question="1"]');
    await q1.getByText(answer).waitFor();
    expect(await lurker.locator('#q1').textContent()).toContain('Is support a cost centre or a product?');
    expect(await lurker.locator('[data-question="2"]').getByText(answer).count()).toBe(0);
    await expectAccessible(lurker);

    const permalink = await q1.locator('a.time').first().getAttribute('href');
    expect(permalink).toMatch(new RegExp(`^/jams/${jamSlug}/m/`));
    await lurker.goto(permalink!);
    const highlighted = lurker.locator('.message.highlighted');
    await highlighted.waitFor();
    expect(await highlighted.textContent()).toContain(answer);
    await expectAccessible(lurker);

    await lurker.goto('/');
    await lurker.getByRole('heading', { name: 'From the archive' }).waitFor();
    await lurker.getByRole('link', { name: 'Support as a product' }).waitFor();
    await expectAccessible(lurker);
  });
});

import fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, CHROMIUM, launchChromium, seriousViolations, signedInContext } from './browser.ts';

/**
 * Audience interaction in five browsers: a participant asks the panel, two others vote, the host
 * promotes the question to be the next one and releases it, a panelist answers it; then a poll
 * revealed by the host shows the same counts to every viewer, lurker included.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)('audience interaction in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: Page;
  let asker: Page;
  let voter: Page;
  let panelist: Page;
  let lurker: Page;
  let slug = '';
  const question = 'What is the one support metric you would never give up?';

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    browser = await launchChromium();
    const api = (handle: string, name: string) => new ApiClient(server.url).signUp(handle, name);
    const [hostApi, panelApi, askApi, voteApi] = await Promise.all([api('hana_host', 'Hana Host'), api('pia_panel', 'Pia Panel'), api('ash_asks', 'Ash Asker'), api('vic_votes', 'Vic Voter')]);
    const series = await hostApi.createSeries({ name: 'Support Chat' });
    const jam = await hostApi.createJam(series.slug, {
      live: true,
      title: 'Support as a product',
      questions: [
        { text: 'Is support a cost centre or a product?', offsetMin: 0 },
        { text: 'How do you measure support quality?', offsetMin: 40 },
      ],
      panelists: ['pia_panel'],
    });
    slug = jam.slug;
    for (const [client, viewport] of [
      [hostApi, { width: 1280, height: 800 }],
      [askApi, { width: 1280, height: 800 }],
      [voteApi, { width: 390, height: 844 }],
      [panelApi, { width: 1280, height: 800 }],
    ] as const) {
      contexts.push(await signedInContext(browser, server.url, client.token!, viewport));
    }
    contexts.push(await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    [host, asker, voter, panelist, lurker] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page, Page, Page];
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible(page: Page) {
    expect(await seriousViolations(page)).toEqual([]);
  }

  const audienceColumn = (page: Page) => page.locator('[data-column="audience"]');
  const questionItem = (page: Page) => audienceColumn(page).locator('.audience-question', { hasText: question });
  const votesOf = async (item: Locator) => Number(await item.locator('.votes-box strong').textContent());

  it('a participant asks the panel from the Audience questions column', async () => {
    for (const page of [asker, voter, panelist, lurker]) await page.goto(`/jams/${slug}?cols=all,audience,question`);
    await audienceColumn(lurker).getByText('No questions from the audience yet.').waitFor();
    await expectAccessible(lurker);

    await asker.getByLabel('Ask the panel a question').fill(question);
    await asker.getByRole('button', { name: 'Ask', exact: true }).click();
    await asker.getByText('Your question is in the list.').waitFor();
    await questionItem(asker).getByText('Your question').waitFor();
    // Nobody votes for their own question.
    expect(await questionItem(asker).getByRole('button', { name: /^Vote for/ }).count()).toBe(0);
    await questionItem(lurker).waitFor();
    await expectAccessible(asker);
  });

  it('others vote once each (a phone among them); every viewer sees the count go up, live', async () => {
    const voteButton = (page: Page) => questionItem(page).getByRole('button', { name: /^Vote for/ });
    await voteButton(voter).click();
    await questionItem(voter).getByRole('button', { name: /^Vote for/, pressed: true }).waitFor();
    await voteButton(panelist).click();
    await expect.poll(() => votesOf(questionItem(lurker)), { timeout: 5000 }).toBe(2);
    await expect.poll(() => votesOf(questionItem(asker)), { timeout: 5000 }).toBe(2);
    // Withdrawing and voting again still counts one vote per person.
    await voteButton(voter).click();
    await expect.poll(() => votesOf(questionItem(lurker)), { timeout: 5000 }).toBe(1);
    await questionItem(voter).getByRole('button', { name: /^Vote for/, pressed: false }).waitFor();
    await voteButton(voter).click();
    await expect.poll(() => votesOf(questionItem(lurker)), { timeout: 5000 }).toBe(2);
    await expectAccessible(voter);
  });

  it('the host promotes it to be the next question and releases it; everyone sees it on the banner with credit', async () => {
    await host.goto(`/host/jams/${slug}`);
    await host.getByRole('tab', { name: /Audience Q&A/ }).click();
    const item = host.locator('.audience-question', { hasText: question });
    await item.getByRole('button', { name: 'Make it the next question' }).click();
    await item.getByText('Asked as Q2').waitFor();
    await expectAccessible(host);
    await host.getByRole('tab', { name: /Run of show/ }).click();
    await host.getByRole('button', { name: 'Release Q2 now' }).click();

    for (const page of [lurker, panelist]) {
      const banner = page.getByRole('region', { name: 'Current question' });
      await banner.getByText(question).waitFor();
      await banner.getByText('Asked from the audience by Ash Asker').waitFor();
    }
    // "This question" keeps the reader's place and offers the switch.
    await lurker.getByRole('button', { name: 'Switch to Q2' }).click();
    await lurker.getByRole('heading', { name: /This question \(Q2\)/ }).waitFor();
  }, 60_000);

  it('a panelist answers it, and the answer lands under Q2; the panelist has the not-yet-answered queue beside the stream', async () => {
    await asker.getByRole('textbox', { name: 'Your post' }).fill('A2: we track time to first human reply');
    await asker.getByRole('textbox', { name: 'Your post' }).press('Enter');
    const queue = panelist.locator('.team-queue');
    await queue.locator('summary').click();
    await queue.getByText('A2: we track time to first human reply').waitFor();
    await queue.getByRole('button', { name: 'Boost Ash Asker’s post' }).click();
    await queue.getByText('Everyone has been acknowledged.').waitFor();
    expect(await lurker.locator('.team-queue').count()).toBe(0);
    const composer = panelist.getByRole('textbox', { name: 'Your post' });
    await composer.fill('A2: Time to a human who can fix it. Always.');
    await composer.press('Enter');
    await lurker.locator('[data-column="question"]').getByText('A2: Time to a human who can fix it. Always.').waitFor();
  }, 60_000);

  it('a poll with hidden results: people vote, the host reveals, and every viewer shows the same counts', async () => {
    await host.getByRole('tab', { name: /Audience Q&A/ }).click();
    const form = host.getByRole('form', { name: 'New poll' });
    await form.getByLabel('Poll question').fill('Which channel do customers prefer?');
    await form.getByLabel('Option 1', { exact: true }).fill('Chat');
    await form.getByLabel('Option 2', { exact: true }).fill('Email');
    await form.getByRole('button', { name: 'Add option' }).click();
    await form.getByLabel('Option 3', { exact: true }).fill('Phone');
    await form.getByRole('button', { name: 'Post poll' }).click();
    await form.getByText('The poll is open.').waitFor();

    const pollOn = (page: Page) => page.getByRole('region', { name: 'Polls' }).locator('.poll-card', { hasText: 'Which channel do customers prefer?' });
    const vote = async (page: Page, option: string) => {
      const poll = pollOn(page);
      await poll.getByLabel(option).check();
      await poll.getByRole('button', { name: 'Vote' }).click();
      await poll.getByText(`you chose “${option}”`).waitFor();
    };
    await vote(asker, 'Chat');
    await vote(voter, 'Chat');
    await vote(panelist, 'Phone');
    // Hidden until revealed: viewers see no counts; the host sees them in the console.
    await pollOn(lurker).getByText('results shown when the host reveals them').waitFor();
    expect(await pollOn(lurker).locator('.poll-result').count()).toBe(0);
    await expectAccessible(lurker);
    const hostPoll = host.locator('.poll-card', { hasText: 'Which channel do customers prefer?' });
    await hostPoll.getByText('3 votes').waitFor();

    await hostPoll.getByRole('button', { name: 'Reveal results to everyone' }).click();
    const expected = ['2 votes (67%)', '0 votes (0%)', '1 vote (33%)'];
    for (const page of [lurker, asker, voter, panelist]) {
      const poll = pollOn(page);
      await expect.poll(async () => poll.locator('.poll-result .small').allTextContents(), { timeout: 5000 }).toEqual(expected);
    }
    await expectAccessible(voter);
    await expectAccessible(host);
  }, 90_000);
});

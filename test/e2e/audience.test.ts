import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JamView, MessageView } from '../../shared/model.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, until, whileCutOff } from '../support/harness.ts';
import { buildClient, CHROMIUM, expectAccessible, launchChromium } from './browser.ts';

/**
 * The audience side in Chromium: the first minute (home, a live page that paints with messages,
 * an upcoming jam, not-found pages), participants (rules first, a persistent outbox, reply,
 * delete, report, mentions), lurkers (columns, "This question" that keeps its place, the author
 * menu, catching up, presence, the phone) and readers (links to the numbers, one time format,
 * search). axe-core runs on every page with 0 serious or critical violations allowed.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

const PASSWORD = 'correct horse battery';
const RULES = 'Be kind. Answer with A1:, A2: … so your answer lands under its question.';

describe.skipIf(!available)('the audience side in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let lurker: Page;
  let newbie: Page;
  let phone: Page;
  let host: ApiClient;
  let panelist: ApiClient;
  let live: JamView;
  let upcoming: JamView;

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    host = await new ApiClient(server.url).signUp('dana_host', 'Dana Host');
    panelist = await new ApiClient(server.url).signUp('pia_panel', 'Pia Panel');
    const series = await host.createSeries({ name: 'CX Chat', hashtag: 'cxaud', timeZone: 'America/New_York', rules: RULES });
    live = await host.createJam(series.slug, {
      title: 'Support as a product',
      live: true,
      questions: [
        { text: 'What makes help genuinely helpful?', offsetMin: 0 },
        { text: 'When should a bot hand over?', offsetMin: 30 },
        { text: 'What would you automate first?', offsetMin: 50 },
      ],
      panelists: ['pia_panel'],
    });
    await panelist.post(`/api/series/${series.slug}/rules/accept`);
    await host.post(`/api/series/${series.slug}/rules/accept`);
    for (const text of ['A1: It answers in the first sentence.', 'A1: Screenshots that match the product research shows.', 'A1: Short, with research behind it.']) {
      expect((await panelist.postMessage(live.slug, text)).status).toBe(201);
    }
    upcoming = (await host.post<{ jam: JamView }>(`/api/series/${series.slug}/jams`, {
      title: 'Onboarding that sticks',
      description: 'The first thirty days of a customer, and who is there for them.',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      questions: [
        { text: 'What must a customer achieve in week one?', offsetMin: 0 },
        { text: 'Who owns onboarding?', offsetMin: 20 },
      ],
    })).body.jam;
    browser = await launchChromium();
    // The reader lives in Paris, the series runs on New York time: both must show.
    const options = { baseURL: server.url, bypassCSP: true, timezoneId: 'Europe/Paris' };
    contexts.push(await browser.newContext({ ...options, viewport: { width: 1280, height: 800 } }));
    contexts.push(await browser.newContext({ ...options, viewport: { width: 1280, height: 800 } }));
    contexts.push(await browser.newContext({ ...options, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
    [lurker, newbie, phone] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page, handle: string) {
    await page.goto('/signin');
    await page.getByLabel('Handle', { exact: true }).fill(handle);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  const column = (page: Page, kind: string) => page.locator(`[data-column="${kind}"]`);

  describe('the first minute', () => {
    it('the home page says what a jam is and how to join or host one; "Host a jam" leads to sign-up, then the console', async () => {
      // A first visit asks nothing it cannot be answered: no 401 from /api/auth/me, no console error.
      const failures: string[] = [];
      const onResponse = (r: { status(): number; url(): string }) => r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`);
      const onConsole = (m: { type(): string; text(): string }) => m.type() === 'error' && failures.push(m.text());
      newbie.on('response', onResponse);
      newbie.on('console', onConsole);
      await newbie.goto('/', { waitUntil: 'networkidle' });
      await newbie.getByText(/A jam is an hour-long chat/).waitFor();
      newbie.off('response', onResponse);
      newbie.off('console', onConsole);
      expect(failures).toEqual([]);
      await newbie.getByText(/Join one by opening a live jam/).waitFor();
      expect(await newbie.getByRole('link', { name: 'Join the live jam' }).getAttribute('href')).toBe(`/jams/${live.slug}`);
      await expectAccessible(newbie);
      await newbie.getByRole('link', { name: 'Host a jam' }).click();
      await newbie.getByRole('heading', { name: 'Create an account' }).waitFor();
      await expectAccessible(newbie);
      await newbie.getByLabel('Handle', { exact: true }).fill('nina_new');
      await newbie.getByLabel('Display name', { exact: true }).fill('Nina New');
      await newbie.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await newbie.getByRole('button', { name: 'Create account' }).click();
      await newbie.waitForURL(/\/host$/);
      await newbie.getByText('@nina_new').waitFor();
    });

    it('"All jams" is a directory of every jam and series, not the home page again', async () => {
      await lurker.goto('/');
      await lurker.getByRole('link', { name: 'All jams' }).click();
      await lurker.getByRole('heading', { level: 1, name: 'All jams' }).waitFor();
      await lurker.getByRole('heading', { name: 'Series' }).waitFor();
      await lurker.getByRole('combobox', { name: 'Series' }).selectOption('cxaud');
      await lurker.getByRole('link', { name: 'Onboarding that sticks' }).waitFor();
      await expectAccessible(lurker);
    });

    it('the live page shows messages at first paint: the column counts never stand over empty columns', async () => {
      // Records, in the first frame after the one that painted the first column header, whether
      // that paint had messages (nothing but the page's own rendering runs between the two frames).
      await lurker.addInitScript(() => {
        const seen = { header: false, withMessages: false };
        (window as unknown as { firstPaint: typeof seen }).firstPaint = seen;
        const observer = new MutationObserver(() => {
          if (seen.header || !document.querySelector('.column-head .count')) return;
          seen.header = true;
          observer.disconnect();
          requestAnimationFrame(() => requestAnimationFrame(() => (seen.withMessages = document.querySelectorAll('.column .message').length > 0)));
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      await lurker.goto(`/jams/${live.slug}`);
      await column(lurker, 'all').getByText('Short, with research behind it.').waitFor();
      expect(await lurker.evaluate(() => (window as unknown as { firstPaint: { header: boolean; withMessages: boolean } }).firstPaint)).toEqual({ header: true, withMessages: true });
      await lurker.getByText('You are watching as a lurker.').waitFor();
      await expectAccessible(lurker);
    });

    it('a scheduled jam shows its description, questions, its time in the series zone and the reader’s, a reminder and the .ics', async () => {
      await lurker.goto(`/jams/${upcoming.slug}`);
      await lurker.getByRole('heading', { level: 1, name: 'Onboarding that sticks' }).waitFor();
      await lurker.getByText('The first thirty days of a customer, and who is there for them.').waitFor();
      await lurker.getByText('What must a customer achieve in week one?').waitFor();
      await lurker.getByText('Who owns onboarding?').waitFor();
      const when = await lurker.locator('.when time').textContent();
      expect(when).toMatch(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T \(.*\d{2}:\d{2} .*your time\)$/);
      await lurker.getByRole('button', { name: 'Remind me' }).waitFor();
      expect(await lurker.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe(`/api/jams/${upcoming.slug}/calendar.ics`);
      await expectAccessible(lurker);
    });

    it('an unknown jam, series, message or address is a "not found" page with a way back', async () => {
      await lurker.goto('/jams/no-such-jam');
      await lurker.getByRole('heading', { name: 'Jam not found' }).waitFor();
      await expectAccessible(lurker);
      await lurker.getByRole('link', { name: 'Go to the home page' }).click();
      await lurker.getByText(/A jam is an hour-long chat/).waitFor();
      await lurker.goto('/series/no-such-series');
      await lurker.getByRole('heading', { name: 'Series not found' }).waitFor();
      await lurker.goto(`/jams/${live.slug}/m/NoSuchMessage123`);
      await lurker.getByRole('heading', { name: 'Message not found' }).waitFor();
      expect(await lurker.getByRole('link', { name: 'Go to “Support as a product”' }).getAttribute('href')).toBe(`/jams/${live.slug}`);
      await lurker.goto('/nowhere/at/all');
      await lurker.getByRole('heading', { name: 'Page not found' }).waitFor();
      await expectAccessible(lurker);
    });
  });

  describe('participants', () => {
    it('the rules appear on first focus of the composer, before any post', async () => {
      await newbie.goto(`/jams/${live.slug}`);
      const box = newbie.getByRole('textbox', { name: 'Your post' });
      await box.waitFor();
      expect(await newbie.getByText(/Before your first post/).count()).toBe(0);
      await box.focus();
      await newbie.getByText(/Before your first post: the rules of CX Chat/).waitFor();
      await newbie.getByText(RULES).first().waitFor();
      await expectAccessible(newbie);
    });

    it('a post waiting for the rules survives a reload and is sent once, after accepting', async () => {
      const box = newbie.getByRole('textbox', { name: 'Your post' });
      await box.fill('A1: Waiting for the rules, then sent once');
      await box.press('Enter');
      await newbie.getByRole('button', { name: 'Accept the rules and send' }).waitFor();
      await newbie.reload();
      await newbie.getByRole('button', { name: 'Accept the rules and send' }).click();
      await column(newbie, 'all').getByText('A1: Waiting for the rules, then sent once #cxaud').waitFor();
      await until(async () => !(await newbie.evaluate((slug) => localStorage.getItem(`tj.outbox.${slug}`), live.slug)), 5000);
      const stored = (await host.get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=500`)).body.messages;
      expect(stored.filter((m) => m.text.startsWith('A1: Waiting for the rules')).length).toBe(1);
    });

    it('an unsent post left in the outbox at a reload is sent again with its client id, and stored once', async () => {
      const token = (await contexts[1]!.cookies()).find((c) => c.name === 'tj_session')!.value;
      const me = new ApiClient(server.url);
      me.token = token;
      // The first attempt reached the server, but the page closed before the ack came back.
      await me.postMessage(live.slug, 'Sent before the reload', { clientId: 'reloadclient01' });
      // The second never reached the server: the reload sends it, with the same client id.
      await newbie.evaluate((slug) => {
        const post = (clientId: string, text: string) => ({ clientId, text, display: `${text} #cxaud`, replyTo: null, state: 'sending', attempts: 1, error: null });
        localStorage.setItem(`tj.outbox.${slug}`, JSON.stringify([post('reloadclient01', 'Sent before the reload'), post('reloadclient02', 'Kept through the reload')]));
      }, live.slug);
      await newbie.reload();
      await column(newbie, 'all').getByText('Kept through the reload #cxaud').waitFor();
      await until(async () => !(await newbie.evaluate((slug) => localStorage.getItem(`tj.outbox.${slug}`), live.slug)), 5000);
      await newbie.getByText('Sending…').waitFor({ state: 'detached' });
      expect(await column(newbie, 'all').getByText('Sent before the reload #cxaud').count()).toBe(1);
      expect(await column(newbie, 'all').getByText('Kept through the reload #cxaud').count()).toBe(1);
      const stored = (await host.get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=500`)).body.messages;
      expect(stored.filter((m) => m.clientId === 'reloadclient01')).toHaveLength(1);
      expect(stored.filter((m) => m.clientId === 'reloadclient02')).toHaveLength(1);
    });

    it('Reply moves focus to the composer and says whom you reply to; Escape cancels', async () => {
      const message = column(newbie, 'all').locator('.message', { hasText: 'Short, with research behind it.' });
      await message.getByRole('button', { name: 'Reply to Pia Panel' }).click();
      await newbie.getByText('Replying to @pia_panel').waitFor();
      // Focus moves on the next animation frame, after the reply line renders.
      await expect.poll(() => newbie.evaluate(() => document.activeElement?.id)).toBe('composer-text');
      await newbie.keyboard.press('Escape');
      await newbie.getByText('Replying to @pia_panel').waitFor({ state: 'detached' });
    });

    it('deletes one’s own post for everyone, after a confirmation', async () => {
      const mine = column(newbie, 'all').locator('.message', { hasText: 'Sent before the reload' });
      await mine.getByRole('button', { name: 'Delete my post' }).click();
      await mine.getByRole('button', { name: 'Delete', exact: true }).click();
      await column(newbie, 'all').getByText('Sent before the reload #cxaud').waitFor({ state: 'detached' });
      const visible = (await new ApiClient(server.url).get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=500`)).body.messages;
      expect(visible.some((m) => m.clientId === 'reloadclient01')).toBe(false);
    });

    it('reports a message to the hosts with a reason', async () => {
      const theirs = column(newbie, 'all').locator('.message', { hasText: 'It answers in the first sentence.' });
      await theirs.getByRole('button', { name: /^Report this post/ }).click();
      const form = theirs.getByRole('form', { name: /Report this post/ });
      await form.getByLabel('Why?').selectOption('Off topic');
      await form.getByLabel('Details for the hosts').fill('not about help centres');
      await expectAccessible(newbie);
      await form.getByRole('button', { name: 'Send report' }).click();
      await theirs.getByText('Reported to the hosts. Thank you.').waitFor();
      const queue = (await host.get<{ reports: { reason: string }[] }>(`/api/jams/${live.slug}/moderation`)).body;
      expect(queue.reports.map((r) => r.reason)).toContain('Off topic: not about help centres');
    });

    it('"Mentions of me" shows mentions and replies to my posts when signed in', async () => {
      const mine = (await host.get<{ messages: MessageView[] }>(`/api/jams/${live.slug}/messages?after=0&limit=500`)).body.messages.find((m) => m.author.handle === 'nina_new' && !m.hidden)!;
      await newbie.getByRole('button', { name: 'Add column' }).click();
      await newbie.getByLabel('Show').selectOption({ label: 'Mentions of me' });
      await newbie.getByRole('button', { name: 'Add', exact: true }).click();
      await panelist.postMessage(live.slug, 'Welcome @nina_new, good to have you');
      await panelist.postMessage(live.slug, 'Agreed with you there', { replyTo: mine.id });
      await column(newbie, 'mentions').getByText('Welcome @nina_new, good to have you #cxaud').waitFor();
      await column(newbie, 'mentions').getByText('Agreed with you there #cxaud').waitFor();
      expect(await column(newbie, 'mentions').locator('.message').count()).toBe(2);
    });

    it('the "Host console" link shows only for people who host something, as the server says', async () => {
      await newbie.goto('/');
      await newbie.getByText('@nina_new').waitFor();
      expect(await newbie.getByRole('link', { name: 'Host console' }).count()).toBe(0);
      const hostPage = await contexts[0]!.browser()!.newPage({ baseURL: server.url });
      await signIn(hostPage, 'dana_host');
      await hostPage.getByRole('link', { name: 'Host console' }).waitFor();
      await hostPage.close();
    });
  });

  describe('lurkers and the live page', () => {
    it('Add column closes after Add, never covers the column headers, offers "Question N", and a keyword column marks its word', async () => {
      await lurker.goto(`/jams/${live.slug}?cols=all,question`);
      await lurker.getByRole('button', { name: 'Add column' }).click();
      const form = lurker.getByRole('form', { name: 'Add a column' });
      const formBox = (await form.boundingBox())!;
      for (const head of await lurker.locator('.column-head').all()) {
        const box = (await head.boundingBox())!;
        expect(formBox.y + formBox.height <= box.y || box.y + box.height <= formBox.y || formBox.x + formBox.width <= box.x || box.x + box.width <= formBox.x).toBe(true);
      }
      await form.getByLabel('Show').selectOption({ label: 'Question N…' });
      await form.getByLabel('Question number').fill('1');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await lurker.locator('.column-head h2', { hasText: /^Q1 \d+$/ }).waitFor();
      expect(await form.count()).toBe(0);
      await lurker.getByRole('button', { name: 'Add column' }).click();
      await form.getByLabel('Keyword').fill('research');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await lurker.getByRole('heading', { name: /“research”/ }).waitFor();
      // The first mark can be on screen before the list has rendered the second message.
      await expect.poll(() => column(lurker, 'keyword').locator('mark').allTextContents()).toEqual(['research', 'research']);
      await expectAccessible(lurker);
    });

    it('"This question" keeps your place when the next question is released, and offers to switch', async () => {
      const following = lurker.locator('.column', { has: lurker.getByRole('heading', { name: /^This question/ }) });
      await following.getByRole('heading', { name: /^This question \(Q1\)/ }).waitFor();
      await host.post(`/api/jams/${live.slug}/show`, { action: 'release_next' });
      await following.getByRole('button', { name: 'Switch to Q2' }).waitFor();
      await following.getByText('Q2 is out.').waitFor();
      expect(await following.getByRole('heading', { name: /^This question \(Q1\)/ }).count()).toBe(1);
      expect(await following.getByText('It answers in the first sentence.').count()).toBe(1);
      await lurker.getByRole('button', { name: 'Switch to Q2' }).click();
      await lurker.getByRole('heading', { name: /^This question \(Q2\)/ }).waitFor();
    });

    it('an author menu offers "show only this person" as a column and highlighting, on this device only', async () => {
      const message = column(lurker, 'all').locator('.message', { hasText: 'It answers in the first sentence.' });
      await message.getByRole('button', { name: 'Pia Panel: options' }).click();
      await message.getByText('Highlighting is on this device only; nobody is notified.').waitFor();
      await expectAccessible(lurker);
      await message.getByRole('button', { name: 'Show only @pia_panel (new column)' }).click();
      await lurker.getByRole('heading', { name: /^@pia_panel/ }).waitFor();
      expect(new URL(lurker.url()).searchParams.get('cols')).toContain('author:pia_panel');
      await message.getByRole('button', { name: 'Pia Panel: options' }).click();
      await message.getByRole('button', { name: 'Highlight @pia_panel' }).click();
      await column(lurker, 'all').locator('.message.followed').first().waitFor();
    });

    it('after a reconnect, "Caught up N missed" reports the real number', async () => {
      const before = Number(await column(lurker, 'all').locator('.column-head .count').textContent());
      await whileCutOff(server, async () => {
        for (const n of [1, 2, 3, 4]) await panelist.postMessage(live.slug, `Missed while away, number ${n}`);
      });
      const status = lurker.locator('.jam-status .conn', { hasText: /Caught up \d+ missed/ });
      await status.waitFor();
      expect(await status.textContent()).toBe('Caught up 4 missed');
      // The All column counts them (they may be below the fold of a column scrolled up).
      await column(lurker, 'all').locator('.column-head .count', { hasText: String(before + 4) }).waitFor();
    });

    it('presence lists hosts, panelists and participants here, and the counts add up', async () => {
      await newbie.goto(`/jams/${live.slug}`);
      const socket = await panelist.connect();
      await socket.emitWithAck('jam:join', { slug: live.slug });
      const here = lurker.getByRole('region', { name: 'Here now' });
      // Online, not "(not here)": presence comes at most every 2 s, and a view from before the
      // panelist joined (the lurker's own re-join) lists her as away.
      await here.getByRole('listitem').filter({ hasText: 'Pia Panel' }).filter({ hasNotText: 'not here' }).waitFor();
      await here.getByRole('heading', { name: /^Panelists/ }).waitFor();
      await here.getByRole('heading', { name: /^Participants/ }).waitFor();
      // Both counts read in one go: a presence update landing between two reads would change one of them.
      const { summary, status } = await lurker.evaluate(() => ({
        summary: document.querySelector('[aria-labelledby="here-title"] p')?.textContent ?? '',
        status: document.querySelector('.jam-status')?.textContent ?? '',
      }));
      const [total, signedIn, lurking] = summary.match(/\d+/g)!.map(Number) as [number, number, number];
      expect(signedIn + lurking).toBe(total);
      expect(signedIn).toBeGreaterThanOrEqual(2);
      expect(status).toMatch(new RegExp(`(^|\\D)${total} here`));
      await expectAccessible(lurker);
      socket.close();
    });

    it('column scroll areas show visible focus', async () => {
      await lurker.goto(`/jams/${live.slug}`);
      const list = column(lurker, 'all').locator('.column-list');
      await list.waitFor();
      // Focus after a key press, as a keyboard user's would be (that is when :focus-visible applies).
      await lurker.keyboard.press('Shift');
      await list.focus();
      const focus = await list.evaluate((el) => ({ focused: el === document.activeElement, visible: el.matches(':focus-visible'), style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
      expect(focus).toEqual({ focused: true, visible: true, style: 'solid', width: 3 });
    });

    it('on a phone the messages get most of the screen, tabs show which column you are on, and the composer opens as a sheet', async () => {
      await signIn(phone, 'nina_new');
      await phone.goto(`/jams/${live.slug}`);
      const list = column(phone, 'all').locator('.column-list');
      await list.waitFor();
      const box = (await list.boundingBox())!;
      expect(box.height / 844).toBeGreaterThanOrEqual(0.6);
      const tabs = phone.getByRole('navigation', { name: 'Columns' });
      expect(await tabs.getByRole('button', { name: 'All' }).getAttribute('aria-current')).toBe('true');
      await tabs.getByRole('button', { name: /^Panelists/ }).click();
      await until(async () => (await tabs.getByRole('button', { name: /^Panelists/ }).getAttribute('aria-current')) === 'true', 3000);
      expect(await phone.getByRole('textbox', { name: 'Your post' }).isVisible()).toBe(false);
      await phone.getByRole('button', { name: 'Write a post' }).click();
      const composer = phone.getByRole('textbox', { name: 'Your post' });
      await composer.waitFor({ state: 'visible' });
      // The sheet takes focus on the next animation frame.
      await expect.poll(() => phone.evaluate(() => document.activeElement?.id)).toBe('composer-text');
      const sheet = (await phone.getByRole('form', { name: 'Post to the jam' }).boundingBox())!;
      expect(sheet.y + sheet.height).toBeGreaterThan(830);
      await expectAccessible(phone);
    });
  });

  describe('readers and community managers', () => {
    it('home search shows message hits without claiming that no archived jam matches', async () => {
      await lurker.goto('/');
      await lurker.getByLabel('Search every message of every jam').fill('research');
      await lurker.getByRole('button', { name: 'Search', exact: true }).click();
      await lurker.getByRole('heading', { name: /messages? match “research”/ }).waitFor();
      expect(await lurker.getByText(/No archived jams/).count()).toBe(0);
      await lurker.locator('.hits').getByText(/research/).first().waitFor();
      await expectAccessible(lurker);
    });

    it('the jam page, archive, series page and digest link the report, metrics and digest; one time format', async () => {
      await lurker.goto(`/jams/${live.slug}`);
      const links = lurker.getByRole('navigation', { name: 'Numbers and summaries' });
      expect(await links.getByRole('link', { name: 'Live report' }).getAttribute('href')).toBe(`/jams/${live.slug}/report`);
      expect(await links.getByRole('link', { name: 'Catch-up digest' }).getAttribute('href')).toBe(`/jams/${live.slug}/digest`);
      expect(await links.getByRole('link', { name: 'CX Chat metrics' }).getAttribute('href')).toBe('/series/cxaud/metrics');

      await lurker.goto('/series/cxaud');
      expect(await lurker.getByRole('link', { name: 'Community metrics' }).getAttribute('href')).toBe('/series/cxaud/metrics');
      await expectAccessible(lurker);

      await host.post(`/api/jams/${live.slug}/show`, { action: 'end' });
      await lurker.goto(`/jams/${live.slug}`);
      await lurker.locator('.transcript').getByText('It answers in the first sentence.').waitFor();
      const archiveLinks = lurker.getByRole('navigation', { name: 'Numbers and summaries' });
      expect(await archiveLinks.getByRole('link', { name: 'Report' }).getAttribute('href')).toBe(`/jams/${live.slug}/report`);
      expect(await lurker.locator('.jam-header time').textContent()).toMatch(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} E[SD]T \(.*your time\)$/);
      await expectAccessible(lurker);

      const permalink = await lurker.locator('.transcript a.time').first().getAttribute('href');
      await lurker.goto(permalink!);
      await lurker.locator('.message.highlighted').waitFor();
      await expectAccessible(lurker);

      await lurker.goto(`/jams/${live.slug}/report`);
      await lurker.getByRole('heading', { name: 'Report: Support as a product' }).waitFor();
      expect(await lurker.locator('.page > p.small time').textContent()).toMatch(/E[SD]T \(.*your time\)$/);
      await expectAccessible(lurker);

      await lurker.goto(`/jams/${live.slug}/digest`);
      await lurker.getByRole('heading', { name: 'Catch-up: Support as a product' }).waitFor();
      const digestLinks = lurker.getByRole('navigation', { name: 'Numbers and summaries' });
      expect(await digestLinks.getByRole('link', { name: 'Report' }).getAttribute('href')).toBe(`/jams/${live.slug}/report`);
      expect(await digestLinks.getByRole('link', { name: 'CX Chat metrics' }).getAttribute('href')).toBe('/series/cxaud/metrics');
      await expectAccessible(lurker);

      await lurker.goto('/series/cxaud/metrics');
      await lurker.getByRole('heading', { name: 'Community metrics: CX Chat' }).waitFor();
      await expectAccessible(lurker);
    });
  });
});

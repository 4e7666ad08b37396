import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { JamView, MessageView } from '../../shared/model.ts';
import { questionSteps } from '../../shared/show.ts';
import { ApiClient, startTestServer, until, type JamSocket } from '../support/harness.ts';
import { buildClient, CHROMIUM, launchChromium, seriousViolations, signUpInBrowser } from './browser.ts';

/**
 * A whole jam run from the host console only, with a panelist and a participant in their own
 * browsers: plan, team, early start, announcement, release, a live edit, extend, a report acted
 * on, a ban, pre-moderation, the end. After every step the console's timeline and banner must
 * say exactly what GET /api/jams/:slug says.
 */
const available = fs.existsSync(CHROMIUM);
if (!available) console.warn(`e2e skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);

describe.skipIf(!available)('running a jam from the host console', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: JamSocket[] = [];
  let host: Page;
  let panelist: Page;
  let participant: Page;
  let slug = '';
  let seriesSlug = '';

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    browser = await launchChromium();
    // bypassCSP lets axe-core be injected under the production Content-Security-Policy.
    for (let i = 0; i < 3; i++) contexts.push(await browser.newContext({ baseURL: server.url, bypassCSP: true, viewport: { width: 1280, height: 800 } }));
    [host, panelist, participant] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page, Page];
    await contexts[0]!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await browser?.close();
    await server?.close();
  });

  const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);
  const tab = (name: string) => host.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  const jamNow = async () => (await host.request.get(`/api/jams/${slug}`).then((r) => r.json() as Promise<{ jam: JamView }>)).jam;
  const apiAs = async (page: Page) => {
    const api = new ApiClient(server.url);
    api.token = (await page.context().cookies()).find((c) => c.name === 'tj_session')!.value;
    return api;
  };

  /** The timeline (every question's stage and time) and the banner agree with the server's show state. */
  async function expectConsoleAgrees(): Promise<JamView> {
    await tab('Run of show');
    let last = '';
    return until(async () => {
      const jam = await jamNow();
      const expected = questionSteps(jam.show).map((s) => `${s.n}:${s.stage}:${s.at ?? ''}`);
      const shown = await host.locator('[data-testid="timeline"] li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-question')}:${li.getAttribute('data-stage')}:${li.getAttribute('data-at')}`));
      const texts = await host.locator('[data-testid="timeline"] li').allTextContents();
      const banner = (await host.getByRole('region', { name: 'Current question' }).textContent()) ?? '';
      const current = jam.show.currentQuestion ? jam.questions[jam.show.currentQuestion - 1]! : null;
      const bannerAgrees =
        jam.show.status === 'ended'
          ? banner.includes('This jam has ended.')
          : jam.show.status === 'live' && current
            ? banner.includes(`Q${current.n}`) && banner.includes(current.text) && (jam.show.nextQuestion ? banner.includes(`Q${jam.show.nextQuestion} in`) : banner.includes('Last question'))
            : true;
      const textsAgree = jam.questions.every((q, i) => texts[i]?.includes(q.text));
      last = JSON.stringify({ expected, shown, banner });
      return JSON.stringify(shown) === JSON.stringify(expected) && bannerAgrees && textsAgree && jam;
    }, 8000).catch((error: unknown) => {
      throw new Error(`console and server disagree: ${last} (${String(error)})`);
    });
  }

  it('a host plans a series and a jam with four questions, the zone picked from the IANA list', async () => {
    await signUpInBrowser(panelist, 'pia_panel', 'Pia Panelist');
    await signUpInBrowser(participant, 'sam_part', 'Sam Participant');
    await signUpInBrowser(host, 'hana_host', 'Hana Host');
    await new ApiClient(server.url).signUp('cora_cohost', 'Cora Cohost');

    await host.goto('/host');
    await host.getByLabel('Name', { exact: true }).fill('Support Chat');
    await host.getByLabel('Hashtag (reserved for this series)', { exact: true }).fill('#supchat');
    const zone = host.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('york');
    await host.getByRole('option', { name: 'America/New York' }).waitFor();
    await expectAccessible(host);
    await zone.press('Enter');
    expect(await zone.inputValue()).toBe('America/New_York');
    await host.getByRole('button', { name: 'Create series' }).click();
    await host.getByRole('heading', { name: 'Plan a jam' }).waitFor();
    seriesSlug = new URL(host.url()).pathname.split('/').pop()!;
    await host.getByRole('heading', { name: 'Integrations' }).waitFor();
    await host.getByText('X is not available on this server').waitFor();
    await expectAccessible(host);

    const form = host.getByRole('form', { name: 'New jam' });
    await form.getByLabel('Title', { exact: true }).fill('Support as a product');
    const questions = ['Is support a product?', 'How do you measure it?', 'Who owns the help center?', 'What would you automate?'];
    for (const [i, text] of questions.entries()) {
      if (i > 0) await form.getByRole('button', { name: 'Add question' }).click();
      await form.getByLabel(`Question ${i + 1}`, { exact: true }).fill(text);
    }
    await form.getByRole('button', { name: 'Create jam' }).click();
    await host.getByRole('heading', { name: 'Run the show' }).waitFor();
    slug = new URL(host.url()).pathname.split('/').pop()!;
    expect((await expectConsoleAgrees()).show.status).toBe('scheduled');
    await expectAccessible(host);
  }, 120_000);

  it('adds a co-host by handle and a panelist by invite link, and sees who accepted', async () => {
    await tab('Team');
    await host.getByLabel('Add a co-host by handle').fill('cora_cohost');
    await host.getByRole('button', { name: 'Add co-host' }).click();
    await host.locator('.people').getByText('@cora_cohost').first().waitFor();
    await host.getByRole('button', { name: 'Create invite link' }).click();
    await host.getByRole('button', { name: 'Copy link' }).click();
    await host.getByText('Copied.').waitFor();
    const url = await host.getByLabel('New link (shown once: copy it now)').inputValue();
    expect(await host.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectAccessible(host);

    await panelist.goto(new URL(url).pathname);
    await panelist.waitForURL(`**/jams/${slug}`);
    await host.getByText('Accepted by @pia_panel').waitFor();
    await host.locator('.people').getByText('@pia_panel').first().waitFor();
  }, 60_000);

  it('starts early, and the timeline moves with the start', async () => {
    await tab('Run of show');
    await host.getByRole('button', { name: 'Start now' }).click();
    const jam = await expectConsoleAgrees();
    expect(jam.show).toMatchObject({ status: 'live', currentQuestion: 1, nextQuestion: 2 });
    // The button that no longer applies is gone, not merely greyed out.
    expect(await host.getByRole('button', { name: 'Start now' }).count()).toBe(0);
  });

  it('posts an announcement that is filed under no question', async () => {
    await host.getByRole('radio', { name: 'Announcement' }).check();
    await host.getByRole('textbox', { name: 'Message' }).fill('Welcome everyone! Answer with A1:, A2: …');
    await host.getByRole('button', { name: 'Post', exact: true }).click();
    await host.getByText('Announcement posted.').waitFor();
    const { messages } = (await host.request.get(`/api/jams/${slug}/messages`).then((r) => r.json())) as { messages: MessageView[] };
    expect(messages.find((m) => m.text.startsWith('Welcome everyone!'))).toMatchObject({ question: null, author: { role: 'host' } });
    await host.locator('.console-message').getByText('Welcome everyone!').waitFor();
  });

  it('releases Q2 with the preview beside the button', async () => {
    await host.locator('.next-preview').getByText('How do you measure it?').waitFor();
    await host.getByRole('button', { name: 'Release Q2 now' }).click();
    expect((await expectConsoleAgrees()).show.currentQuestion).toBe(2);
  });

  it('edits a question not yet released while live', async () => {
    await host.getByLabel('Question 4', { exact: true }).fill('What would you automate first, and what never?');
    await host.getByRole('button', { name: 'Move Q4 up' }).click();
    await host.getByRole('button', { name: 'Save questions' }).click();
    await host.getByText('Saved. Everyone sees the new plan.').waitFor();
    const jam = await expectConsoleAgrees();
    expect(jam.questions.map((q) => q.text)).toEqual(['Is support a product?', 'How do you measure it?', 'What would you automate first, and what never?', 'Who owns the help center?']);
  });

  it('extends by ten minutes, moving the remaining questions and the end', async () => {
    const before = await jamNow();
    await host.getByLabel('Extend by').fill('10');
    await host.getByRole('button', { name: 'Extend', exact: true }).click();
    const jam = await expectConsoleAgrees();
    expect(jam.show.extendedMin).toBe(10);
    expect(Date.parse(jam.show.plannedAt[2]!) - Date.parse(before.show.plannedAt[2]!)).toBe(600_000);
    await expectAccessible(host);
  });

  it('hides a reported message with a reason, sees it greyed with who and why, then unhides it', async () => {
    const sam = await apiAs(participant);
    const posted = await sam.postMessage(slug, 'A2: buy cheap followers at spam.example');
    expect(posted.status).toBe(201);
    const pia = await apiAs(panelist);
    expect((await pia.post(`/api/jams/${slug}/messages/${posted.body.message.id}/report`, { reason: 'spam' })).status).toBe(201);

    await host.getByRole('tab', { name: /Moderation 1/ }).waitFor();
    await tab('Moderation');
    await host.getByText('@pia_panel: “spam”').waitFor();
    await expectAccessible(host);
    await host.getByLabel('Reason', { exact: true }).fill('link spam');
    await host.getByRole('button', { name: 'Hide', exact: true }).click();
    const row = host.locator('.console-message.is-hidden', { hasText: 'buy cheap followers' });
    await row.getByText('Hidden by @hana_host: link spam').waitFor();
    await host.getByRole('heading', { name: 'Hidden messages (1)' }).waitFor();
    await host.locator('.queue-list').getByRole('button', { name: 'Unhide' }).click();
    await host.getByRole('heading', { name: 'Hidden messages (0)' }).waitFor();
    const restored = host.locator('.console-message:not(.is-hidden)', { hasText: 'buy cheap followers' });
    await restored.waitFor();

    // Reply from the console: the composer says to whom, and the reply is stored as one.
    await restored.getByRole('button', { name: 'Reply to Sam Participant' }).click();
    await host.getByText(/Replying to @sam_part/).waitFor();
    await host.getByRole('textbox', { name: 'Message' }).fill('Please keep links on topic, Sam.');
    await host.getByRole('button', { name: 'Reply', exact: true }).click();
    await host.getByText('Announcement posted.').waitFor();
    const { messages } = (await host.request.get(`/api/jams/${slug}/messages`).then((r) => r.json())) as { messages: MessageView[] };
    expect(messages.find((m) => m.text.startsWith('Please keep links'))).toMatchObject({ replyTo: posted.body.message.id, question: null });
    await expectConsoleAgrees();
  });

  it("bans a participant from their author menu, and their socket can no longer post", async () => {
    const sam = await apiAs(participant);
    const socket = await sam.connect();
    sockets.push(socket);
    await host.getByRole('button', { name: 'Sam Participant: moderate this person' }).first().click();
    await host.getByLabel('What').selectOption('ban');
    await host.getByLabel('For how long').selectOption({ label: '1 day' });
    await host.getByLabel('Reason (kept in the audit log)').fill('spam links');
    await expectAccessible(host);
    await host.getByRole('button', { name: 'Apply to @sam_part' }).click();
    await host.getByText('Banned @sam_part for 1 day.').waitFor();
    const ack = await socket.emitWithAck('message:send', { slug, clientId: 'banned-post-1', text: 'A2: still here?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'banned' } });
    await tab('Moderation');
    await host.getByText(/@sam_part banned in this jam/).waitFor();
    await tab('Audit log');
    await host.getByLabel('Action').selectOption('user.ban');
    await host.locator('.audit-table').getByText('spam links').waitFor();
    await expectAccessible(host);
  });

  it('turns on pre-moderation and approves a first-time poster with the keyboard', async () => {
    await tab('Moderation');
    await host.getByLabel(/Pre-moderation/).check();
    // The box shows checked at once, while the server confirms: post only once the server holds first-timers.
    await expect.poll(async () => ((await host.request.get(`/api/jams/${slug}/moderation`).then((r) => r.json())) as { premoderation: boolean }).premoderation).toBe(true);
    const newcomer = await new ApiClient(server.url).signUp('nia_new', 'Nia Newcomer');
    const held = await newcomer.postMessage(slug, 'A2: first time here, hello!');
    expect(held.body.message.held).toBe(true);
    const item = host.getByRole('listitem', { name: /Held message from @nia_new/ });
    await item.waitFor();
    await expectAccessible(host);
    await item.focus();
    await host.keyboard.press('a');
    await host.getByRole('heading', { name: 'Waiting for approval (0)' }).waitFor();
    await host.locator('.console-message').getByText('first time here, hello!').waitFor();
    await participant.goto(`/jams/${slug}`);
    await participant.getByText('first time here, hello!').first().waitFor();
  });

  it('ends the jam; the unasked questions read "not asked" in the console and the archive', async () => {
    await tab('Run of show');
    await host.getByRole('button', { name: 'End jam…' }).click();
    await host.getByRole('button', { name: 'End now' }).click();
    const jam = await expectConsoleAgrees();
    expect(jam.show.status).toBe('ended');
    expect(questionSteps(jam.show).map((s) => s.stage)).toEqual(['released', 'released', 'not_asked', 'not_asked']);
    expect(await host.getByRole('button', { name: /End/ }).count()).toBe(0);
    await expectAccessible(host);

    await participant.goto(`/jams/${slug}`);
    await participant.locator('.not-asked').first().waitFor();
    const transcript = (await host.request.get(`/api/jams/${slug}/transcript.md`).then((r) => r.text())) as string;
    expect(transcript).toContain('(not asked)');
  });

  it('every console page is accessible: host home, series page, and each console tab', async () => {
    await host.goto('/host');
    await host.getByRole('heading', { name: 'Your series' }).waitFor();
    await expectAccessible(host);
    await host.goto(`/host/series/${seriesSlug}`);
    await host.getByRole('heading', { name: 'Canned posts' }).waitFor();
    await expectAccessible(host);
    await host.goto(`/host/jams/${slug}`);
    for (const name of ['Run of show', 'Moderation', 'Team', 'Audit log']) {
      await tab(name);
      await host.getByRole('tabpanel').waitFor();
      await expectAccessible(host);
    }
  }, 60_000);
});

import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { hostileJam, XSS_PAYLOADS } from '../support/xss.ts';
import { buildClient, CHROMIUM, launchChromium } from './browser.ts';

/**
 * Hostile text in messages, jam titles, questions, series names and display names stays text in
 * the built client: nothing runs, nothing is injected, under the production CSP (which the client
 * must run under without a single violation) and with the CSP switched off (escaping alone).
 */
const hasClient = fs.existsSync(new URL('../../client/index.html', import.meta.url));
const available = fs.existsSync(CHROMIUM) && hasClient;
if (!available) console.warn(`e2e XSS test skipped: ${hasClient ? `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` : 'no client/ to build'}`);

declare global {
  interface Window {
    xssFired?: number;
    cspViolations?: string[];
  }
}

describe.skipIf(!available)('XSS payloads are inert in the page', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let host: ApiClient;
  let jamSlug = '';
  const [p0, p1, p2, p3, , p5] = XSS_PAYLOADS;

  beforeAll(async () => {
    const clientDir = await buildClient();
    server = await startTestServer({ clientDir });
    browser = await launchChromium();

    const hostile = await hostileJam(server.url);
    host = hostile.host;
    const { panelist, jam } = hostile;
    jamSlug = jam.slug;
    for (const payload of XSS_PAYLOADS) expect((await host.postMessage(jamSlug, `A1: ${payload}`)).status).toBe(201);
    expect((await panelist.postMessage(jamSlug, `A1: ${p5} and https://ok.example/x`)).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, options: { bypassCSP: boolean }): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, bypassCSP: options.bypassCSP, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(path);
    return page;
  }

  /** Waits until every payload is on screen as text, then looks for anything that ran or was injected. */
  async function expectInert(page: Page) {
    for (const payload of XSS_PAYLOADS) await page.getByText(payload, { exact: false }).first().waitFor({ timeout: 15_000 });
    const text = await page.locator('body').innerText();
    for (const shown of [`Jam ${p0}`, `Question ${p1}`, `Series ${p3}`, `Host ${p1}`.slice(0, 60), `Pan ${p2}`.slice(0, 60)]) expect(text).toContain(shown);
    // Give any injected handler (img onerror, svg onload, iframe) the chance to fire.
    await page.waitForTimeout(300);
    const found = await page.evaluate(() => ({
      ran: window.xssFired ?? null,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.toLowerCase().startsWith('on')).map((n) => `${el.tagName}[${n}]`)),
      injected: document.querySelectorAll('body script, body iframe, body object, body embed, img[src="x"], svg[onload]').length,
      unsafeLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
      safeLinks: [...document.querySelectorAll('a[href^="https://ok.example"]')].map((a) => a.getAttribute('rel') ?? ''),
    }));
    expect(found).toMatchObject({ ran: null, handlers: [], injected: 0, unsafeLinks: [] });
    expect(found.safeLinks.length).toBeGreaterThan(0);
    for (const rel of found.safeLinks) expect(rel).toContain('noopener');
  }

  it('the live jam, with the production CSP: the client runs without a single CSP violation and nothing injected runs', async () => {
    const page = await open(`/jams/${jamSlug}`, { bypassCSP: false });
    expect(await page.evaluate(() => document.querySelector('meta[http-equiv]'))).toBeNull();
    await expectInert(page);
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  });

  it('the live jam with the CSP switched off: escaping alone keeps it inert', async () => {
    await expectInert(await open(`/jams/${jamSlug}`, { bypassCSP: true }));
  });

  it('the archive after the jam ends, CSP off', async () => {
    expect((await host.post(`/api/jams/${jamSlug}/show`, { action: 'end' })).status).toBe(200);
    const page = await open(`/jams/${jamSlug}`, { bypassCSP: true });
    await expectInert(page);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';

/** e2e support: one client build per run, Debian's Chromium, and axe-core checks. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the client once into a temp folder (never touches client/dist). */
export async function buildClient(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-client-'));
  await build({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'client'), logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  return outDir;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core on the page; returns serious and critical violations in a readable form. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails the test with the readable list when axe finds anything serious or critical. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** A browser context signed in as an API user (their session token as the session cookie the server set at sign-up). */
export async function signedInContext(browser: Browser, baseURL: string, token: string, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ baseURL, bypassCSP: true, viewport });
  await context.addCookies([{ name: 'tj_session', value: token, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

/** Creates an account through the sign-in page and waits until the header shows the handle. */
export async function signUpInBrowser(page: Page, handle: string, name: string, password = 'correct horse battery'): Promise<void> {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Handle', { exact: true }).fill(handle);
  await page.getByLabel('Display name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(`@${handle}`).waitFor();
}

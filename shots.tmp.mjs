import { chromium } from 'playwright-core';
import fs from 'node:fs';
const base = process.env.BASE ?? 'http://localhost:3300';
const pages = JSON.parse(process.argv[2]);
const dir = fs.mkdtempSync('/tmp/chr-');
const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: Number(process.env.W ?? 1400), height: Number(process.env.H ?? 900) },
  args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = ctx.pages()[0] ?? await ctx.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
if (process.env.SIGNIN) {
  await page.goto(base + '/signin');
  await page.getByLabel(/handle/i).fill(process.env.SIGNIN);
  await page.getByLabel(/password/i).fill('tweetjam-demo');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForTimeout(1500);
}
for (const [name, path] of pages) {
  await page.goto(base + path);
  await page.waitForTimeout(Number(process.env.WAIT ?? 2500));
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: false });
  console.log(name, path, page.url());
}
console.log('errors:', errors.slice(0, 10));
await ctx.close();

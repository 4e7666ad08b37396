import { chromium } from 'playwright-core';
import fs from 'node:fs';
const base = process.env.BASE; const [name, path] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync('/tmp/chr-'), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
  args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const page = ctx.pages()[0] ?? await ctx.newPage();
const errs = []; page.on('pageerror', (e) => errs.push(String(e)));
await page.goto(base + path); await page.waitForTimeout(2500);
if (process.env.CLICK) { await page.getByRole('button', { name: process.env.CLICK }).first().click(); await page.waitForTimeout(800); }
await page.screenshot({ path: `/tmp/shots/${name}.png` }); console.log('pageerrors', errs); await ctx.close();

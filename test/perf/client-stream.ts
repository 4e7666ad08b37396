import { nanoid } from 'nanoid';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { buildClient, launchChromium } from '../e2e/browser.ts';

/**
 * Measures the web client under load (not a test: no timed assertions, numbers for the README).
 * `npx tsx test/perf/client-stream.ts` builds the client, starts a server, seeds a live jam with
 * TOTAL messages (default 10,000), opens it in Chromium with four columns, loads the whole stream,
 * scrolls it, then posts RATE messages/s for 10 s while typing in the composer.
 */
const TOTAL = Number(process.env.TOTAL ?? 10_000);
const RATE = Number(process.env.RATE ?? 100);

const server = await startTestServer({ clientDir: await buildClient() });
const people = await Promise.all(Array.from({ length: 10 }, () => new ApiClient(server.url).signUp()));
const [host] = people as [ApiClient];
const series = await host.createSeries();
const jam = await host.createJam(series.slug, { live: true, durationMin: 240, questions: [{ text: 'Go', offsetMin: 0 }], panelists: [people[1]!.user!.handle] });
let n = 0;
const post = () => {
  const i = n++;
  return people[i % people.length]!.postMessage(jam.slug, `A1: message ${i} about ${i % 7 === 0 ? 'pricing' : 'support'} https://example.com/${i}`, { clientId: nanoid() });
};
let t0 = Date.now();
// 40 posters in parallel, each taking the next number until TOTAL are written.
const poster = async (): Promise<void> => {
  if (n >= TOTAL) return;
  await post();
  return poster();
};
await Promise.all(Array.from({ length: 40 }, poster));
console.log(`seeded ${TOTAL} messages in ${Date.now() - t0} ms`);

const browser = await launchChromium();
const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 860 } });
await context.addCookies([{ name: 'tj_session', value: people[5]!.token!, url: server.url }, { name: 'tj_signed_in', value: '1', url: server.url }]);
const page = await context.newPage();
await page.goto(`/jams/${jam.slug}?cols=all,question,panelists,keyword:pricing`);
await page.getByRole('heading', { name: /^All/ }).waitFor();
t0 = Date.now();
const more = page.getByRole('button', { name: 'Load earlier messages' });
while (await more.count()) {
  await more.click({ timeout: 2000 }).catch(() => undefined);
  await page.waitForTimeout(200);
}
console.log(`${await page.locator('[data-column="all"] h2').textContent()} loaded in ${Date.now() - t0} ms`);

type Probe = { frames: number[]; long: number[] };
// Page code as strings: tsx's keepNames helpers do not exist inside the page.
await page.evaluate(`(() => {
  window.probe = { frames: [], long: [] };
  let last = performance.now();
  const tick = (t) => { window.probe.frames.push(t - last); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.probe.long.push(e.duration))).observe({ entryTypes: ['longtask'] });
})()`);
const reset = () => page.evaluate('window.probe.frames = []; window.probe.long = [];');
async function report(label: string) {
  const { frames, long } = (await page.evaluate('window.probe')) as Probe;
  frames.sort((a, b) => a - b);
  const at = (p: number) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))]!.toFixed(1);
  console.log(`${label}: ${frames.length} frames, median ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms; ${long.length} long tasks, longest ${Math.max(0, ...long).toFixed(0)} ms`);
}

const box = (await page.locator('[data-column="all"] .column-list').boundingBox())!;
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
await reset();
for (let i = 0; i < 120; i++) {
  await page.mouse.wheel(0, -600);
  await page.waitForTimeout(25);
}
for (let i = 0; i < 60; i++) {
  await page.mouse.wheel(0, 1500);
  await page.waitForTimeout(25);
}
await report('scrolling the stream');

const composer = page.getByRole('textbox', { name: 'Your post' });
await composer.click();
const before = n;
await reset();
const burst = (async () => {
  const start = Date.now();
  const sent: Promise<unknown>[] = [];
  while (Date.now() - start < 10_000) {
    for (let i = 0; i < RATE / 10; i++) sent.push(post());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await Promise.all(sent);
  return Date.now() - start;
})();
const typed = 'typing while a hundred messages a second arrive, every key must land. '.repeat(3);
await composer.pressSequentially(typed, { delay: 30 });
const burstMs = await burst;
await report(`${n - before} messages in ${burstMs} ms while typing ${typed.length} characters`);
console.log(`the composer kept every keystroke: ${(await composer.inputValue()) === typed}`);
console.log(`${await page.locator('[data-column="all"] h2').textContent()} after the burst`);

await browser.close();
await server.close();

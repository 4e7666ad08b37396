import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { hostileJam, XSS_PAYLOADS } from '../support/xss.ts';

let server: RunningServer;
let html: string;
let doc: Document;
const window = new Window();

beforeAll(async () => {
  server = await startTestServer();
  const { host, panelist, jam } = await hostileJam(server.url);
  const p2 = XSS_PAYLOADS[2];
  for (const payload of XSS_PAYLOADS) expect((await host.postMessage(jam.slug, `A1: ${payload} see https://ok.example/?q=<b>x</b>`)).status).toBe(201);
  expect((await panelist.postMessage(jam.slug, `A1: ${p2}`)).status).toBe(201);
  const res = await new ApiClient(server.url).get(`/api/jams/${jam.slug}/transcript.html`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  html = res.body as unknown as string;
  doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
});

afterAll(async () => {
  await window.happyDOM.close();
  await server.close();
});

describe('the HTML export renders user text as text', () => {
  it('contains no script, frame, object, svg or image elements and no event-handler attributes', () => {
    expect(doc.querySelectorAll('script, iframe, object, embed, svg, img, base, form, input, link').length).toBe(0);
    const handlers = [...doc.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')));
    expect(handlers).toEqual([]);
  });

  it('links only to http(s) URLs or anchors in the page, never javascript:', () => {
    const hrefs = [...doc.querySelectorAll('[href], [src], [action], [formaction]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src') ?? '');
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|#)/);
    const safe = [...doc.querySelectorAll('a[href^="https://ok.example"]')];
    expect(safe.length).toBeGreaterThan(0);
    for (const a of safe) expect(a.getAttribute('rel')).toContain('noopener');
  });

  it('shows every payload verbatim, as the words people typed', () => {
    const text = doc.body.textContent ?? '';
    for (const payload of XSS_PAYLOADS) expect(text).toContain(payload);
    expect(doc.title).toContain(XSS_PAYLOADS[0]);
    expect(text).toContain(`Host ${XSS_PAYLOADS[1]}`);
    expect(text).toContain(`Pan ${XSS_PAYLOADS[2]}`);
    expect(text).toContain(`Question ${XSS_PAYLOADS[1]}`);
    expect(text).toContain(`Series ${XSS_PAYLOADS[3]}`);
  });

  it('forbids scripts by its own CSP even if opened as a file', () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  });
});

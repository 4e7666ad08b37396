import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type ApiResponse } from '../support/harness.ts';
import { ResponseShapes } from '../support/openapi.ts';

/**
 * Walks a whole real jam over HTTP (sign up, series, jam, run of show, posts, moderation, audience
 * questions, polls, archive, exports, reports, recaps, embeds, webhooks, mail, admin) and checks
 * every answer, errors included, against the generated OpenAPI document.
 */

const shapes = new ResponseShapes();
const problems: string[] = [];

/** An API client whose every answer is checked against the document. */
class CheckedClient extends ApiClient {
  override async request<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await super.request<T>(method, pathname, body, headers);
    const result = shapes.check(method, pathname, response.status, response.headers.get('content-type'), response.body);
    for (const error of result.errors) problems.push(`${result.operation} ${result.status}: ${error}`);
    return response;
  }
  del<T = Record<string, unknown>>(pathname: string, body?: unknown) {
    return this.request<T>('DELETE', pathname, body);
  }
  put<T = Record<string, unknown>>(pathname: string, body: unknown) {
    return this.request<T>('PUT', pathname, body);
  }
}

type Json = Record<string, any>; // oxlint-disable-line typescript/no-explicit-any -- answers are checked by the document, not by these types

/** JSON routes not walked here, and why: each needs a partner this test does not run. */
const NOT_WALKED: Record<string, string> = {
  'bridges.linkBluesky': 'needs a Bluesky server (test/integration/blueskyBridge.test.ts)',
  'bridges.linkMastodon': 'needs a Mastodon instance (test/integration/mastodonBridge.test.ts)',
  'bridges.unlink': 'needs a linked network account',
  'x.link': 'needs the X bridge configured (test/integration/bridge.test.ts)',
  'x.unlink': 'needs the X bridge configured',
  'mail.verify': 'needs the token mailed to the address (test/integration/email.test.ts)',
  'mail.unsubscribe': 'needs the token of a mail (test/integration/email.test.ts)',
  'mail.outbox': 'shown with --demo only',
  'moderation.banNetworkAuthor': 'needs a message bridged from a network (test/integration/networkBans.test.ts)',
  'mail.subscribe': 'needs a confirmed address, by the mailed link (test/integration/email.test.ts)',
};

describe('every answer matches the generated OpenAPI document', () => {
  let server: RunningServer;
  let host: CheckedClient;
  let person: CheckedClient;
  let other: CheckedClient;
  let anonymous: CheckedClient;
  let operator: CheckedClient;

  beforeAll(async () => {
    server = await startTestServer({ adminHandles: ['Shape_Op'] });
    // The walk's webhook points at a closed local port: deliveries fail, which is fine here.
    server.services.webhooks.allowPrivateTargets = true;
    host = await new CheckedClient(server.url).signUp();
    person = await new CheckedClient(server.url).signUp();
    other = await new CheckedClient(server.url).signUp();
    anonymous = new CheckedClient(server.url);
    operator = await new CheckedClient(server.url).signUp('Shape_Op');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('walks a real jam end to end', { timeout: 120_000 }, async () => {
    const expectStatus = async (call: Promise<ApiResponse<Json>>, status: number) => {
      const res = await call;
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
      return res.body;
    };
    /** A browser navigation's answer, not followed (OAuth callbacks redirect to the console). */
    const navigate = async (path: string) => {
      const res = await fetch(server.url + path, { redirect: 'manual' });
      for (const error of shapes.check('GET', path, res.status, res.headers.get('content-type'), null).errors) problems.push(`${path} ${res.status}: ${error}`);
      return res.status;
    };

    /* Accounts */
    await expectStatus(host.get('/api/auth/me'), 200);
    await expectStatus(host.patch('/api/auth/me', { bio: 'I host things' }), 200);
    await expectStatus(anonymous.post('/api/auth/signin', { handle: person.user!.handle, password: 'correct horse battery' }), 200);
    await expectStatus(anonymous.post('/api/auth/signin', { handle: person.user!.handle, password: 'wrong' }), 401);
    await expectStatus(anonymous.get('/api/auth/me'), 401);

    /* Series and jams */
    const tag = `shape${nanoid(5).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const series = (await expectStatus(host.post('/api/series', { name: 'Shapes', hashtag: tag, rules: 'Be kind.' }), 201)).series;
    await expectStatus(host.post('/api/series', { name: 'Again', hashtag: tag }), 409);
    await expectStatus(anonymous.get('/api/series'), 200);
    await expectStatus(anonymous.get(`/api/series/${series.slug}`), 200);
    await expectStatus(host.patch(`/api/series/${series.slug}`, { description: 'All about shapes' }), 200);
    const questions = [
      { text: 'What shape are you in?', offsetMin: 0 },
      { text: 'What would you reshape?', offsetMin: 20 },
      { text: 'Which shape lasts?', offsetMin: 40 },
    ];
    const jam = (await expectStatus(host.post(`/api/series/${series.slug}/jams`, { title: 'Shape jam', startsAt: new Date(Date.now() + 3_600_000).toISOString(), questions }), 201)).jam;
    await expectStatus(host.post('/api/jams', { series: series.slug, title: 'Second', startsAt: new Date(Date.now() + 7_200_000).toISOString() }), 201);
    await expectStatus(anonymous.get('/api/jams?limit=5'), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}`), 200);
    await expectStatus(anonymous.get('/api/jams/no-such-jam'), 404);
    await expectStatus(host.patch(`/api/jams/${jam.slug}`, { title: 'Shape jam, live' }), 200);
    await expectStatus(person.patch(`/api/jams/${jam.slug}`, { title: 'Mine now' }), 403);
    await expectStatus(host.post(`/api/jams/${jam.slug}/show`, { action: 'start' }), 200);
    await expectStatus(person.get(`/api/jams/${jam.slug}`), 200);

    /* Posting */
    await expectStatus(person.post(`/api/series/${series.slug}/rules/accept`), 200);
    await expectStatus(other.post(`/api/series/${series.slug}/rules/accept`), 200);
    const clientId = nanoid();
    const first = (await expectStatus(person.postMessage(jam.slug, 'A1: a circle, mostly', { clientId }), 201)).message;
    await expectStatus(person.postMessage(jam.slug, 'A1: a circle, mostly', { clientId }), 200);
    const reply = (await expectStatus(other.postMessage(jam.slug, 'Same here', { replyTo: first.id }), 201)).message;
    await expectStatus(host.post(`/api/jams/${jam.slug}/messages`, { clientId: nanoid(), text: 'Welcome all', mode: 'announcement' }), 201);
    await expectStatus(other.post(`/api/jams/${jam.slug}/messages/${first.id}/boost`, {}), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/messages/${first.id}/moderation`, { action: 'feature' }), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/messages?after=0&limit=50`), 200);
    await expectStatus(person.post(`/api/jams/${jam.slug}/messages`, { clientId: 'x', text: '' }), 400);

    /* Moderation */
    const report = await expectStatus(person.post(`/api/jams/${jam.slug}/messages/${reply.id}/report`, { reason: 'off topic' }), 201);
    expect(report.reported).toBe(true);
    await expectStatus(person.post(`/api/jams/${jam.slug}/messages/${reply.id}/report`, { reason: 'off topic' }), 200);
    const queue = await expectStatus(host.get(`/api/jams/${jam.slug}/moderation`), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/reports/${queue.reports[0].id}/dismiss`), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/messages/${reply.id}/moderation`, { action: 'hide', reason: 'testing' }), 200);
    await expectStatus(host.get(`/api/jams/${jam.slug}/moderation`), 200);
    await expectStatus(host.post(`/api/series/${series.slug}/sanctions`, { handle: other.user!.handle, kind: 'mute', minutes: 5, reason: 'cool off' }), 201);
    await expectStatus(host.get(`/api/series/${series.slug}/sanctions`), 200);
    await expectStatus(host.post(`/api/series/${series.slug}/sanctions/lift`, { handle: other.user!.handle, kind: 'mute' }), 200);
    await expectStatus(host.get(`/api/series/${series.slug}/network-bans`), 200);
    await expectStatus(host.post(`/api/series/${series.slug}/network-bans`, { message: first.id }), 400);
    await expectStatus(host.post(`/api/series/${series.slug}/network-bans/lift`, { network: 'x', authorId: '12345' }), 200);
    await expectStatus(host.get(`/api/series/${series.slug}/audit?limit=20`), 200);
    await expectStatus(host.patch(`/api/jams/${jam.slug}/moderation`, { premoderation: true }), 200);
    const newcomer = await new CheckedClient(server.url).signUp();
    await expectStatus(newcomer.post(`/api/series/${series.slug}/rules/accept`), 200);
    const held = (await expectStatus(newcomer.postMessage(jam.slug, 'A1: first time here'), 201)).message;
    await expectStatus(host.post(`/api/jams/${jam.slug}/messages/${held.id}/approve`), 200);
    await expectStatus(host.patch(`/api/jams/${jam.slug}/moderation`, { premoderation: false, slowModeSec: 0 }), 200);
    const mine = (await expectStatus(newcomer.postMessage(jam.slug, 'A1: never mind'), 201)).message;
    await expectStatus(newcomer.del(`/api/jams/${jam.slug}/messages/${mine.id}`, { reason: 'typo' }), 204);

    /* Team: co-hosts, panelists, invites */
    await expectStatus(host.post(`/api/series/${series.slug}/hosts`, { handle: other.user!.handle }), 201);
    await expectStatus(host.del(`/api/series/${series.slug}/hosts/${other.user!.handle}`), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/panelists`, { handle: other.user!.handle }), 201);
    await expectStatus(host.del(`/api/jams/${jam.slug}/panelists/${other.user!.handle}`), 200);
    const invite = (await expectStatus(host.post(`/api/jams/${jam.slug}/invites`, { uses: 1, days: 1 }), 201)).invite;
    await expectStatus(other.post(`/api/invites/${invite.token}/accept`), 200);
    const invites = (await expectStatus(host.get(`/api/jams/${jam.slug}/invites`), 200)).invites;
    await expectStatus(host.del(`/api/jams/${jam.slug}/invites/${invites[0].id}`), 204);

    /* Audience questions, polls, the not-yet-answered queue */
    const asked = (await expectStatus(person.post(`/api/jams/${jam.slug}/audience`, { clientId: nanoid(), text: 'How do shapes age?' }), 201)).question;
    const second = (await expectStatus(newcomer.post(`/api/jams/${jam.slug}/audience`, { clientId: nanoid(), text: 'Are squares coming back?' }), 201)).question;
    await expectStatus(newcomer.post(`/api/jams/${jam.slug}/audience/${asked.id}/vote`, {}), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/audience?sort=votes`), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/audience/${asked.id}/moderation`, { action: 'answered', answerIds: [first.id] }), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/audience/${second.id}/promote`), 200);
    const poll = (await expectStatus(host.post(`/api/jams/${jam.slug}/polls`, { clientId: nanoid(), text: 'Favourite shape?', options: ['Circle', 'Square'] }), 201)).poll;
    await expectStatus(person.post(`/api/jams/${jam.slug}/polls/${poll.id}/vote`, { option: 0 }), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/polls/${poll.id}/actions`, { action: 'reveal' }), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/polls`), 200);
    await expectStatus(person.get(`/api/jams/${jam.slug}/interaction?since=0`), 200);
    await expectStatus(host.get(`/api/jams/${jam.slug}/unanswered`), 200);

    /* Automatic moderation */
    const settings = (await expectStatus(host.get(`/api/series/${series.slug}/automod`), 200)).settings;
    await expectStatus(host.put(`/api/series/${series.slug}/automod`, { ...settings, enabled: true, blocked: [{ pattern: 'blorp', action: 'hold' }] }), 200);
    await expectStatus(newcomer.postMessage(jam.slug, 'A1: blorp blorp'), 201);
    const actions = (await expectStatus(host.get(`/api/jams/${jam.slug}/automod`), 200)).actions;
    await expectStatus(host.post(`/api/jams/${jam.slug}/automod/${actions[0].entryId}/undo`), 200);

    /* The run of show to its end */
    await expectStatus(host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' }), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/show`, { action: 'extend', minutes: 5 }), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/show`, { action: 'end' }), 200);

    /* Archive and exports */
    const transcript = await host.get(`/api/jams/${jam.slug}/transcript.json`);
    expect(transcript.status).toBe(200);
    await expectStatus(host.request('GET', `/api/jams/${jam.slug}/transcript.json`, undefined, { 'if-none-match': transcript.headers.get('etag')! }), 304);
    for (const format of ['md', 'html', 'csv']) await expectStatus(anonymous.get(`/api/jams/${jam.slug}/transcript.${format}?download`), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/transcript.pdf`), 404);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/transcript/rows?offset=0&limit=50`), 200);
    await expectStatus(anonymous.get('/api/search?q=circle'), 200);
    await expectStatus(anonymous.get('/api/search?q='), 400);

    /* Reports, digests, metrics, calendars */
    for (const path of ['report.json', 'report.csv', 'digest.json', 'digest.md', 'calendar.ics']) await expectStatus(anonymous.get(`/api/jams/${jam.slug}/${path}`), 200);
    await expectStatus(host.get(`/api/jams/${jam.slug}/contributors.csv`), 200);
    await expectStatus(person.get(`/api/jams/${jam.slug}/contributors.csv`), 403);
    for (const path of ['metrics.json', 'metrics.csv', 'calendar.ics']) await expectStatus(anonymous.get(`/api/series/${series.slug}/${path}`), 200);

    /* Recaps */
    const draft = (await expectStatus(host.get(`/api/jams/${jam.slug}/recap/draft`), 200)).draft;
    const saved = (await expectStatus(host.put(`/api/jams/${jam.slug}/recap/draft`, { cover: 'Shapes', blocks: [{ kind: 'heading', text: 'Circles' }, { kind: 'quote', messageId: first.id }], version: draft.version }), 200)).draft;
    await expectStatus(host.put(`/api/jams/${jam.slug}/recap/draft`, { cover: 'Stale', blocks: [], version: draft.version }), 409);
    await expectStatus(host.post(`/api/jams/${jam.slug}/recap/publish`, { version: saved.version }), 201);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/recap`), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/recap.md`), 200);
    await expectStatus(anonymous.get(`/api/jams/${jam.slug}/recap.html?download`), 200);
    await expectStatus(anonymous.get(`/api/series/${series.slug}/recaps`), 200);
    await expectStatus(anonymous.get('/api/recaps?q=shapes'), 200);
    await expectStatus(host.post(`/api/jams/${jam.slug}/recap/hidden-notice/ack`), 200);

    /* Embeds */
    await expectStatus(host.get(`/api/series/${series.slug}/embed`), 200);
    await expectStatus(host.put(`/api/series/${series.slug}/embed`, { framing: 'listed', origins: ['https://blog.example.com'] }), 200);
    await expectStatus(anonymous.get(`/oembed?url=${encodeURIComponent(`${server.url}/jams/${jam.slug}`)}`), 200);
    await expectStatus(anonymous.get(`/oembed?url=${encodeURIComponent(`${server.url}/jams/${jam.slug}`)}&format=xml`), 501);

    /* Webhooks, canned posts */
    const hook = (await expectStatus(host.post(`/api/series/${series.slug}/webhooks`, { url: 'http://127.0.0.1:9/hook' }), 201)).webhook;
    await expectStatus(host.get(`/api/series/${series.slug}/webhooks`), 200);
    await expectStatus(host.post(`/api/series/${series.slug}/webhooks/${hook.id}/test`), 202);
    await expectStatus(host.post(`/api/series/${series.slug}/webhooks/${hook.id}/secret`), 200);
    await expectStatus(host.get(`/api/series/${series.slug}/webhooks/deliveries?limit=5`), 200);
    await expectStatus(host.del(`/api/series/${series.slug}/webhooks/${hook.id}`), 204);
    const canned = (await expectStatus(host.get(`/api/series/${series.slug}/canned-posts`), 200)).posts;
    await expectStatus(host.put(`/api/series/${series.slug}/canned-posts`, { posts: canned.slice(0, 2) }), 200);

    /* Email */
    await expectStatus(person.get('/api/account/email'), 200);
    await expectStatus(person.put('/api/account/email', { email: 'shape@example.com', timeZone: 'Europe/Berlin' }), 200);
    await expectStatus(person.put(`/api/account/mail-prefs/${series.slug}`, { muted: true }), 200);
    await expectStatus(person.get(`/api/jams/${jam.slug}/mail-subscription`), 200);
    await expectStatus(person.put(`/api/jams/${jam.slug}/mail-subscription`, { kinds: ['recap'] }), 409);
    await expectStatus(person.del('/api/account/email'), 200);
    await expectStatus(anonymous.post('/api/auth/password-reset', { who: person.user!.handle }), 202);
    await expectStatus(anonymous.post('/api/auth/password-reset/confirm', { token: 'x'.repeat(30), password: 'a new long password' }), 400);
    await expectStatus(anonymous.post('/api/account/email/verify', { token: 'x'.repeat(30) }), 400);
    await expectStatus(anonymous.get('/api/mail/outbox'), 404);

    /* Bridges (not configured against real networks here: their states and refusals) */
    await expectStatus(host.get(`/api/series/${series.slug}/x`), 200);
    await expectStatus(person.get(`/api/series/${series.slug}/x/mirror`), 200);
    await expectStatus(person.put(`/api/series/${series.slug}/x/mirror`, { enabled: false }), 200);
    expect(await navigate('/api/x/callback?error=access_denied')).toBe(303);
    await expectStatus(host.get(`/api/series/${series.slug}/bridges`), 200);
    await expectStatus(person.get(`/api/series/${series.slug}/bridges/mirror`), 200);
    await expectStatus(person.put(`/api/series/${series.slug}/bridges/bluesky/mirror`, { enabled: false }), 200);
    await expectStatus(host.post(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: 'me.bsky.social', appPassword: 'my main password' }), 400);
    expect(await navigate('/api/bridges/mastodon/callback?error=access_denied')).toBe(303);

    /* Site administration */
    await expectStatus(operator.get('/api/admin/series'), 200);
    await expectStatus(person.get('/api/admin/series'), 403);
    await expectStatus(operator.post('/api/admin/suspensions', { handle: newcomer.user!.handle, reason: 'spam, testing' }), 201);
    await expectStatus(operator.get('/api/admin/suspensions'), 200);
    await expectStatus(operator.del(`/api/admin/suspensions/${newcomer.user!.handle}`), 204);
    await expectStatus(operator.get('/api/admin/reports'), 200);
    await expectStatus(operator.post(`/api/admin/series/${series.slug}/takeover`, { reason: 'testing the shape' }), 200);
    await expectStatus(operator.get('/api/admin/log'), 200);

    /* Operations and the documents themselves */
    await expectStatus(anonymous.get('/healthz'), 200);
    await expectStatus(anonymous.get('/readyz'), 200);
    await expectStatus(anonymous.get('/api/openapi.json'), 200);
    await expectStatus(anonymous.get('/api/asyncapi.json'), 200);
    await expectStatus(anonymous.get('/api/docs'), 200);

    await expectStatus(person.post('/api/auth/signout'), 204);

    expect(problems).toEqual([]);
    // Every JSON route answered with success at least once, except those that need a partner this test does not run.
    const unwalked = shapes.jsonOperations().filter((id) => ![...(shapes.checked.get(id) ?? [])].some((s) => s < 300) && !(id in NOT_WALKED));
    expect(unwalked).toEqual([]);
  });
});

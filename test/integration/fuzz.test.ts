import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, errorStatus } from '../../shared/errors.ts';
import { MAX_POST_LENGTH, postLength } from '../../shared/hashtag.ts';
import type { JamView, MessageView } from '../../shared/model.ts';
import { hasBidiControls } from '../../shared/unicode.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';
import { openSocket } from '../support/ledger.ts';

/**
 * Thousands of malformed REST bodies and socket events: the server never crashes, answers each
 * with a documented error (never 500), and the store stays consistent.
 */

/** Pieces that break naive text handling: bidi controls, joiners, emoji sequences, lone surrogates, combining marks. */
const nasty = fc.constantFrom(
  '\u202E', '\u202A', '\u202D', '\u2066', '\u2067', '\u2069', '\u200D', '\u200B', '\u200E', '\u200F', '\uFEFF', '\u0000', '\u0007',
  '\uD800', '\uDFFF', '\uDBFF\uDBFF', 'e\u0301', 'A\u030A', '\u1100\u1161\u11A8', 'ﷺ', '𒐫', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇺🇳', '#️⃣',
  'A3: ', 'Q2 ', '#cxmchat', '＃tag', '@someone', 'https://example.com/a?b=c', '<script>alert(1)</script>', "'; DROP TABLE messages;--", '%00', '../..',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035A', ' ', '\n', '\t', 'x'.repeat(300), '😀'.repeat(150),
);
const text = fc.oneof(
  fc.array(fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: 30 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);
const id = fc.oneof(fc.string({ maxLength: 70 }), fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fc.constantFrom('', 'null', '00000000', '../../etc', 'a'.repeat(65)));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2));
const value = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });

/** An object with (some of) the fields an endpoint expects, each holding a likely-wrong value. */
function bodyFor(fields: Record<string, fc.Arbitrary<unknown>>) {
  const shaped = fc.record(Object.fromEntries(Object.entries(fields).map(([k, arb]) => [k, fc.oneof(arb, value)])), { requiredKeys: [] });
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) }, { weight: 1, arbitrary: value });
}

const fieldsOf = {
  signup: { handle: text, password: text, displayName: text },
  signin: { handle: text, password: text },
  series: { name: text, slug: text, hashtag: text, description: text, rules: text, timeZone: fc.constantFrom('UTC', 'Mars/Olympus', '', 'Europe/Berlin'), defaultDurationMin: fc.integer() },
  jam: { title: text, slug: text, startsAt: fc.oneof(text, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), startsAtLocal: text, durationMin: fc.integer({ min: -5, max: 600 }), questions: fc.array(fc.record({ text, offsetMin: fc.integer({ min: -1, max: 500 }) }), { maxLength: 40 }), panelists: fc.array(text, { maxLength: 3 }), description: text },
  show: { action: fc.constantFrom('release_next', 'extend', 'start', 'launch', ''), minutes: fc.integer({ min: -1, max: 200 }) },
  message: { clientId: id, text, replyTo: fc.oneof(id, fc.constant(null)) },
  moderation: { action: fc.constantFrom('hide', 'unhide', 'feature', 'unfeature', 'delete'), reason: text },
  boost: { boosted: fc.oneof(fc.boolean(), text) },
};

/** A documented answer: a success, or `{ error: { code, message } }` with the status its code names (never 500). */
function expectDocumented(status: number, body: unknown, what: string) {
  if (status < 300) return;
  const error = (body as { error?: { code?: string; message?: unknown } } | null)?.error;
  expect(error, `${what} → ${status} ${JSON.stringify(body)}`).toBeDefined();
  expect(Object.values(ErrorCode), what).toContain(error!.code);
  expect(error!.code, what).not.toBe('internal');
  expect(errorStatus[error!.code as ErrorCode], what).toBe(status);
  expect(typeof error!.message, what).toBe('string');
}

function expectDocumentedAck(ack: unknown, what: string) {
  const reply = ack as { ok?: boolean; error?: { code?: string; message?: unknown } };
  expect(typeof reply?.ok, `${what} → ${JSON.stringify(ack)}`).toBe('boolean');
  if (reply.ok) return;
  expect(Object.values(ErrorCode), what).toContain(reply.error?.code);
  expect(reply.error?.code, `${what} → ${JSON.stringify(ack)}`).not.toBe('internal');
  expect(typeof reply.error?.message, what).toBe('string');
}

describe('malformed input', () => {
  let server: RunningServer;
  let host: ApiClient;
  let person: ApiClient;
  let anonymous: ApiClient;
  let jam: JamView;
  let seriesSlug: string;
  let message: MessageView;
  let socket: JamSocket;

  beforeAll(async () => {
    server = await startTestServer();
    host = await new ApiClient(server.url).signUp();
    seriesSlug = (await host.createSeries()).slug;
    jam = await host.createJam(seriesSlug, { live: true });
    person = await new ApiClient(server.url).signUp();
    anonymous = new ApiClient(server.url);
    message = (await person.postMessage(jam.slug, 'A1: a message to reply to')).body.message;
    socket = await openSocket(server.url, person.token);
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  /** Path segments: percent-encoded text, or raw escapes that do not decode (broken UTF-8, a lone %). */
  const rawEscapes = ['%', '%E0%A4%A', '%ED%A0%80', '%FF', '%C0%AF', '..%2F..', '%00'];
  const encode = (s: string) => (rawEscapes.includes(s) ? s : encodeURIComponent(s.toWellFormed()));
  const slugArb = fc.oneof({ weight: 4, arbitrary: fc.constant('JAM') }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: fc.constantFrom(...rawEscapes) });

  const endpoints: { name: string; method: string; path: (slug: string, id: string) => string; body: fc.Arbitrary<unknown>; as: () => ApiClient; runs: number }[] = [
    { name: 'signup', method: 'POST', path: () => '/api/auth/signup', body: bodyFor(fieldsOf.signup), as: () => anonymous, runs: 150 },
    { name: 'signin', method: 'POST', path: () => '/api/auth/signin', body: bodyFor(fieldsOf.signin), as: () => anonymous, runs: 150 },
    { name: 'signout', method: 'POST', path: () => '/api/auth/signout', body: fc.anything({ maxDepth: 2 }), as: () => anonymous, runs: 50 },
    { name: 'series', method: 'POST', path: () => '/api/series', body: bodyFor(fieldsOf.series), as: () => person, runs: 250 },
    { name: 'series patch', method: 'PATCH', path: (slug) => `/api/series/${slug === 'JAM' ? seriesSlug : encode(slug)}`, body: bodyFor(fieldsOf.series), as: () => person, runs: 150 },
    { name: 'jam create', method: 'POST', path: (slug) => `/api/series/${slug === 'JAM' ? seriesSlug : encode(slug)}/jams`, body: bodyFor(fieldsOf.jam), as: () => person, runs: 250 },
    { name: 'jam patch', method: 'PATCH', path: (slug) => `/api/jams/${slug === 'JAM' ? jam.slug : encode(slug)}`, body: bodyFor(fieldsOf.jam), as: () => person, runs: 150 },
    { name: 'show', method: 'POST', path: (slug) => `/api/jams/${slug === 'JAM' ? jam.slug : encode(slug)}/show`, body: bodyFor(fieldsOf.show), as: () => person, runs: 150 },
    { name: 'message', method: 'POST', path: (slug) => `/api/jams/${slug === 'JAM' ? jam.slug : encode(slug)}/messages`, body: bodyFor(fieldsOf.message), as: () => person, runs: 400 },
    { name: 'moderation', method: 'POST', path: (slug, mid) => `/api/jams/${slug === 'JAM' ? jam.slug : encode(slug)}/messages/${mid === 'MSG' ? message.id : encode(mid)}/moderation`, body: bodyFor(fieldsOf.moderation), as: () => person, runs: 150 },
    { name: 'boost', method: 'POST', path: (slug, mid) => `/api/jams/${slug === 'JAM' ? jam.slug : encode(slug)}/messages/${mid === 'MSG' ? message.id : encode(mid)}/boost`, body: bodyFor(fieldsOf.boost), as: () => person, runs: 150 },
  ];

  it('answers thousands of malformed REST bodies with documented errors', { timeout: 120_000 }, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const endpoint of endpoints) {
      await fc.assert(
        fc.asyncProperty(slugArb, fc.oneof(fc.constant('MSG'), id), endpoint.body, async (slug, mid, body) => {
          const res = await endpoint.as().request(endpoint.method, endpoint.path(slug, mid), body === undefined ? 'null' : JSON.stringify(body));
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expectDocumented(res.status, res.body, `${endpoint.name} ${JSON.stringify(body)?.slice(0, 300)}`);
        }),
        { numRuns: endpoint.runs },
      );
    }
    console.log(`REST fuzz: ${sent} requests, by status ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(sent).toBeGreaterThanOrEqual(2000);
  });

  it('stores or refuses (as invalid text) thousands of well-formed posts with hostile text, over REST and sockets', { timeout: 120_000 }, async () => {
    const stored = new Map<string, number>();
    const tally = (outcome: string) => stored.set(outcome, (stored.get(outcome) ?? 0) + 1);
    const emit = socket.timeout(5000).emitWithAck.bind(socket.timeout(5000)) as (event: string, ...args: unknown[]) => Promise<unknown>;
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), text, fc.boolean(), async (clientId, body, overSocket) => {
        const ack = overSocket
          ? ((await emit('message:send', { slug: jam.slug, clientId, text: body })) as { ok: boolean; message?: MessageView; error?: { code: string; field?: string } })
          : await person.postMessage(jam.slug, body, { clientId }).then((res) => (res.status < 300 ? { ok: true, message: res.body.message } : { ok: false, error: res.body.error }));
        if (ack.ok) {
          const kept = ack.message!.text;
          expect(kept).toBe(kept.normalize('NFC'));
          expect(hasBidiControls(kept)).toBe(false);
          expect(postLength(kept)).toBeLessThanOrEqual(MAX_POST_LENGTH);
          tally('stored');
        } else {
          // Only the text can be wrong here (or a client id reused by chance: conflict).
          expect(ack.error, JSON.stringify(body)).toMatchObject({ code: expect.stringMatching(/^(invalid_input|conflict)$/) });
          if (ack.error!.code === 'invalid_input') expect(ack.error!.field).toBe('text');
          tally(ack.error!.code);
        }
      }),
      { numRuns: 1000 },
    );
    console.log(`hostile text: ${JSON.stringify(Object.fromEntries(stored))}`);
    expect(stored.get('stored')).toBeGreaterThan(100);
  });

  it('answers broken JSON, wrong content types, deep nesting and huge bodies with documented errors', async () => {
    const raw: [string, Record<string, string>, number][] = [
      ['{"clientId": "abcdefgh", "text": ', {}, 400],
      ['{"text": "\\ud800"', {}, 400],
      ['[' .repeat(20_000) + ']'.repeat(20_000), {}, 400],
      [`{"clientId":"abcdefgh1","text":"x","replyTo":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`, {}, 400],
      [`{"clientId":"abcdefgh0","text":"deep but ignored","extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, {}, 201],
      [JSON.stringify({ clientId: 'abcdefgh2', text: 'y'.repeat(70_000) }), {}, 413],
      ['clientId=abcdefgh3&text=hello', { 'content-type': 'application/x-www-form-urlencoded' }, 400],
      ['\u0000\u0001\u0002', {}, 400],
      ['{"clientId":"abcdefgh4","text":"hi"}', { 'content-type': 'application/json; charset=utf-16' }, 400],
      ['"just a string"', {}, 400],
      ['null', {}, 400],
    ];
    for (const [body, headers, status] of raw) {
      const res = await person.request('POST', `/api/jams/${jam.slug}/messages`, body, { 'content-type': 'application/json', ...headers });
      expect(res.status, body.slice(0, 80)).toBe(status);
      expectDocumented(res.status, res.body, body.slice(0, 80));
    }
  });

  const events: { event: string; payload: fc.Arbitrary<unknown>; runs: number }[] = [
    { event: 'message:send', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)), ...fieldsOf.message }), runs: 700 },
    { event: 'jam:join', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)), since: fc.oneof(fc.integer(), fc.double(), text) }), runs: 300 },
    { event: 'jam:leave', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)) }), runs: 150 },
    { event: 'show:control', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)), ...fieldsOf.show }), runs: 200 },
    { event: 'message:moderate', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)), id: fc.oneof(fc.constant('MSG'), id).map((m) => (m === 'MSG' ? message.id : m)), ...fieldsOf.moderation }), runs: 200 },
    { event: 'message:boost', payload: bodyFor({ slug: slugArb.map((s) => (s === 'JAM' ? jam.slug : s)), id: fc.oneof(fc.constant('MSG'), id).map((m) => (m === 'MSG' ? message.id : m)), ...fieldsOf.boost }), runs: 200 },
  ];

  it('acks thousands of malformed socket events with documented errors, and survives events without acks', { timeout: 120_000 }, async () => {
    const emit = socket.timeout(5000).emitWithAck.bind(socket.timeout(5000)) as (event: string, ...args: unknown[]) => Promise<unknown>;
    const send = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => void;
    let acked = 0;
    const outcomes = new Map<string, number>();
    for (const { event, payload, runs } of events) {
      await fc.assert(
        fc.asyncProperty(payload, async (body) => {
          const ack = (await emit(event, body)) as { ok: boolean; error?: { code: string } };
          expectDocumentedAck(ack, `${event} ${JSON.stringify(body)?.slice(0, 300)}`);
          acked++;
          const outcome = ack.ok ? 'ok' : ack.error!.code;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }),
        { numRuns: runs },
      );
      // The same payloads without an ack callback, or with junk where the ack should be.
      fc.sample(payload, 50).forEach((body, i) => (i % 2 ? send(event, body) : send(event, body, 'not a function', 42)));
    }
    let deep: unknown = 'bottom';
    for (let i = 0; i < 2000; i++) deep = i % 2 ? [deep] : { a: deep };
    expectDocumentedAck(await emit('message:send', { slug: jam.slug, clientId: 'deepnest01', text: 'hi', replyTo: deep }), 'deeply nested replyTo');
    expectDocumentedAck(await emit('jam:join', deep), 'deeply nested payload');
    for (const name of ['unknown:event', '__proto__', 'constructor', 'hasOwnProperty', 'jam:join\u202E']) {
      send(name, { slug: jam.slug });
      send(name, { slug: jam.slug }, () => {});
    }
    console.log(`socket fuzz: ${acked} acked events, by outcome ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(acked).toBeGreaterThan(1500);
    expect(socket.connected).toBe(true);
    expectDocumentedAck(await emit('jam:join', { slug: jam.slug, since: 0 }), 'a normal join after the storm');
  });

  it('closes a socket that sends a frame past the size limit, and keeps serving everyone else', async () => {
    const victim = await openSocket(server.url, person.token);
    const closed = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    victim.emit('message:send', { slug: jam.slug, clientId: 'hugeframe1', text: 'z'.repeat(100_000) }, () => {});
    expect(await closed).toBe('transport close');
    expect((await anonymous.get('/healthz')).status).toBe(200);
    expect(socket.connected).toBe(true);
  });

  it('stores text as NFC without bidi controls, keeps ZWJ emoji sequences and counts them as X does', async () => {
    const decomposed = await person.postMessage(jam.slug, 'A1: cafe\u0301 \u202Egnp.exe\u202C ok');
    expect(decomposed.status).toBe(201);
    expect(decomposed.body.message.text.startsWith('A1: café gnp.exe ok')).toBe(true);
    expect((await person.postMessage(jam.slug, '\u202E\u2066 \u2069')).body.error).toMatchObject({ code: 'invalid_input', field: 'text' });
    expect((await person.postMessage(jam.slug, 'broken \uD800 text')).body.error).toMatchObject({ code: 'invalid_input', field: 'text' });
    const socketLone = await socket.timeout(5000).emitWithAck('message:send', { slug: jam.slug, clientId: 'lonesurrogate1', text: 'x\uDC00' });
    expect(socketLone).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'text' } });

    const family = '👨‍👩‍👧‍👦';
    const room = MAX_POST_LENGTH - postLength(` ${jam.series.hashtag}`);
    const fits = await person.postMessage(jam.slug, family.repeat(Math.floor(room / 2)));
    expect(fits.status).toBe(201);
    expect(fits.body.message.text).toContain(family);
    expect(postLength(fits.body.message.text)).toBeLessThanOrEqual(MAX_POST_LENGTH);
    const over = await person.postMessage(jam.slug, family.repeat(Math.floor(room / 2) + 1));
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'invalid_input', field: 'text' });
  });

  it('leaves the store consistent: seqs contiguous per jam, no orphan messages, every text NFC, well-formed, within 280', async () => {
    expect((await anonymous.get('/healthz')).status).toBe(200);
    const db = server.store.db;
    const jams = await db.selectFrom('jams').select(['id', 'last_seq']).execute();
    const messages = await db.selectFrom('messages').select(['id', 'jam_id', 'seq', 'text', 'client_id']).orderBy('seq').execute();
    const jamIds = new Set(jams.map((j) => j.id));
    expect(messages.filter((m) => !jamIds.has(m.jam_id))).toEqual([]);
    for (const j of jams) {
      const seqs = messages.filter((m) => m.jam_id === j.id).map((m) => Number(m.seq));
      expect(seqs).toEqual(Array.from({ length: Number(j.last_seq) }, (_, i) => i + 1));
    }
    const bad = messages.filter((m) => m.text !== m.text.normalize('NFC') || !m.text.isWellFormed() || postLength(m.text) > MAX_POST_LENGTH || hasBidiControls(m.text) || m.text.trim() === '');
    expect(bad).toEqual([]);
    expect(messages.length).toBeGreaterThan(10);
  });
});

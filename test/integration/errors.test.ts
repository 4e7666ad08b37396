import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

let server: RunningServer;
let host: ApiClient;
let jamSlug: string;
let socket: JamSocket;

beforeAll(async () => {
  server = await startTestServer();
  host = await new ApiClient(server.url).signUp('errhost');
  const series = await host.createSeries({ hashtag: 'errchat' });
  jamSlug = (await host.createJam(series.slug, { live: true })).slug;
  socket = await host.connect();
});
afterAll(async () => {
  socket.close();
  await server.close();
});

const errorBody = (code: string, field?: string) => ({ error: expect.objectContaining({ code, message: expect.any(String), ...(field ? { field } : {}) }) });

describe('bad input gets the documented error, and nothing is written', () => {
  it('malformed JSON → 400 invalid_input', async () => {
    const res = await host.request('POST', '/api/series', '{"name": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody('invalid_input'));
  });

  it('an oversize body → 413 payload_too_large', async () => {
    const res = await host.request('POST', `/api/jams/${jamSlug}/messages`, JSON.stringify({ clientId: nanoid(), text: 'x'.repeat(5 * 1024 * 1024) }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(errorBody('payload_too_large'));
  });

  it('unknown routes → 404 JSON', async () => {
    for (const path of ['/api/nope', '/api/jams/x/y/z', '/nope/at/all']) {
      const res = await host.get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(errorBody('not_found'));
    }
  });

  it('an unknown jam or series → 404 naming it', async () => {
    const res = await host.get('/api/jams/no-such-jam');
    expect(res.status).toBe(404);
    expect(res.body.error!.message).toContain('no-such-jam');
  });

  it('fields are named: a bad hashtag, a missing title, an unordered plan', async () => {
    expect((await host.post('/api/series', { name: 'X', hashtag: 'two words' })).body).toEqual(errorBody('invalid_input', 'hashtag'));
    expect((await host.post('/api/series/errchat/jams', { startsAt: new Date().toISOString() })).body).toEqual(errorBody('invalid_input', 'title'));
    const unordered = await host.post('/api/series/errchat/jams', {
      title: 'x',
      startsAt: new Date().toISOString(),
      questions: [
        { text: 'a', offsetMin: 10 },
        { text: 'b', offsetMin: 5 },
      ],
    });
    expect(unordered.body).toEqual(errorBody('invalid_input', 'questions.1.offsetMin'));
  });

  it('a taken hashtag, in any letter case → 409 conflict', async () => {
    const other = await new ApiClient(server.url).signUp('errother');
    const res = await other.post('/api/series', { name: 'Copy', hashtag: '#ERRCHAT' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(errorBody('conflict', 'hashtag'));
  });

  it('a post over 280 as X counts (with the hashtag) → 400 naming text; nothing stored', async () => {
    const before = (await host.get<{ lastSeq: number }>(`/api/jams/${jamSlug}/messages`)).body.lastSeq;
    const res = await host.postMessage(jamSlug, '👍'.repeat(137));
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody('invalid_input', 'text'));
    expect(res.body.error!.message).toContain('283');
    expect((await host.get<{ lastSeq: number }>(`/api/jams/${jamSlug}/messages`)).body.lastSeq).toBe(before);
  });

  it('anonymous writes → 401', async () => {
    const anon = new ApiClient(server.url);
    expect((await anon.post('/api/series', { name: 'a', hashtag: 'anon' })).status).toBe(401);
    expect((await anon.postMessage(jamSlug, 'hi')).body).toEqual(errorBody('unauthenticated'));
  });

  it('socket events with bad payloads ack the same error shape', async () => {
    expect(await socket.emitWithAck('message:send', { slug: jamSlug, clientId: 'short', text: 'hi' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', field: 'clientId' }) });
    expect(await socket.emitWithAck('jam:join', { slug: 'Not A Slug!' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', field: 'slug' }) });
    expect(await socket.emitWithAck('jam:join', { slug: 'missing-jam' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_found' }) });
    expect(await (socket.emitWithAck as (e: string, p: unknown) => Promise<unknown>)('message:send', 'just a string')).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input' }) });
    expect(await socket.emitWithAck('show:control', { slug: jamSlug, action: 'explode' as never })).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', field: 'action' }) });
  });

  it('healthz reports the store and adapter', async () => {
    const res = await host.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, store: 'sqlite', adapter: 'memory' });
  });
});

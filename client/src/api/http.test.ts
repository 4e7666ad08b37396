// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../../../shared/api/routes.ts';
import { transcriptUrl } from './endpoints.ts';
import { ApiFailure, api, call, describeError, needsRules } from './http.ts';

describe('the API client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'tj_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('sends the CSRF cookie back as X-CSRF-Token on unsafe requests only', async () => {
    document.cookie = 'tj_csrf=tok%20en; path=/';
    const fetchMock = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await api('POST', '/api/x', { a: 1 });
    await api('GET', '/api/x');
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect((calls[0]![1].headers as Record<string, string>)['x-csrf-token']).toBe('tok en');
    expect((calls[1]![1].headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('turns an error body into an ApiFailure with the server code and field', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'forbidden', field: 'rules', message: 'accept the rules of #chat first' } }), { status: 403 }));
    const failure = await api('POST', '/api/x', {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(needsRules((failure as ApiFailure).error)).toBe(true);
    expect((failure as ApiFailure).message).toBe('accept the rules of #chat first');
  });

  it('says the server is unreachable when fetch itself fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('network');
    });
    const failure = (await api('GET', '/api/x').catch((e: unknown) => e)) as ApiFailure;
    expect(failure.code).toBe('unavailable');
    expect(describeError({ code: 'rate_limited', message: '', retryAfter: 3 })).toBe('Slow down a little and try again. (retry in 3s)');
  });

  it('calls a route of the map: method, params encoded, query without empty values, the body only where the route takes one', async () => {
    const fetchMock = vi.fn(async () => new Response('{"jams":[]}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await call(routes.jams.list, { query: { series: 'cx chat', status: undefined, limit: 5 } });
    await call(routes.moderation.removePanelist, { params: { slug: 'cx-1', handle: 'a/b' } });
    await call(routes.jams.control, { params: { slug: 'cx-1' }, body: { action: 'end' } });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([url, init]) => `${init.method} ${url} ${init.body ?? '-'}`)).toEqual([
      'GET /api/jams?series=cx+chat&limit=5 -',
      'DELETE /api/jams/cx-1/panelists/a%2Fb -',
      'POST /api/jams/cx-1/show {"action":"end"}',
    ]);
  });

  it('links transcript downloads as attachments', () => {
    expect(transcriptUrl('cx-1', 'csv')).toBe('/api/jams/cx-1/transcript.csv?download');
  });
});

import { nanoid } from 'nanoid';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { AuditEntryView, ModerationQueueView } from '../../shared/moderation.ts';
import type { MessageView } from '../../shared/model.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

/** Migration 002 and the moderation queries on PostgreSQL, in a throwaway database. */
const baseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const database = `tj_security_${nanoid(8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let reachable = true;
try {
  await admin((c) => c.query('SELECT 1'));
} catch (error) {
  if (process.env.TJ_REQUIRE_SERVICES === '1') throw new Error(`PostgreSQL is required (TJ_REQUIRE_SERVICES=1) but unreachable at ${baseUrl}: ${String(error)}`, { cause: error });
  reachable = false;
  console.warn(`SKIPPED moderation on PostgreSQL: ${baseUrl} unreachable (${String(error)})`);
}

describe.skipIf(!reachable)('moderation on PostgreSQL', () => {
  let server: RunningServer;

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(baseUrl);
    url.pathname = `/${database}`;
    server = await startTestServer({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await server?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('rules, sanctions, reports, pre-moderation with re-seq, delete and the audit log work the same', async () => {
    expect(server.store.dialect).toBe('postgres');
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries({ rules: 'Be kind.' });
    const jam = await host.createJam(series.slug, { live: true });
    const newcomer = await new ApiClient(server.url).signUp();
    expect((await newcomer.postMessage(jam.slug, 'hi')).body.error).toMatchObject({ field: 'rules' });
    await newcomer.post(`/api/series/${series.slug}/rules/accept`);
    await newcomer.post(`/api/series/${series.slug}/rules/accept`);

    await host.patch(`/api/jams/${jam.slug}/moderation`, { premoderation: true });
    const before = (await host.postMessage(jam.slug, 'host first')).body.message;
    const held = (await newcomer.postMessage(jam.slug, 'held until approved')).body.message;
    expect(held).toMatchObject({ held: true });
    expect((await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body.held.map((m) => m.id)).toEqual([held.id]);
    const approved = (await host.post<{ message: MessageView }>(`/api/jams/${jam.slug}/messages/${held.id}/approve`)).body.message;
    expect(approved.seq).toBeGreaterThan(before.seq);

    const reporter = await new ApiClient(server.url).signUp();
    await reporter.post(`/api/series/${series.slug}/rules/accept`);
    expect((await reporter.post(`/api/jams/${jam.slug}/messages/${approved.id}/report`, { reason: 'spam' })).body).toEqual({ reported: true });
    expect((await reporter.post(`/api/jams/${jam.slug}/messages/${approved.id}/report`, { reason: 'spam' })).body).toEqual({ reported: false });

    await host.post(`/api/series/${series.slug}/sanctions`, { handle: newcomer.user!.handle, kind: 'mute', jam: jam.slug, minutes: 5 });
    expect((await newcomer.postMessage(jam.slug, 'muted?')).body.error).toMatchObject({ field: 'muted' });
    expect((await host.post(`/api/series/${series.slug}/sanctions/lift`, { handle: newcomer.user!.handle, kind: 'mute', jam: jam.slug })).body).toEqual({ lifted: 1 });
    expect((await host.request('DELETE', `/api/jams/${jam.slug}/messages/${approved.id}`)).status).toBe(204);

    const audit = (await host.get<{ entries: AuditEntryView[] }>(`/api/series/${series.slug}/audit?limit=3`)).body.entries;
    expect(audit.map((e) => e.action)).toEqual(['message.delete', 'user.unmute', 'user.mute']);
    const older = (await host.get<{ entries: AuditEntryView[] }>(`/api/series/${series.slug}/audit?before=${audit[2]!.id}`)).body.entries;
    expect(older.map((e) => e.action)).toEqual(['message.approve', 'jam.moderation']);
  });
});

import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../../server/store/messages.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/**
 * Issue 14, item 2: control characters no text needs are refused at the schema edge, alike on both
 * stores (PostgreSQL cannot store U+0000 at all), and one bad row never fails the posts beside it.
 */
function suite(store: 'sqlite' | 'postgres') {
  let server: RunningServer;
  let drop: (() => Promise<void>) | undefined;
  let host: ApiClient;
  let jam: { slug: string; id: string };
  let message: { id: string };

  beforeAll(async () => {
    if (store === 'postgres') {
      const schema = await freshPostgresSchema();
      drop = schema.drop;
      server = await startTestServer({ databaseUrl: schema.url });
    } else {
      server = await startTestServer();
    }
    host = await new ApiClient(server.url).signUp();
    const created = await host.createJam((await host.createSeries()).slug, { live: true });
    jam = { slug: created.slug, id: (await server.store.jams.bySlug(created.slug))!.id };
    message = (await host.postMessage(jam.slug, 'a message to report')).body.message;
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  const refusedFor = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_input', field }) });

  it.each([
    ['U+0000 (NUL)', '\u0000'],
    ['U+0007 (BEL)', '\u0007'],
    ['a terminal escape', '\u001b[31m'],
    ['U+007F (DEL)', '\u007f'],
    ['U+0085 (NEL)', '\u0085'],
    ['U+009B (CSI)', '\u009b'],
  ])('refuses %s in every text field with 400 naming the field', async (_name, bad) => {
    const text = `before${bad}after`;
    const checks: [Promise<{ status: number; body: unknown }>, string][] = [
      [host.postMessage(jam.slug, text), 'text'],
      [new ApiClient(server.url).post('/api/auth/signup', { handle: `n${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}`, password: 'correct horse battery', displayName: text }), 'displayName'],
      [host.patch('/api/auth/me', { displayName: text }), 'displayName'],
      [host.patch('/api/auth/me', { bio: text }), 'bio'],
      [host.post('/api/series', { name: text, hashtag: `t${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}` }), 'name'],
      [host.patch(`/api/jams/${jam.slug}`, { title: text }), 'title'],
      [host.patch(`/api/jams/${jam.slug}`, { questions: [{ text, offsetMin: 0 }] }), 'questions.0.text'],
      [host.post(`/api/jams/${jam.slug}/messages/${message.id}/report`, { reason: text }), 'reason'],
    ];
    for (const [pending, field] of checks) {
      const res = await pending;
      expect({ status: res.status, body: res.body }, field).toEqual({ status: 400, body: refusedFor(field) });
    }
    const socket = await host.connect();
    try {
      const ack = await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text });
      expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid_input', field: 'text' }) });
    } finally {
      socket.close();
    }
  });

  it('keeps the line breaks and tabs a message may carry', async () => {
    const res = await host.postMessage(jam.slug, 'line one\nline two\r\n\tindented');
    expect(res.status).toBe(201);
  });

  it.each([
    ['a zero-width space', '\u200b'],
    ['joiners and a BOM', '\u200b\u2060\ufeff'],
    ['Hangul fillers', '\u3164\u3164'],
    ['the braille blank', '\u2800'],
    ['spaces, a ZWJ and a soft hyphen', ' \u200d\u00ad '],
  ])('refuses a message of only invisible characters: %s', async (_name, invisible) => {
    const res = await host.postMessage(jam.slug, invisible);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(refusedFor('text'));
  });

  it('a row the store refuses fails alone: the posts written beside it commit and ack', async () => {
    const row = (text: string, authorId = host.user!.id): NewMessage => ({
      id: nanoid(),
      jam_id: jam.id,
      client_id: nanoid(),
      author_id: authorId,
      author_handle: host.user!.handle,
      author_name: 'Host',
      author_role: 'host',
      text,
      question: null,
      reply_to: null,
      source: 'native',
      external_id: null,
      external_url: null,
      external_author_id: null,
      hidden: 0,
      hidden_reason: null,
      featured: 0,
      created_at: new Date().toISOString(),
    });
    // Past the schema (as a bridge or a bug could): an author who does not exist breaks its row on
    // both stores; on PostgreSQL so does U+0000, the character the attack run used.
    const bad = new Map([[17, row('orphan', 'no-such-user')], ...(store === 'postgres' ? [[29, row('nul \u0000 inside')] as const] : [])]);
    const rows = Array.from({ length: 40 }, (_, i) => bad.get(i) ?? row(`innocent ${i}`));
    const settled = await Promise.allSettled(rows.map((r) => server.services.posting.write(r)));
    const failed = settled.filter((s) => s.status === 'rejected');
    expect(failed).toHaveLength(bad.size);
    for (const failure of failed) expect((failure as PromiseRejectedResult).reason).toMatchObject({ code: 'unavailable' });
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(40 - bad.size);
    const stored = await server.store.messages.after(jam.id, 0, 1000);
    const innocents = stored.filter((m) => m.text.startsWith('innocent'));
    expect(innocents).toHaveLength(40 - bad.size);
    // Seqs stay gap-free: the refused row took none.
    const seqs = stored.map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
}

describe('control characters and poisoned batches on SQLite', () => suite('sqlite'));
describeWithServices(['postgres'], 'control characters and poisoned batches on PostgreSQL', () => suite('postgres'));

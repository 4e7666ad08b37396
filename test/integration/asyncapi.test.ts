import fs from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ackSchemaOf, clientEvents, PROTOCOL_VERSION, serverEvents } from '../../shared/protocol.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';

interface AsyncApiDoc {
  asyncapi: string;
  info: { version: string; 'x-protocol-version': number };
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  operations: Record<string, { action: 'send' | 'receive'; channel: { $ref: string }; reply?: unknown }>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let server: RunningServer;
let doc: AsyncApiDoc;
const sockets: JamSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
  doc = (await new ApiClient(server.url).get<AsyncApiDoc>('/api/asyncapi.json')).body;
});
afterAll(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await server?.close();
});

/** Event names the document has, by the direction the server sees them. */
const documented = (action: 'send' | 'receive') =>
  new Set(
    Object.values(doc.operations)
      .filter((o) => o.action === action)
      .map((o) => doc.channels[o.channel.$ref.replace('#/channels/', '')]!.address),
  );

/**
 * Every `.emit('noun:verb'` in server/realtime/ (the only place the server speaks Socket.IO),
 * leaving out the domain event bus (`events.emit`), which has names of its own.
 */
function emittedInSource(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts') && !file.endsWith('.test.ts')) {
        for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
          if (/events\??\.emit\(/.test(line)) continue;
          for (const match of line.matchAll(/\.emit\(\s*'([a-z]+:[a-z]+)'/g)) names.add(match[1]!);
        }
      }
    }
  };
  walk(path.resolve(import.meta.dirname, '../../server/realtime'));
  return names;
}

describe('GET /api/asyncapi.json', () => {
  it('is a valid AsyncAPI 3.0 document', async () => {
    const { document, diagnostics } = await new Parser().parse(doc as never);
    const problems = diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
    expect(problems).toEqual([]);
    expect(document).toBeDefined();
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info['x-protocol-version']).toBe(PROTOCOL_VERSION);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerToken', 'sessionCookie']);
    expect(doc.components.schemas.HandshakeAuth).toBeDefined();
  });

  it('has every event the server listens for, with its ack as the reply', async () => {
    const socket = await new ApiClient(server.url).connect();
    sockets.push(socket);
    // The server listens through one catch-all listener, so what it listens for is what it answers:
    // every event of the map acks (here refusing a payload that is no object), any other event never does.
    const loose = socket as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string } }> } };
    const registered: string[] = [];
    for (const event of Object.keys(clientEvents)) {
      const ack = await loose.timeout(5000).emitWithAck(event, null);
      expect(ack, event).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      registered.push(event);
    }
    await expect(loose.timeout(300).emitWithAck('jam:nonsense', { slug: 'nowhere' })).rejects.toThrow();
    expect(registered.length).toBeGreaterThan(10);
    const receives = documented('receive');
    for (const event of registered) expect(receives, `${event} is missing from the document`).toContain(event);
    for (const [id, operation] of Object.entries(doc.operations)) if (operation.action === 'receive') expect(operation.reply, `${id} has no ack`).toBeDefined();
    expect([...receives].sort()).toEqual(Object.keys(clientEvents).sort());
  });

  it('has every event the server emits', () => {
    const emitted = emittedInSource();
    expect(emitted.size).toBeGreaterThan(8);
    const sends = documented('send');
    for (const event of emitted) expect(sends, `${event} is emitted but missing from the document`).toContain(event);
    expect([...sends].sort()).toEqual(Object.keys(serverEvents).sort());
  });
});

describe('the event map against real traffic', () => {
  it('a post needs no jam:join first, and acks and broadcasts match their schemas', async () => {
    const host = await new ApiClient(server.url).signUp('map_host');
    const series = await host.createSeries({ hashtag: 'mapchat' });
    const jam = await host.createJam(series.slug, { live: true });
    const viewer = await new ApiClient(server.url).connect();
    const poster = await (await new ApiClient(server.url).signUp('map_poster')).connect();
    sockets.push(viewer, poster);
    const joined = await viewer.emitWithAck('jam:join', { slug: jam.slug });
    expect(joined.ok).toBe(true);
    // zod drops keys a schema does not name: equality means nothing is undocumented either.
    expect(ackSchemaOf(clientEvents['jam:join'].result).parse(joined)).toEqual(joined);
    const created = collect(viewer, 'message:created', 1);

    const sent = await poster.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'A1: no join needed' });
    expect(sent).toMatchObject({ ok: true, duplicate: false });
    expect(ackSchemaOf(clientEvents['message:send'].result).parse(sent)).toEqual(sent);
    const [broadcast] = await created;
    expect(broadcast).toMatchObject({ text: 'A1: no join needed #mapchat' });
    expect(serverEvents['message:created'].payload.parse(broadcast)).toEqual(broadcast);

    const refused = await poster.emitWithAck('message:send', { slug: jam.slug, clientId: 'short', text: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(ackSchemaOf(clientEvents['message:send'].result).parse(refused)).toEqual(refused);
  });
});

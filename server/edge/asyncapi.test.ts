import { describe, expect, it } from 'vitest';
import { clientEvents, serverEvents } from '../../shared/protocol.ts';
import { buildAsyncApi } from './asyncapi.ts';

type Doc = {
  servers: Record<string, { host: string; protocol: string; pathname: string }>;
  channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  components: { schemas: Record<string, { $ref?: string }>; messages: Record<string, { payload: unknown }> };
};

describe('buildAsyncApi', () => {
  it('points clients at the origin they reached, over wss behind https', () => {
    const doc = buildAsyncApi({ origin: 'https://jams.example' }) as unknown as Doc;
    expect(doc.servers.tweetjam).toMatchObject({ host: 'jams.example', protocol: 'wss', pathname: '/socket.io' });
    expect((buildAsyncApi({ origin: 'http://127.0.0.1:4130' }) as unknown as Doc).servers.tweetjam).toMatchObject({ host: '127.0.0.1:4130', protocol: 'ws' });
  });

  it('gives each client event a request and an ack message, and each server event one message, on a channel named by the event', () => {
    const doc = buildAsyncApi() as unknown as Doc;
    const addresses = Object.values(doc.channels).map((c) => c.address).sort();
    expect(addresses).toEqual([...Object.keys(clientEvents), ...Object.keys(serverEvents)].sort());
    for (const event of Object.keys(clientEvents)) expect(Object.keys(doc.channels[event.replace(/:/g, '.')]!.messages)).toHaveLength(2);
    // Shared views are written once and referenced, never copied into each message.
    expect(doc.components.schemas.MessageView).toBeDefined();
    expect(JSON.stringify(doc.components.messages['message.created']!.payload)).toBe('{"$ref":"#/components/schemas/MessageView"}');
    expect(JSON.stringify(doc)).not.toContain('#/definitions/');
  });
});

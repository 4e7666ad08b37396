import { describe, expect, it } from 'vitest';
import { EventReader } from './mastodonStream.ts';

describe('reading server-sent events', () => {
  it('yields each event once its blank line arrives, however the chunks are cut, skipping heartbeat comments', () => {
    const reader = new EventReader();
    expect(reader.push(':)\nevent: upd')).toEqual([]);
    expect(reader.push('ate\ndata: {"id":"1"}\n')).toEqual([]);
    expect(reader.push('\n:thump\n')).toEqual([{ name: 'update', data: '{"id":"1"}' }]);
    expect(reader.push('event: delete\r\ndata: 2\r\n\r\ndata: a\ndata:b\n\n')).toEqual([
      { name: 'delete', data: '2' },
      { name: 'message', data: 'a\nb' },
    ]);
  });
});

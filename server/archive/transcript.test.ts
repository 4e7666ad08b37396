import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/model.ts';
import { liveJam, message } from '../../client/src/testing/fixtures.ts';
import { transcriptRows } from './transcript.ts';

describe('the transcript as rows (the archive page reads them a page at a time)', () => {
  it('puts each answer under its question, replies one level deeper, in order', () => {
    const a = message(1, { question: 1 });
    const reply = message(2, { question: 1, replyTo: a.id });
    const b = message(3, { question: 2 });
    const transcript: Transcript = {
      jam: liveJam({ status: 'ended' }),
      messageCount: 3,
      exportedAt: '2026-01-01T00:00:00Z',
      sections: [
        { question: { n: 1, text: 'One?', releasedAt: null, asked: false }, threads: [{ message: a, replies: [{ message: reply, replies: [] }] }] },
        { question: { n: 2, text: 'Two?', releasedAt: null, asked: false }, threads: [{ message: b, replies: [] }] },
      ],
    };
    const rows = transcriptRows(transcript).map((r) => (r.kind === 'question' ? `Q${r.n}` : `${r.message.seq}@${r.depth} under Q${r.n}`));
    expect(rows).toEqual(['Q1', '1@0 under Q1', '2@1 under Q1', 'Q2', '3@0 under Q2']);
  });
});

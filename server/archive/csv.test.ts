import { describe, expect, it } from 'vitest';
import type { JamView, MessageView } from '../../shared/model.ts';
import { buildTranscript } from './transcript.ts';
import { csvCell, GUARDED_TRANSCRIPT_COLUMNS, transcriptCsv } from './csv.ts';

/** RFC 4180 reader, enough for the exports: quoted cells, doubled quotes, CRLF rows. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++; // the \n of CRLF
    } else cell += c;
  }
  return rows;
}

const show = { status: 'ended', startsAt: '2026-11-01T17:00:00.000Z', endsAt: '2026-11-01T18:00:00.000Z', startedAt: '2026-11-01T17:00:00.000Z', endedAt: '2026-11-01T18:00:00.000Z', currentQuestion: 1, nextQuestion: null, nextQuestionAt: null, extendedMin: 0, releasedAt: ['2026-11-01T17:05:00.000Z'], plannedAt: ['2026-11-01T17:05:00.000Z'], at: '2026-11-01T18:00:00.000Z' } as const;
const jam: JamView = {
  slug: 'csvjam', title: 'CSV jam', status: 'ended', startsAt: show.startsAt, durationMin: 60, series: { slug: 'csv', name: 'CSV', hashtag: '#csv', timeZone: 'UTC' },
  questionCount: 1, messageCount: 2, viewers: 0, description: '', timeZone: 'UTC', rules: '', questions: [{ n: 1, text: 'Q?', offsetMin: 5, releaseAt: show.releasedAt[0], released: true }],
  panelists: [], hosts: [], show: { ...show, releasedAt: [...show.releasedAt], plannedAt: [...show.plannedAt] }, permalink: '/jams/csvjam', questionsPublic: true,
};
const message = (over: Partial<MessageView>): MessageView => ({
  id: 'm1', seq: 1, jamSlug: 'csvjam', clientId: 'c1', author: { handle: 'ann', displayName: 'Ann', role: 'participant' }, text: 'hello', createdAt: '2026-11-01T17:06:00.000Z',
  question: 1, replyTo: null, source: 'native', externalUrl: null, featured: false, hidden: false, boosts: 0, permalink: '/jams/csvjam/m/m1', ...over,
});

describe('transcript CSV', () => {
  // nanoid ids start with "-" about one time in 64: such an id must read the same in CSV and JSON.
  it('a message id starting with "-" joins between CSV and JSON', () => {
    const root = message({ id: '-Root_id', seq: 1, text: '=SUM(A1) #csv' });
    const reply = message({ id: 'Reply-2', seq: 2, replyTo: '-Root_id', text: '-1 from me', author: { handle: 'bo', displayName: '@Bo', role: 'panelist' } });
    const transcript = buildTranscript(jam, [root, reply], new Date('2026-11-02T00:00:00Z'));
    const [header, ...rows] = readCsv(transcriptCsv(transcript, 'https://tj.example'));
    const col = (name: string) => header!.indexOf(name);
    const byId = new Map(rows.map((r) => [r[col('id')], r]));
    const json = JSON.parse(JSON.stringify(transcript)) as typeof transcript;
    for (const m of json.sections.flatMap((s) => s.threads.flatMap((t) => [t.message, ...t.replies.map((r) => r.message)]))) {
      const row = byId.get(m.id);
      expect(row, `CSV row for ${m.id}`).toBeDefined();
      expect(row![col('seq')]).toBe(String(m.seq));
      expect(row![col('reply_to')]).toBe(m.replyTo ?? '');
      expect(row![col('created_at')]).toBe(m.createdAt);
    }
    // People's text is still defused.
    expect(byId.get('-Root_id')![col('text')]).toBe("'=SUM(A1) #csv");
    expect(byId.get('Reply-2')![col('text')]).toBe("'-1 from me");
    expect(byId.get('Reply-2')![col('author_name')]).toBe("'@Bo");
  });

  it('guards exactly the cells people write', () => {
    expect(GUARDED_TRANSCRIPT_COLUMNS).toEqual(['author_handle', 'author_name', 'text']);
    expect(csvCell('-abc', false)).toBe('-abc');
    expect(csvCell('+1', true)).toBe("'+1");
    expect(csvCell(-3)).toBe('-3');
  });
});

import type { SearchHit, Transcript } from '../../shared/model.ts';
import { loadJamContext } from '../jams/context.ts';
import type { Deps } from '../jams/deps.ts';
import type { JamService } from '../jams/jams.ts';
import { presentMessage } from '../presenters.ts';
import type { JamRow } from '../store/jams.ts';
import { buildTranscript } from './transcript.ts';

/** Readers' side: transcripts and search over every jam's visible messages. */
export class Archive {
  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
  ) {}

  async transcript(slug: string): Promise<Transcript> {
    const context = await loadJamContext(this.deps.store, slug);
    const [jam, rows] = await Promise.all([this.jams.viewOf(context), this.deps.store.messages.allVisible(context.jam.id)]);
    return buildTranscript(jam, rows.map((row) => presentMessage(row, slug)), this.deps.clock.now());
  }

  async search(query: string, options: { jamSlug?: string; limit: number }): Promise<SearchHit[]> {
    const { store } = this.deps;
    const scope = options.jamSlug ? await loadJamContext(store, options.jamSlug) : null;
    const rows = await store.messages.search(query, { jamId: scope?.jam.id, limit: options.limit });
    // Three reads for every hit's jam, series and questions together, not three per jam.
    const jamRows = await store.jams.byIds([...new Set(rows.map((r) => r.message.jam_id))]);
    const [seriesRows, questionRows] = await Promise.all([store.series.byIds([...new Set(jamRows.map((j) => j.series_id))]), store.jams.questionsOf(jamRows.map((j) => j.id))]);
    const hashtags = new Map(seriesRows.map((s) => [s.id, s.hashtag]));
    const jams = new Map<string, { jam: JamRow; hashtag: string; questions: Map<number, string> }>(jamRows.map((jam) => [jam.id, { jam, hashtag: hashtags.get(jam.series_id) ?? '', questions: new Map() }]));
    for (const q of questionRows) jams.get(q.jam_id)?.questions.set(q.n, q.text);
    return rows.map(({ message: row, snippet }) => {
      const { jam, hashtag, questions } = jams.get(row.jam_id)!;
      const message = presentMessage(row, jam.slug);
      const questionText = row.question !== null ? questions.get(row.question) : undefined;
      return {
        message,
        jam: { slug: jam.slug, title: jam.title, startsAt: jam.starts_at, hashtag },
        question: row.question !== null && questionText !== undefined ? { n: row.question, text: questionText } : null,
        permalink: message.permalink,
        snippet,
      };
    });
  }
}


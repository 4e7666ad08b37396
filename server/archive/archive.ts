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
    const jams = new Map<string, { jam: JamRow; hashtag: string; questions: Map<number, string> }>();
    for (const jamId of new Set(rows.map((r) => r.message.jam_id))) {
      const jam = (await store.jams.byId(jamId))!;
      const [series, questions] = await Promise.all([store.series.byId(jam.series_id), store.jams.questions(jamId)]);
      jams.set(jamId, { jam, hashtag: series?.hashtag ?? '', questions: new Map(questions.map((q) => [q.n, q.text])) });
    }
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


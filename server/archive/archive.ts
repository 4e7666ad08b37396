import { randomBytes } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { SearchHit, TranscriptRow, TranscriptRows } from '../../shared/archive.ts';
import type { MessageView, Transcript } from '../../shared/model.ts';
import { loadJamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import { presentMessage } from '../presenters.ts';
import type { SearchCursor, SearchSort } from '../store/messages.ts';
import { invalidInput, notFound } from '../errors.ts';
import { presentAudienceQuestion, presentPoll, publicPoll } from '../interaction/present.ts';
import { buildTranscript, transcriptRows } from './transcript.ts';

/**
 * A transcript in one format, as served: a kept rendering whole, or a fresh one as pieces to send
 * while they are rendered (then `keep` holds on to the finished body for the next readers).
 */
export interface Rendering {
  /** A strong validator (quoted, for the ETag header): names this one rendering, so a body is known before it is rendered. */
  etag: string;
  /** Ended jams' renderings are cached and revalidate cheaply; live ones change with every post. */
  ended: boolean;
  body?: Buffer;
  chunks?: Iterable<string>;
  keep?(body: Buffer): void;
}

interface KeptRendering {
  etag: string;
  body: Buffer;
}

/** Messages presented between two turns of the event loop. */
const PRESENT_SLICE = 500;

/** Jams whose renderings are kept at most, and their bytes at most (a 20,000-message JSON is 18 MB). */
const CACHED_JAMS = 200;
const CACHED_BYTES = 128 * 1024 * 1024;
/** Bigger renderings are streamed anew each time rather than crowd out the rest. */
const LARGEST_KEPT = 32 * 1024 * 1024;

/** Jams whose transcript rows (the archive page's pages) are kept at most. */
const KEPT_ROWS = 8;

/** A transcript flattened for paging: the outline every page carries, the rows, and each message's row. */
interface PagedTranscript {
  outline: Pick<TranscriptRows, 'jam' | 'sections' | 'messageCount' | 'rowCount'>;
  rows: TranscriptRow[];
  rowOf: Map<string, number>;
}

/** Readers' side: transcripts and search over every jam's visible messages. */
export class Archive {
  /** Flattened transcripts by jam slug (least recently read first), valid while the jam's generation is unchanged. */
  #paged = new Map<string, { generation: number; paged: Promise<PagedTranscript> }>();
  /** Ended jams' kept renderings by jam slug (least recently read first), then by format and origin. */
  #rendered = new Map<string, Map<string, KeptRendering>>();
  #renderedBytes = 0;
  /** Bumped by every change to a jam, so a rendering begun before it is never cached after it. */
  #generation = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
  ) {
    // An ended jam's transcript changes only by moderation (hide, unhide, feature, approve, delete)
    // or an edit of the jam or its series: each drops what was rendered.
    // Changes made on other nodes arrive through forget() (realtime/clusterCaches.ts).
    const forget = ({ jamSlug }: { jamSlug: string }) => this.forget(jamSlug);
    deps.events.on('message:hidden', forget);
    deps.events.on('message:updated', forget);
    deps.events.on('message:created', forget);
    deps.events.on('jam:updated', forget);
    deps.events.on('series:updated', () => this.forgetAll());
  }

  /** A jam changed (here or on another node): what was kept of it is dropped. */
  forget(slug: string): void {
    this.#generation.set(slug, (this.#generation.get(slug) ?? 0) + 1);
    this.#drop(slug);
    this.#paged.delete(slug);
  }

  /** A series changed (its name or zone is in every rendering): everything kept goes. */
  forgetAll(): void {
    for (const slug of new Set([...this.#rendered.keys(), ...this.#paged.keys()])) this.forget(slug);
  }

  /**
   * A transcript rendered by `render` (one format for one origin): an ended jam's from memory
   * after its first reading, so thousands of readers cost the store one read. A fresh rendering
   * is handed out as pieces, so the caller can stream it while it renders.
   */
  async rendering(slug: string, key: string, render: (transcript: Transcript) => Iterable<string>): Promise<Rendering> {
    const formats = this.#rendered.get(slug);
    const kept = formats?.get(key);
    if (formats && kept) {
      this.#rendered.delete(slug);
      this.#rendered.set(slug, formats);
      return { etag: kept.etag, ended: true, body: kept.body };
    }
    const generation = this.#generation.get(slug) ?? 0;
    const transcript = await this.transcript(slug);
    const ended = transcript.jam.status === 'ended';
    const etag = `"${randomBytes(18).toString('base64url')}"`;
    const keep = (body: Buffer) => {
      if (!ended || (this.#generation.get(slug) ?? 0) !== generation || body.length > LARGEST_KEPT) return;
      this.#keep(slug, key, { etag, body });
    };
    return { etag, ended, chunks: render(transcript), keep };
  }

  #keep(slug: string, key: string, rendering: KeptRendering): void {
    const formats = this.#rendered.get(slug) ?? new Map<string, KeptRendering>();
    this.#renderedBytes += rendering.body.length - (formats.get(key)?.body.length ?? 0);
    this.#rendered.delete(slug);
    this.#rendered.set(slug, formats.set(key, rendering));
    while (this.#rendered.size > 1 && (this.#rendered.size > CACHED_JAMS || this.#renderedBytes > CACHED_BYTES)) this.#drop(this.#rendered.keys().next().value!);
  }

  #drop(slug: string): void {
    for (const kept of this.#rendered.get(slug)?.values() ?? []) this.#renderedBytes -= kept.body.length;
    this.#rendered.delete(slug);
  }

  /**
   * One page of a transcript's rows with its outline: from `offset`, or around `message` (a
   * permalink). The transcript is read and flattened once per version of the jam and kept, so
   * reading a 20,000-message archive page by page costs the store one read.
   */
  async transcriptRows(slug: string, page: { offset: number; limit: number; message?: string }): Promise<TranscriptRows> {
    const { outline, rows, rowOf } = await this.#pagedOf(slug);
    const messageRow = page.message === undefined ? null : (rowOf.get(page.message) ?? null);
    // A permalink's page starts a little before it, so what led up to it shows too.
    const offset = page.message === undefined ? page.offset : Math.max(0, Math.min(rows.length - page.limit, (messageRow ?? 0) - Math.floor(page.limit / 4)));
    return { ...outline, offset, rows: rows.slice(offset, offset + page.limit), messageRow };
  }

  #pagedOf(slug: string): Promise<PagedTranscript> {
    const generation = this.#generation.get(slug) ?? 0;
    const kept = this.#paged.get(slug);
    this.#paged.delete(slug);
    if (kept && kept.generation === generation) {
      this.#paged.set(slug, kept);
      return kept.paged;
    }
    const paged = this.transcript(slug).then((transcript): PagedTranscript => {
      const rows = transcriptRows(transcript);
      const rowOf = new Map<string, number>();
      const sections = transcript.sections.map(({ question }) => ({ question, row: 0, messages: 0 }));
      let section = -1;
      rows.forEach((row, i) => {
        if (row.kind === 'question') sections[++section]!.row = i;
        else {
          sections[section]!.messages++;
          rowOf.set(row.message.id, i);
        }
      });
      return { outline: { jam: transcript.jam, sections, messageCount: transcript.messageCount, rowCount: rows.length }, rows, rowOf };
    });
    this.#paged.set(slug, { generation, paged });
    while (this.#paged.size > KEPT_ROWS) this.#paged.delete(this.#paged.keys().next().value!);
    // Kept only for ended jams, which change by moderation alone (and tell every node); a failed read is not kept either.
    const drop = () => this.#paged.get(slug)?.paged === paged && this.#paged.delete(slug);
    paged.then((p) => p.outline.jam.status !== 'ended' && drop(), drop);
    return paged;
  }

  async transcript(slug: string): Promise<Transcript> {
    const context = await loadJamContext(this.deps.store, slug);
    const [jam, rows, asked, polls] = await Promise.all([
      this.jams.viewOf(context, null),
      this.deps.store.messages.allVisible(context.jam.id),
      this.deps.store.interaction.questions(context.jam.id),
      this.deps.store.interaction.polls(context.jam.id),
    ]);
    // Presented a slice at a time, other work running between slices: a big jam's 20,000 rows would hold the event loop.
    const views: MessageView[] = [];
    for (let i = 0; i < rows.length; i += PRESENT_SLICE) {
      if (i > 0) await setImmediate();
      for (const row of rows.slice(i, i + PRESENT_SLICE)) views.push(presentMessage(row, slug));
    }
    const transcript = buildTranscript(jam, views, this.deps.clock.now());
    const promotedTo = new Map(jam.questions.filter((q) => q.audienceQuestionId).map((q) => [q.audienceQuestionId!, q.n]));
    // Readers see what the audience saw: no held or hidden questions; poll counts once final or revealed.
    // Most votes first, answered or not (merged duplicates last): what the audience wanted most.
    const audienceQuestions = asked
      .filter((q) => q.held === 0 && q.status !== 'hidden')
      .map((q) => presentAudienceQuestion(q, slug, promotedTo.get(q.id) ?? null))
      .sort((a, b) => Number(a.status === 'merged') - Number(b.status === 'merged') || b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
    const ended = jam.status === 'ended';
    return { ...transcript, audienceQuestions, polls: polls.map((p) => presentPoll(p, slug)).map((p) => (ended ? p : publicPoll(p))) };
  }

  /** One page of search hits and the cursor for the next (null after the last match). */
  async search(query: string, options: SearchRequest): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
    const { store } = this.deps;
    const sort = options.sort ?? 'newest';
    const scope = options.jamSlug ? await loadJamContext(store, options.jamSlug) : null;
    const series = options.seriesSlug ? await store.series.bySlug(options.seriesSlug) : null;
    if (options.seriesSlug && !series) throw notFound('series');
    // A member's messages by account (indexed, and whatever handle they were posted under); any other handle is a bridged author's.
    const member = options.author ? await store.users.byHandle(options.author) : undefined;
    const page = await store.messages.search(query, {
      jamId: scope?.jam.id,
      seriesId: series?.id,
      ...(options.author ? (member ? { authorId: member.id } : { authorHandle: options.author }) : {}),
      from: options.from,
      to: options.to,
      sort,
      limit: options.limit,
      cursor: options.cursor === undefined ? undefined : decodeCursor(options.cursor, sort),
    });
    // Each hit's jam, hashtag and (publicly visible) question text come with it from the search itself.
    const hits = page.rows.map(({ message: row, snippet, jam, questionText }) => {
      const message = presentMessage(row, jam.slug);
      return {
        message,
        jam,
        question: row.question !== null && questionText !== null ? { n: row.question, text: questionText } : null,
        permalink: message.permalink,
        snippet,
      };
    });
    return { hits, nextCursor: page.next ? encodeCursor(page.next, sort) : null };
  }
}

export interface SearchRequest {
  jamSlug?: string;
  seriesSlug?: string;
  author?: string;
  from?: string;
  to?: string;
  sort?: SearchSort;
  limit: number;
  /** The nextCursor of the previous page, for the same query, filters and sort. */
  cursor?: string;
}

/** Opaque to clients: where the last page ended, and in which order (a cursor of the other order is refused). */
function encodeCursor(cursor: SearchCursor, sort: SearchSort): string {
  return Buffer.from(JSON.stringify(sort === 'newest' ? ['n', cursor.pos] : ['r', cursor.pos, cursor.score])).toString('base64url');
}

function decodeCursor(text: string, sort: SearchSort): SearchCursor {
  const refuse = () => invalidInput(`cursor is not a nextCursor of a search sorted by ${sort}`, 'cursor');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || !Number.isSafeInteger(value[1])) throw refuse();
  if (sort === 'newest' && value[0] === 'n' && value.length === 2) return { pos: value[1] };
  if (sort === 'relevance' && value[0] === 'r' && value.length === 3 && typeof value[2] === 'number' && Number.isFinite(value[2])) return { pos: value[1], score: value[2] };
  throw refuse();
}


import type { JamView, MessageView } from '../../shared/model.ts';
import { recapContentSchema, recapPath, type RecapBlockView, type RecapContent, type RecapDraftView, type RecapSummary, type RecapView, type SaveRecapDraftInput } from '../../shared/recaps.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { loadJamContext, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { RecapRepo, type RecapRow } from './repo.ts';
import { defaultRecap } from './draft.ts';
import { jamAllowing } from '../core/policy.ts';

const parseContent = (json: string): RecapContent => recapContentSchema.parse(JSON.parse(json));
const quotedIds = (content: RecapContent) => content.blocks.flatMap((b) => (b.kind === 'quote' ? [b.messageId] : []));

/**
 * Recap stories: a host's draft (autosaved, compare-and-set on its version) and published versions.
 * A published recap is rendered from the messages' state at read time, so a message hidden later
 * drops out at once; hosts are told through the draft's `hiddenSincePublish`.
 */
export class Recaps {
  readonly repo: RecapRepo;
  #listeners: ((event: { jamId: string; jamSlug: string; version: number }) => void)[] = [];

  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
  ) {
    this.repo = new RecapRepo(deps.store.db);
    deps.events.on('message:hidden', ({ jamId, id }) => void this.messageHidden(jamId, id).catch(() => {}));
  }

  /** Called after each publication (the mailer sends the recap to those who asked). */
  onPublished(listener: (event: { jamId: string; jamSlug: string; version: number }) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * The draft; the first time a host opens it, it is created from the featured answers (version 1).
   * Two hosts (or tabs) opening it at once get the same first draft.
   */
  async draft(user: UserRow, slug: string): Promise<RecapDraftView> {
    const { context, jam } = await this.asHost(user, slug);
    const row = await this.repo.byJam(context.jam.id);
    if (row) return this.presentDraft(context, row);
    const messages = (await this.deps.store.messages.allVisible(context.jam.id)).map((m) => presentMessage(m, slug));
    const now = this.deps.clock.now().toISOString();
    const draft = JSON.stringify(defaultRecap(jam, messages));
    await this.repo.insertDraft({ jam_id: context.jam.id, series_id: context.series.id, draft, draft_version: 1, published_version: null, published_at: null, hidden_notice: '[]', updated_by: user.id, created_at: now, updated_at: now });
    return this.presentDraft(context, (await this.repo.byJam(context.jam.id))!);
  }

  /** Saves the draft if nobody saved since `input.version`; otherwise a conflict naming the newer version. */
  async save(user: UserRow, slug: string, input: SaveRecapDraftInput): Promise<RecapDraftView> {
    const { context } = await this.asHost(user, slug);
    const content: RecapContent = { cover: input.cover, blocks: input.blocks };
    await this.requireOwnMessages(context, content);
    const now = this.deps.clock.now().toISOString();
    const body = JSON.stringify(content);
    const saved = await this.repo.saveDraft(context.jam.id, input.version, body, user.id, now);
    const row = await this.repo.byJam(context.jam.id);
    if (!saved || !row) throw conflict(`the recap was changed elsewhere (now version ${row?.draft_version ?? 0}); reload it to continue`, 'version');
    return this.presentDraft(context, row);
  }

  /** Publishes the draft as saved at `version` as the next published version. */
  async publish(user: UserRow, slug: string, version: number): Promise<RecapView> {
    const { context } = await this.asHost(user, slug);
    const row = await this.repo.byJam(context.jam.id);
    if (!row) throw conflict('save the recap before publishing it', 'version');
    if (row.draft_version !== version) throw conflict(`the recap was changed elsewhere (now version ${row.draft_version}); reload it before publishing`, 'version');
    const content = parseContent(row.draft);
    if (content.blocks.length === 0) throw invalidInput('a recap needs at least one quote, heading or note', 'blocks');
    const next = (await this.repo.latestVersionNumber(context.jam.id)) + 1;
    await this.repo.publish({ jam_id: context.jam.id, version: next, body: row.draft, published_by: user.id, published_at: this.deps.clock.now().toISOString() });
    for (const listener of this.#listeners) listener({ jamId: context.jam.id, jamSlug: slug, version: next });
    return this.view(slug);
  }

  /** The published recap (newest version) as readers see it. */
  async view(slug: string): Promise<RecapView> {
    const context = await loadJamContext(this.deps.store, slug);
    const row = await this.repo.byJam(context.jam.id);
    if (!row || row.published_version === null) throw notFound(`a published recap of "${slug}"`);
    const version = (await this.repo.version(context.jam.id, row.published_version))!;
    const content = parseContent(version.body);
    const jam = await this.jams.viewOf(context, null);
    const rows = await this.deps.store.messages.byIds(context.jam.id, quotedIds(content));
    const visible = new Map(rows.filter((r) => r.hidden === 0).map((r) => [r.id, presentMessage(r, slug)]));
    return presentRecap(jam, content, visible, version.version, version.published_at);
  }

  /** The host has read the "hidden since publication" notice. */
  async acknowledgeHidden(user: UserRow, slug: string): Promise<RecapDraftView> {
    const { context } = await this.asHost(user, slug);
    await this.repo.setHiddenNotice(context.jam.id, []);
    return this.draft(user, slug);
  }

  async ofSeries(seriesSlug: string, limit = 50): Promise<RecapSummary[]> {
    const series = await this.deps.store.series.bySlug(seriesSlug);
    if (!series) throw notFound(`series "${seriesSlug}"`);
    return this.summaries(await this.repo.publishedOfSeries(series.id, limit));
  }

  async search(text: string, limit: number): Promise<RecapSummary[]> {
    return this.summaries(await this.repo.searchPublished(text, limit));
  }

  /** Whether a jam has a published recap (for its readers' link to it). */
  async publishedAt(jamId: string): Promise<string | null> {
    return (await this.repo.byJam(jamId))?.published_at ?? null;
  }

  private async summaries(rows: (RecapRow & { body: string })[]): Promise<RecapSummary[]> {
    const { store } = this.deps;
    const jams = new Map((await store.jams.byIds(rows.map((r) => r.jam_id))).map((j) => [j.id, j]));
    const series = new Map((await store.series.byIds([...new Set(rows.map((r) => r.series_id))])).map((s) => [s.id, s]));
    return rows.flatMap((row) => {
      const jam = jams.get(row.jam_id);
      if (!jam) return [];
      return [{ jamSlug: jam.slug, title: jam.title, cover: parseContent(row.body).cover, hashtag: series.get(row.series_id)?.hashtag ?? '', startsAt: jam.starts_at, publishedAt: row.published_at!, permalink: recapPath(jam.slug) }];
    });
  }

  private async messageHidden(jamId: string, messageId: string): Promise<void> {
    const row = await this.repo.byJam(jamId);
    if (!row || row.published_version === null) return;
    const version = await this.repo.version(jamId, row.published_version);
    if (!version || !quotedIds(parseContent(version.body)).includes(messageId)) return;
    const notice = JSON.parse(row.hidden_notice) as string[];
    if (!notice.includes(messageId)) await this.repo.setHiddenNotice(jamId, [...notice, messageId]);
  }

  private async asHost(user: UserRow, slug: string): Promise<{ context: JamContext; jam: JamView }> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'write its recaps');
    const jam = await this.jams.viewOf(context, null);
    if (jam.status !== 'ended') throw conflict(`a recap is written once the jam ends (it is ${jam.status})`);
    return { context, jam };
  }

  private async requireOwnMessages(context: JamContext, content: RecapContent): Promise<void> {
    const ids = [...new Set(quotedIds(content))];
    const found = new Set((await this.deps.store.messages.byIds(context.jam.id, ids)).map((r) => r.id));
    const stranger = ids.find((id) => !found.has(id));
    if (stranger) throw invalidInput(`message ${stranger} is not in this jam`, 'blocks');
  }

  private async presentDraft(context: JamContext, row: RecapRow): Promise<RecapDraftView> {
    const hiddenIds = JSON.parse(row.hidden_notice) as string[];
    const hidden = await this.deps.store.messages.byIds(context.jam.id, hiddenIds);
    return {
      jamSlug: context.jam.slug,
      content: parseContent(row.draft),
      version: row.draft_version,
      updatedAt: row.updated_at,
      published: row.published_version !== null ? { version: row.published_version, publishedAt: row.published_at! } : null,
      hiddenSincePublish: hidden.filter((m) => m.hidden === 1).map((m) => ({ id: m.id, author: m.author_handle, text: m.text })),
    };
  }
}

/** Readers' shape: quotes of hidden or missing messages are left out, and a heading left with nothing under it stays (the host's words). */
export function presentRecap(jam: JamView, content: RecapContent, visible: Map<string, MessageView>, version: number, publishedAt: string): RecapView {
  const questionText = new Map(jam.questions.map((q) => [q.n, q.text]));
  const blocks: RecapBlockView[] = content.blocks.flatMap((block): RecapBlockView[] => {
    if (block.kind !== 'quote') return [block];
    const message = visible.get(block.messageId);
    if (!message) return [];
    const n = message.question;
    return [{ kind: 'quote', message, question: n !== null && questionText.has(n) ? { n, text: questionText.get(n)! } : null }];
  });
  return {
    jam: { slug: jam.slug, title: jam.title, startsAt: jam.startsAt, timeZone: jam.timeZone, permalink: jam.permalink, series: jam.series, panelists: jam.panelists, hosts: jam.hosts },
    cover: content.cover,
    version,
    publishedAt,
    blocks,
    permalink: recapPath(jam.slug),
  };
}

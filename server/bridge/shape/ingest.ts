import { nanoid } from 'nanoid';
import { attachQuestion, parseAnswerNumber } from '../../../shared/answers.ts';
import type { MessageSource } from '../../../shared/model.ts';
import { loadJamContextFor, showOf, type JamContext } from '../../core/context.ts';
import type { Deps } from '../../core/deps.ts';
import type { Posting } from '../../jams/posting.ts';
import type { NetworkBans } from '../../moderation/networkBans.ts';
import type { MessageRow, NewMessage } from '../../store/messages.ts';
import { withoutLeadingMentions } from '../compose.ts';
import type { InboundPost } from './adapter.ts';

/** The bridge's own posts on a network, as the ingest needs them to skip them and to thread under them. */
export interface OwnPosts {
  /** The linked account's id on the network: its posts may be ours still racing their POST response. */
  accountId: string;
  /** Our posts among these ids or keys, by id and by key. */
  find(idsOrKeys: string[]): Promise<Map<string, { kind: 'question' | 'message'; ref: string }>>;
  /** Texts of our posts not yet confirmed. */
  unconfirmedTexts(): Promise<Set<string>>;
}

/**
 * Turns posts read from any network into messages of a live jam, marked with their network:
 * each stored once (client id `<network>:<key>`: tweet id, at:// URI, status URL), never the
 * bridge's own posts, attached to questions by the same "A3:" parsing as native posts (or to the
 * question post they reply to), threaded under an ingested post they reply to, and written and
 * fanned out through the same posting path as native posts.
 */
export class BridgedIngest {
  constructor(
    private readonly deps: Deps,
    private readonly posting: Posting,
    /** A bridged message of a jam by its network id (store lookup). */
    private readonly byExternalId: (jamId: string, source: MessageSource, externalId: string) => Promise<MessageRow | undefined>,
    /** Hosts' bans of bridged authors (server/moderation/networkBans.ts). */
    private readonly bans: Pick<NetworkBans, 'bannedAmong'>,
  ) {}

  /** Ingests posts (in the order given: oldest first) into one jam; returns how many were new. */
  async ingest(jamId: string, source: Exclude<MessageSource, 'native'>, posts: InboundPost[], own: OwnPosts): Promise<number> {
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam || posts.length === 0) return 0;
    const context = await loadJamContextFor(this.deps.store, jam);
    const unique = [...new Map(posts.map((p) => [p.key, p])).values()];
    const ours = await own.find(unique.flatMap((p) => [p.id, p.key]));
    // A banned author's posts are dropped here, for every network: never stored, never fanned out.
    const banned = await this.bans.bannedAmong(context, source, unique.map((p) => p.authorId).filter(Boolean));
    const pendingTexts = unique.some((p) => p.authorId === own.accountId) ? await own.unconfirmedTexts() : new Set<string>();
    const rows = new Map<string, NewMessage>();
    for (const post of unique) {
      // Our own question or mirrored post coming back (or racing the response that would have told us its id).
      if (ours.has(post.id) || ours.has(post.key) || (post.authorId === own.accountId && pendingTexts.has(post.text))) continue;
      if (banned.has(post.authorId)) continue;
      rows.set(post.id, await this.toMessage(context, source, post, own, rows));
    }
    // Queued together, in order: the jam's queue writes them in one transaction.
    // Judged by the series' automatic moderation like native posts (context given).
    const results = await Promise.all([...rows.values()].map((row) => this.posting.ingest(row, jam.slug, context)));
    return results.filter((r) => !r.duplicate).length;
  }

  /** `batch`: rows composed earlier in this ingest, not yet stored, so a reply can point at them. */
  private async toMessage(context: JamContext, source: Exclude<MessageSource, 'native'>, post: InboundPost, own: OwnPosts, batch: Map<string, NewMessage>): Promise<NewMessage> {
    const now = this.deps.clock.now();
    const posted = new Date(post.createdAt);
    const createdAt = Number.isNaN(posted.getTime()) || posted > now ? now : posted;
    const bare = withoutLeadingMentions(post.text);
    const named = parseAnswerNumber(bare) !== null;
    const showThen = showOf(context, createdAt);
    let question = attachQuestion({ text: bare, questionCount: showThen.releasedAt.length, current: showThen.currentQuestion, isHost: false });
    let replyTo: string | null = null;
    if (post.parentId) {
      const parent = (await own.find([post.parentId])).get(post.parentId);
      if (parent?.kind === 'question' && !named) question = Number(parent.ref);
      else if (parent?.kind === 'message') {
        replyTo = parent.ref;
        if (!named) question = (await this.deps.store.messages.byId(parent.ref))?.question ?? question;
      } else if (!parent) {
        const stored = batch.get(post.parentId) ?? (await this.byExternalId(context.jam.id, source, post.parentId));
        replyTo = stored?.id ?? null;
        if (stored && !named) question = stored.question ?? question;
      }
    }
    return {
      id: nanoid(),
      jam_id: context.jam.id,
      client_id: `${source}:${post.key}`,
      author_id: null,
      author_handle: post.authorHandle,
      author_name: post.authorName || post.authorHandle,
      author_role: 'participant',
      text: post.text,
      question,
      reply_to: replyTo,
      source,
      external_id: post.id,
      external_url: post.url,
      external_author_id: post.authorId || null,
      hidden: 0,
      hidden_reason: null,
      featured: 0,
      created_at: createdAt.toISOString(),
    };
  }
}

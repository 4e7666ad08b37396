import { cardPath, EmbedSize, embedHtml, widgetPath, type EmbedSettingsInput, type EmbedSettingsView, type OEmbedResponse } from '../../shared/embeds.ts';
import { recapPath } from '../../shared/recaps.ts';
import { notFound } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import type { UserRow } from '../store/users.ts';
import { seriesAllowing } from '../core/policy.ts';

const ANYWHERE = '*';
/** How long consumers may cache an oEmbed answer (seconds). */
const CACHE_AGE = 3600;

/** Per-series framing rules and the oEmbed answers for TweetJam links. */
export class Embeds {
  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
  ) {}

  async settings(user: UserRow, seriesSlug: string): Promise<EmbedSettingsView> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'change embedding');
    return present(await this.stored(series.id));
  }

  async update(user: UserRow, seriesSlug: string, input: EmbedSettingsInput): Promise<EmbedSettingsView> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'change embedding');
    const value = input.framing === 'anywhere' ? ANYWHERE : [...new Set(input.origins)].join(' ');
    const updated_at = this.deps.clock.now().toISOString();
    await this.deps.store.db
      .insertInto('embed_settings')
      .values({ series_id: series.id, frame_ancestors: value, updated_at })
      .onConflict((oc) => oc.column('series_id').doUpdateSet({ frame_ancestors: value, updated_at }))
      .execute();
    return present(value);
  }

  /** The CSP frame-ancestors sources for a jam's embed pages (unknown jam: nobody may frame). */
  async frameAncestors(jamSlug: string): Promise<string[]> {
    const jam = await this.deps.store.jams.bySlug(jamSlug);
    if (!jam) return ["'none'"];
    const stored = await this.stored(jam.series_id);
    if (stored === ANYWHERE) return ['*'];
    // 'self' keeps the host's own preview (embed code generator) working.
    return ["'self'", ...stored.split(' ').filter(Boolean)];
  }

  /**
   * oEmbed for a TweetJam URL on `origin`: a live or upcoming jam becomes the live widget; an ended
   * jam or its recap becomes the card. Anything else is not found (the spec's 404).
   */
  async oembed(url: string, origin: string, max: { width?: number; height?: number }): Promise<OEmbedResponse> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw notFound(`a TweetJam page at "${url}"`);
    }
    const match = /^\/jams\/([a-z0-9-]{1,64})(\/recap)?\/?$/.exec(parsed.pathname);
    if (parsed.origin !== origin || !match) throw notFound(`a TweetJam jam or recap at "${url}"`);
    const jam = await this.jams.view(match[1]!, null);
    const card = Boolean(match[2]) || jam.status === 'ended';
    const size = card ? EmbedSize.card : EmbedSize.widget;
    const width = Math.min(size.width, max.width ?? Infinity);
    const height = Math.min(size.height, max.height ?? Infinity);
    const src = `${origin}${card ? cardPath(jam.slug) : widgetPath(jam.slug)}`;
    const title = match[2] ? `Recap: ${jam.title}` : jam.title;
    const link = `${origin}${match[2] ? recapPath(jam.slug) : jam.permalink}`;
    return {
      version: '1.0',
      type: 'rich',
      provider_name: 'TweetJam',
      provider_url: `${origin}/`,
      title: `${title} (${jam.series.hashtag})`,
      author_name: jam.series.name,
      author_url: `${origin}/series/${jam.series.slug}`,
      html: embedHtml(src, link, title, width, height),
      width,
      height,
      cache_age: CACHE_AGE,
    };
  }

  private async stored(seriesId: string): Promise<string> {
    const row = await this.deps.store.db.selectFrom('embed_settings').select('frame_ancestors').where('series_id', '=', seriesId).executeTakeFirst();
    return row?.frame_ancestors ?? ANYWHERE;
  }
}

const present = (stored: string): EmbedSettingsView => (stored === ANYWHERE ? { framing: 'anywhere', origins: [] } : { framing: 'listed', origins: stored.split(' ').filter(Boolean) });

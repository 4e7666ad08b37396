import { DEFAULT_CANNED_POSTS, type CannedPost } from '../../shared/console.ts';
import type { UserRow } from '../store/users.ts';
import type { Deps } from '../core/deps.ts';
import { seriesAllowing } from '../core/policy.ts';

/** The quick posts hosts keep per series (welcome, rules reminder, "last 5 minutes", thanks). */
export class CannedPosts {
  constructor(private readonly deps: Deps) {}

  /** Hosts only: what their composer offers; the defaults until the series saves its own. */
  async list(user: UserRow, seriesSlug: string): Promise<CannedPost[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'read its canned posts');
    return (await this.deps.store.cannedPosts.of(series.id)) ?? DEFAULT_CANNED_POSTS;
  }

  async replace(user: UserRow, seriesSlug: string, posts: CannedPost[]): Promise<CannedPost[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'change its canned posts');
    await this.deps.store.cannedPosts.replace(series.id, posts, this.deps.clock.now().toISOString());
    return this.list(user, seriesSlug);
  }
}

import { forbidden, invalidInput, notFound } from '../errors.ts';
import type { Deps } from '../jams/deps.ts';
import type { HostRow, SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';

/** A series and its hosts, when the user is one of them (owner or co-host); otherwise forbidden. */
export async function seriesAsHost(deps: Deps, user: UserRow, slug: string, what: string): Promise<{ series: SeriesRow; hosts: HostRow[]; host: HostRow }> {
  const series = await deps.store.series.bySlug(slug);
  if (!series) throw notFound(`series "${slug}"`);
  const hosts = await deps.store.series.hosts(series.id);
  const host = hosts.find((h) => h.user_id === user.id);
  if (!host) throw forbidden(`only hosts of ${series.hashtag} can ${what}`);
  return { series, hosts, host };
}

/** The account behind a handle, or invalid_input naming the field. */
export async function userByHandle(deps: Deps, handle: string, field = 'handle'): Promise<UserRow> {
  const user = await deps.store.users.byHandle(handle);
  if (!user) throw invalidInput(`no account has the handle @${handle}`, field);
  return user;
}

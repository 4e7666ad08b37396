import { invalidInput } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';

/** The account behind a handle, or invalid_input naming the field. */
export async function userByHandle(deps: Deps, handle: string, field = 'handle'): Promise<UserRow> {
  const user = await deps.store.users.byHandle(handle);
  if (!user) throw invalidInput(`no account has the handle @${handle}`, field);
  return user;
}

/** The id of a jam of the series named by slug (a sanction's scope), null for none; invalid_input for a jam elsewhere. */
export async function jamScope(deps: Deps, series: SeriesRow, jamSlug: string | undefined): Promise<string | null> {
  if (!jamSlug) return null;
  const jam = await deps.store.jams.bySlug(jamSlug);
  if (!jam || jam.series_id !== series.id) throw invalidInput(`no jam "${jamSlug}" in ${series.hashtag}`, 'jam');
  return jam.id;
}

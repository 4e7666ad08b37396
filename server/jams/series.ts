import { nanoid } from 'nanoid';
import { hashtagKey } from '../../shared/hashtag.ts';
import type { SeriesView } from '../../shared/model.ts';
import type { CreateSeriesInput, UpdateSeriesInput } from '../../shared/model.ts';
import { conflict, notFound } from '../errors.ts';
import { presentSeries } from '../presenters.ts';
import { isUniqueViolation } from '../store/index.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import type { Deps } from '../core/deps.ts';
import { seriesAllowing } from '../core/policy.ts';

/** A slug from a name: lowercase ASCII words joined by dashes. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'jam'
  );
}

export class SeriesService {
  constructor(private readonly deps: Deps) {}

  /** Creates a series and reserves its hashtag for it, whatever the letter case. */
  async create(owner: UserRow, input: CreateSeriesInput): Promise<SeriesView> {
    const { store, clock } = this.deps;
    const key = hashtagKey(input.hashtag);
    const slug = input.slug ?? slugify(input.hashtag.slice(1));
    const taken = await store.series.byHashtagKey(key);
    if (taken) throw conflict(`${input.hashtag} is reserved by the series "${taken.name}"`, 'hashtag');
    const row: SeriesRow = {
      id: nanoid(),
      slug,
      name: input.name,
      hashtag: input.hashtag,
      hashtag_key: key,
      description: input.description,
      rules: input.rules,
      time_zone: input.timeZone,
      default_duration_min: input.defaultDurationMin,
      owner_id: owner.id,
      created_at: clock.now().toISOString(),
    };
    try {
      await store.series.insert(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race for the hashtag or the slug: say which.
      if (await store.series.byHashtagKey(key)) throw conflict(`${input.hashtag} is already reserved`, 'hashtag');
      throw conflict(`the slug "${slug}" is taken`, 'slug');
    }
    return this.present(row);
  }

  async update(user: UserRow, slug: string, input: UpdateSeriesInput): Promise<SeriesView> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', slug, 'change the series');
    await this.deps.store.series.update(series.id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.rules !== undefined && { rules: input.rules }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.defaultDurationMin !== undefined && { default_duration_min: input.defaultDurationMin }),
    });
    this.deps.events.emit('series:updated', { seriesSlug: slug });
    return this.get(slug);
  }

  async get(slug: string): Promise<SeriesView> {
    const series = await this.deps.store.series.bySlug(slug);
    if (!series) throw notFound(`series "${slug}"`);
    return this.present(series);
  }

  async list(): Promise<SeriesView[]> {
    const rows = await this.deps.store.series.list();
    return Promise.all(rows.map((row) => this.present(row)));
  }

  /** Whether the user hosts any series: the web client offers the host console only then. */
  hostsAny(user: UserRow): Promise<boolean> {
    return this.deps.store.series.hostsAny(user.id);
  }

  private async present(row: SeriesRow): Promise<SeriesView> {
    return presentSeries(row, await this.deps.store.series.hosts(row.id));
  }
}

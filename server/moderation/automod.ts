import { DEFAULT_AUTOMOD, automodSettingsSchema, type AutomodActionView, type AutomodRule, type AutomodSettings } from '../../shared/interaction.ts';
import type { MessageView } from '../../shared/model.ts';
import { conflict, notFound } from '../errors.ts';
import { type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { presentMessage } from '../presenters.ts';
import type { MessageRow, NewMessage } from '../store/messages.ts';
import type { UserRow } from '../store/users.ts';
import type { AuditLog } from './audit.ts';
import { judgePost, neededFacts, type AutomodVerdict } from './automodRules.ts';
import { jamAllowing, seriesAllowing } from '../core/policy.ts';

/** The audit log's actor for automatic actions: no person did them. */
export const AUTOMOD_ACTOR = 'automod';
const DAY = 86_400_000;
/** Settings are re-read at most this often per node (hosts' edits on another node show within it). */
const SETTINGS_TTL_MS = 2000;

/**
 * Automatic moderation per series: blocked words and patterns (hide or hold), links held from young
 * or quiet accounts, the first post of a new account held, repeated text, a per-person rate. It
 * judges native posts and posts bridged from X alike; every action it takes lands in the audit log
 * with the rule that fired, and a host can undo it (the message is published then).
 */
export class Automod {
  #settings = new Map<string, { until: number; settings: Promise<AutomodSettings> }>();

  constructor(
    private readonly deps: Deps,
    private readonly audit: AuditLog,
  ) {}

  async settingsOf(seriesId: string): Promise<AutomodSettings> {
    const now = Date.now();
    const cached = this.#settings.get(seriesId);
    if (cached && cached.until > now) return cached.settings;
    const settings = this.deps.store.interaction.automod(seriesId).then((json) => (json ? automodSettingsSchema.parse(JSON.parse(json)) : DEFAULT_AUTOMOD));
    this.#settings.set(seriesId, { until: now + SETTINGS_TTL_MS, settings });
    settings.catch(() => this.#settings.delete(seriesId));
    return settings;
  }

  /** Hosts read and replace a series' rules. */
  async get(user: UserRow, seriesSlug: string): Promise<AutomodSettings> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'read the automatic moderation rules');
    return this.settingsOf(series.id);
  }

  async update(user: UserRow, seriesSlug: string, settings: AutomodSettings): Promise<AutomodSettings> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'change the automatic moderation rules');
    await this.deps.store.interaction.setAutomod(series.id, JSON.stringify(settings), this.deps.clock.now().toISOString());
    this.#settings.delete(series.id);
    await this.audit.record({ seriesId: series.id, actorId: user.id, action: 'series.automod', detail: { enabled: settings.enabled, blocked: settings.blocked.length } });
    return settings;
  }

  /** Judges a post by a participant (native: `author` is the user; from X: null). */
  async judge(context: JamContext, row: NewMessage, author: UserRow | null): Promise<AutomodVerdict | null> {
    const settings = await this.settingsOf(context.series.id);
    if (!settings.enabled) return null;
    const repo = this.deps.store.interaction;
    const now = this.deps.clock.now().getTime();
    const need = neededFacts(settings, row.text);
    const since = (ms: number) => new Date(now - ms).toISOString();
    const [sameTextRecent, postsLastMinute, priorPosts] = await Promise.all([
      need.sameText ? repo.sameTextSince(context.jam.id, row.text, since(settings.repeated.minutes * 60_000)) : 0,
      need.rate ? repo.postsSince(context.jam.id, { id: row.author_id, handle: row.author_handle }, since(60_000)) : 0,
      !need.priorPosts ? 1 : author ? repo.publishedPosts(author.id) : repo.postsSince(context.jam.id, { id: null, handle: row.author_handle }, '0000'),
    ]);
    const accountAgeDays = author ? (now - Date.parse(author.created_at)) / DAY : null;
    return judgePost(settings, { text: row.text, accountAgeDays, priorPosts, sameTextRecent, postsLastMinute });
  }

  /** Marks a row as the verdict says, before it is written. */
  static apply(row: NewMessage, verdict: AutomodVerdict | null): void {
    if (!verdict) return;
    const reason = `automatic (${verdict.rule}): ${verdict.detail}`;
    Object.assign(row, verdict.action === 'hold' ? { held: 1, hidden: 1, hidden_reason: reason } : { hidden: 1, hidden_reason: reason });
  }

  /** Records what was done (after the write) and tells the hosts. */
  async record(context: JamContext, stored: MessageRow, verdict: AutomodVerdict): Promise<void> {
    const entryId = await this.deps.store.interaction.logReturningId({
      series_id: context.series.id,
      jam_id: context.jam.id,
      actor_id: AUTOMOD_ACTOR,
      action: `automod.${verdict.action}`,
      target_user_id: stored.author_id,
      message_id: stored.id,
      reason: verdict.detail,
      detail: JSON.stringify({ rule: verdict.rule, author: stored.author_handle, source: stored.source }),
      created_at: this.deps.clock.now().toISOString(),
    });
    this.deps.events.emit('automod:acted', {
      jamId: context.jam.id,
      jamSlug: context.jam.slug,
      action: { entryId, jamSlug: context.jam.slug, messageId: stored.id, rule: verdict.rule, action: verdict.action, detail: verdict.detail, author: stored.author_handle, text: stored.text, createdAt: stored.created_at, undone: false },
    });
  }

  /** Hosts: the automatic actions in a jam, newest first, with whether each was undone. */
  async actions(user: UserRow, slug: string): Promise<AutomodActionView[]> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'review automatic moderation');
    const entries = await this.deps.store.interaction.automodLog(context.jam.id);
    const undone = new Set(entries.filter((e) => e.action === 'automod.undo').map((e) => Number((JSON.parse(e.detail ?? '{}') as { entryId?: number }).entryId)));
    const views: AutomodActionView[] = [];
    for (const e of entries.filter((x) => x.action !== 'automod.undo')) {
      const detail = JSON.parse(e.detail ?? '{}') as { rule?: AutomodRule; author?: string };
      const message = e.message_id ? await this.deps.store.messages.byId(e.message_id) : undefined;
      views.push({
        entryId: Number(e.id),
        jamSlug: slug,
        messageId: e.message_id,
        rule: detail.rule ?? 'blocked',
        action: e.action === 'automod.hide' ? 'hide' : 'hold',
        detail: e.reason ?? '',
        author: detail.author ?? message?.author_handle ?? '',
        text: message?.text ?? '(deleted)',
        createdAt: e.created_at,
        undone: undone.has(Number(e.id)),
      });
    }
    return views;
  }

  /** Hosts: undo an automatic action, publishing the message with the jam's next seq. */
  async undo(user: UserRow, slug: string, entryId: number): Promise<MessageView> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'review automatic moderation');
    const repo = this.deps.store.interaction;
    const entry = await repo.logEntry(entryId);
    if (!entry || entry.jam_id !== context.jam.id || !entry.action.startsWith('automod.') || entry.action === 'automod.undo' || !entry.message_id) throw notFound(`automatic action ${entryId}`);
    const message = await this.deps.store.messages.byId(entry.message_id);
    if (!message) throw conflict('that message has been deleted');
    if (message.hidden === 0) throw conflict('that message is already published');
    const row = await repo.republish(context.jam.id, message.id);
    if (!row) throw notFound(`message ${message.id}`);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'automod.undo', targetUserId: message.author_id, messageId: message.id, detail: { entryId } });
    const view = presentMessage(row, slug);
    this.deps.events.emit('message:created', { jamId: context.jam.id, jamSlug: slug, message: view });
    return view;
  }

}

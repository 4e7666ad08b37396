import { TZDate } from '@date-fns/tz';
import { nanoid } from 'nanoid';
import type { MailKind } from '../../shared/mail.ts';
import { recapPath } from '../../shared/recaps.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import { jamsCalendar } from '../metrics/calendar.ts';
import type { MetricsService } from '../metrics/service.ts';
import type { Recaps } from '../recaps/recaps.ts';
import type { MailQueue } from './queue.ts';
import type { MailRepo, OutboxRow, SubscriptionRow } from './repo.ts';
import { digestMail, recapMail, reminderMail, type MailContent } from './templates.ts';

/** How long after the end a recap subscriber waits for the host's recap before getting the digest instead. */
export const RECAP_GRACE_MS = 2 * 60 * 60_000;
/** A reminder that could not go out near its time (server down) is dropped rather than sent late. */
const STALE_REMINDER_MS = 60 * 60_000;

/**
 * When a reminder falls due. "1 day before" is the same wall-clock time the day before in the
 * series' zone (across a DST change that is 23 or 25 hours); "15 minutes before" is 15 minutes.
 */
export function reminderDueAt(kind: 'day' | 'soon', startsAt: string, seriesZone: string): string {
  if (kind === 'soon') return new Date(Date.parse(startsAt) - 15 * 60_000).toISOString();
  const day = new TZDate(Date.parse(startsAt), seriesZone);
  day.setDate(day.getDate() - 1);
  return new Date(day.getTime()).toISOString();
}

/** Everything a mail needs to be built and sent to a person. */
export interface Recipient {
  userId: string;
  address: string;
  /** The page a reader opens from the mail's footer. */
  unsubscribeUrl: string;
  /** RFC 8058 one-click: mail clients POST here. */
  oneClickUrl: string;
}

/**
 * "Remind me" and "send me the recap": due instants kept on each subscription, recomputed when a
 * jam moves, ends or gets its recap; due ones are turned into queued mail once (dedupe key and a
 * compare-and-set on `enqueued_at`).
 */
export class Reminders {
  constructor(
    private readonly deps: Deps,
    private readonly repo: MailRepo,
    private readonly queue: MailQueue,
    private readonly jams: JamService,
    private readonly recaps: Recaps,
    private readonly metrics: MetricsService,
    private readonly recipient: (userId: string, seriesId: string) => Promise<Recipient | null>,
    private readonly origin: () => string,
  ) {}

  dueAt(kind: MailKind, jam: { startsAt: string; timeZone: string; status: string; endedAt: string | null }, recapPublished: boolean): string | null {
    if (kind !== 'recap') return reminderDueAt(kind, jam.startsAt, jam.timeZone);
    if (recapPublished) return this.deps.clock.now().toISOString();
    return jam.endedAt ? new Date(Date.parse(jam.endedAt) + RECAP_GRACE_MS).toISOString() : null;
  }

  /** A jam was moved (new start) or ended: reminders and recap mail get their new instants. */
  async jamChanged(jamId: string, jamSlug: string, reason: string): Promise<void> {
    const jam = await this.jams.view(jamSlug, null);
    if (reason === 'edited') for (const kind of ['day', 'soon'] as const) await this.repo.setDue(jamId, kind, reminderDueAt(kind, jam.startsAt, jam.timeZone));
    if (reason === 'ended' && jam.show.endedAt) await this.repo.setDue(jamId, 'recap', new Date(Date.parse(jam.show.endedAt) + RECAP_GRACE_MS).toISOString(), true);
    void this.queue.pump();
  }

  /** The host published: those waiting for the recap get it now. */
  async recapPublished(jamId: string): Promise<void> {
    await this.repo.setDue(jamId, 'recap', this.deps.clock.now().toISOString());
    void this.queue.pump();
  }

  /** Turns every due subscription into queued mail (or drops it when mail cannot or should not go). */
  async enqueueDue(): Promise<void> {
    const now = this.deps.clock.now();
    for (;;) {
      const due = await this.repo.dueSubscriptions(now.toISOString(), 50);
      if (due.length === 0) return;
      for (const sub of due) {
        const mail = await this.build(sub, now).catch(() => null);
        if (mail) await this.repo.enqueue(mail);
        await this.repo.markEnqueued(sub, now.toISOString());
      }
    }
  }

  private async build(sub: SubscriptionRow, now: Date): Promise<OutboxRow | null> {
    const jamRow = await this.deps.store.jams.byId(sub.jam_id);
    if (!jamRow) return null;
    const who = await this.recipient(sub.user_id, jamRow.series_id);
    if (!who) return null;
    const jam = await this.jams.view(jamRow.slug, null);
    const origin = this.origin();
    const jamUrl = `${origin}${jam.permalink}`;
    let content: MailContent;
    let attachments: OutboxRow['attachments'] = '[]';
    if (sub.kind === 'recap') {
      if (jam.status !== 'ended') return null;
      const recap = await this.recaps.view(jam.slug).catch(() => null);
      content = recap ? recapMail(recap, `${origin}${recapPath(jam.slug)}`, who.unsubscribeUrl) : digestMail(await this.metrics.digest(jam.slug), jamUrl, who.unsubscribeUrl);
    } else {
      if (jam.status !== 'scheduled' || now.getTime() - Date.parse(sub.due_at!) > STALE_REMINDER_MS) return null;
      content = reminderMail({ hashtag: jam.series.hashtag, seriesName: jam.series.name, title: jam.title, startsAt: jam.startsAt, seriesZone: jam.timeZone, readerZone: sub.time_zone, jamUrl, kind: sub.kind }, who.unsubscribeUrl);
      const ics = jamsCalendar({ slug: jam.series.slug, name: jam.series.name, hashtag: jam.series.hashtag, timeZone: jam.timeZone }, [{ slug: jam.slug, title: jam.title, description: jam.description, status: jam.status, startsAt: jam.startsAt, endsAt: jam.show.endsAt }], origin, now);
      attachments = JSON.stringify([{ filename: `${jam.slug}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }]);
    }
    return outboxRow({ kind: sub.kind, dedupeKey: `${sub.kind}:${sub.jam_id}:${sub.user_id}`, userId: sub.user_id, to: who.address, content, oneClickUrl: who.oneClickUrl, attachments, now, origin });
  }
}

/** A queued mail row: a fresh id, a stable Message-ID, the one-click unsubscribe headers when it has a series. */
export function outboxRow(input: { kind: string; dedupeKey: string; userId: string | null; to: string; content: MailContent; oneClickUrl?: string; attachments?: string; now: Date; origin: string }): OutboxRow {
  const id = nanoid();
  const host = (() => {
    try {
      return new URL(input.origin).hostname || 'tweetjam.local';
    } catch {
      return 'tweetjam.local';
    }
  })();
  // RFC 8058: a POST to this URL unsubscribes, no page, no cookies.
  const headers = input.oneClickUrl ? { 'List-Unsubscribe': `<${input.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
  return {
    id,
    dedupe_key: input.dedupeKey,
    message_id: `<${id}@${host}>`,
    kind: input.kind,
    user_id: input.userId,
    to_address: input.to,
    subject: input.content.subject,
    text_body: input.content.text,
    html_body: input.content.html,
    headers: JSON.stringify(headers),
    attachments: input.attachments ?? '[]',
    status: 'pending',
    attempts: 0,
    next_attempt_at: input.now.toISOString(),
    claimed_at: null,
    last_error: null,
    transport: null,
    created_at: input.now.toISOString(),
    sent_at: null,
  };
}

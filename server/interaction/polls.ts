import { nanoid } from 'nanoid';
import type { CreatePollInput, PollAction, PollView } from '../../shared/interaction.ts';
import { cleanText } from '../../shared/unicode.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { loadJamContext, showOf, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { AuditLog } from '../moderation/audit.ts';
import type { Standing } from '../moderation/standing.ts';
import type { CountedPoll, PollRow } from '../store/interaction.ts';
import type { UserRow } from '../store/users.ts';
import { presentPoll, publicPoll } from './present.ts';
import { can, jamAllowing } from '../core/policy.ts';

/**
 * Polls: single choice among 2–6 options. A host posts one live, or attaches one to a question of
 * the run of show (it opens when that question is released). People vote once and may change their
 * choice until it closes: on the next question's release, at the end, or by hand. Results are shown
 * live or hidden until the host reveals them, per poll. Ballots are rows (one per person), counted
 * in the store, so every node reports the same numbers.
 */
export class Polls {
  constructor(
    private readonly deps: Deps,
    private readonly standing: Standing,
    private readonly audit: AuditLog,
    onError: (error: unknown) => void,
  ) {
    // The release announcement happens once (guarded by a write), so this runs once per release.
    deps.events.on('question:released', ({ jamId, question }) => void this.onRelease(jamId, question.n).catch(onError));
    deps.events.on('jam:updated', ({ jamId, reason }) => {
      if (reason === 'ended') void this.closeAll(jamId).catch(onError);
    });
  }

  async create(user: UserRow, slug: string, input: CreatePollInput): Promise<{ poll: PollView; duplicate: boolean }> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'run polls');
    const show = showOf(context, this.deps.clock.now());
    if (show.status === 'ended') throw conflict('the jam has ended');
    const question = input.question ?? null;
    if (question !== null && question > show.releasedAt.length) throw invalidInput(`the run of show has ${show.releasedAt.length} questions`, 'question');
    // A poll for a question already out (or a live poll during the show) opens at once; else it waits.
    const opensNow = show.status === 'live' && (question === null || show.releasedAt[question - 1] != null);
    if (question !== null && question < (show.currentQuestion ?? 0)) throw conflict(`Q${question} is over; attach the poll to the current or a later question`, 'question');
    const now = this.deps.clock.now().toISOString();
    const { row, duplicate } = await this.deps.store.interaction.insertPoll({
      id: nanoid(),
      jam_id: context.jam.id,
      client_id: input.clientId,
      question,
      text: cleanText(input.text).trim(),
      options: JSON.stringify(input.options.map((o) => cleanText(o).trim())),
      status: opensNow ? 'open' : 'scheduled',
      results: input.results,
      revealed: 0,
      created_by: user.id,
      created_at: now,
      opened_at: opensNow ? now : null,
      closed_at: null,
    });
    const poll = presentPoll(row, slug);
    if (!duplicate) {
      await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'poll.create', detail: { poll: poll.id, question } });
      this.changed(context.jam.id, slug, [row]);
    }
    return { poll, duplicate };
  }

  /** Casts or changes the caller's ballot while the poll is open. */
  async vote(user: UserRow, slug: string, id: string, option: number): Promise<PollView> {
    const context = await loadJamContext(this.deps.store, slug);
    await this.standing.assertMay(context, user, 'boost');
    const poll = await this.pollIn(context, id);
    const options = JSON.parse(poll.options) as string[];
    if (option >= options.length) throw invalidInput(`this poll has ${options.length} options (0–${options.length - 1})`, 'option');
    if (poll.status !== 'open') throw conflict(poll.status === 'closed' ? 'the poll has closed' : 'the poll opens with its question');
    const counted = await this.deps.store.interaction.setBallot(id, context.jam.id, user.id, option, this.deps.clock.now().toISOString());
    if (!counted) throw conflict('the poll has closed');
    this.changed(context.jam.id, slug, [counted]);
    return this.forViewer(context, user, presentPoll(counted, slug));
  }

  /** Hosts: close by hand, or reveal the results to everyone. */
  async act(user: UserRow, slug: string, id: string, action: PollAction): Promise<PollView> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'run polls');
    const poll = await this.pollIn(context, id);
    const now = this.deps.clock.now().toISOString();
    const repo = this.deps.store.interaction;
    if (action === 'close' && poll.status === 'closed') throw conflict('the poll is already closed');
    const [changed] = action === 'close' ? await repo.updatePolls(context.jam.id, [id], { status: 'closed', closed_at: now }) : await repo.updatePolls(context.jam.id, [id], { revealed: 1 });
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: `poll.${action}`, detail: { poll: id } });
    this.changed(context.jam.id, slug, [changed!]);
    return presentPoll(changed!, slug);
  }

  /** Every poll of a jam as the caller sees it (counts hidden from non-hosts until revealed). */
  async list(user: UserRow | null, slug: string, since = 0): Promise<PollView[]> {
    const context = await loadJamContext(this.deps.store, slug);
    const rows = await this.deps.store.interaction.polls(context.jam.id, since);
    return rows.map((row) => this.forViewer(context, user, presentPoll(row, slug)));
  }

  forViewer(context: JamContext, user: UserRow | null, poll: PollView): PollView {
    return can(user, 'jam:host', context) ? poll : publicPoll(poll);
  }

  /** A release closes the polls still open and opens those attached to the released question. */
  private async onRelease(jamId: string, n: number): Promise<void> {
    const repo = this.deps.store.interaction;
    const now = this.deps.clock.now().toISOString();
    const open = (await repo.pollsIn(jamId, 'open')).filter((p) => p.question !== n);
    const scheduled = (await repo.pollsIn(jamId, 'scheduled')).filter((p) => p.question !== null && p.question <= n);
    const closed = await repo.updatePolls(jamId, open.map((p) => p.id), { status: 'closed', closed_at: now }, 'open');
    const opened = await repo.updatePolls(jamId, scheduled.filter((p) => p.question === n).map((p) => p.id), { status: 'open', opened_at: now }, 'scheduled');
    // A poll whose question was skipped past (released earlier without it) closes unopened.
    const skipped = await repo.updatePolls(jamId, scheduled.filter((p) => p.question! < n).map((p) => p.id), { status: 'closed', closed_at: now }, 'scheduled');
    await this.announce(jamId, [...closed, ...opened, ...skipped]);
  }

  private async closeAll(jamId: string): Promise<void> {
    const repo = this.deps.store.interaction;
    const now = this.deps.clock.now().toISOString();
    const open = [...(await repo.pollsIn(jamId, 'open')), ...(await repo.pollsIn(jamId, 'scheduled'))];
    await this.announce(jamId, await repo.updatePolls(jamId, open.map((p) => p.id), { status: 'closed', closed_at: now }));
  }

  private async announce(jamId: string, polls: CountedPoll[]): Promise<void> {
    if (polls.length === 0) return;
    const jam = await this.deps.store.jams.byId(jamId);
    if (jam) this.changed(jamId, jam.slug, polls);
  }

  private changed(jamId: string, jamSlug: string, polls: CountedPoll[]): void {
    for (const poll of polls) this.deps.events.emit('poll:changed', { jamId, jamSlug, poll: presentPoll(poll, jamSlug) });
  }

  private async pollIn(context: JamContext, id: string): Promise<PollRow> {
    const row = await this.deps.store.interaction.pollById(id);
    if (!row || row.jam_id !== context.jam.id) throw notFound(`poll ${id}`);
    return row;
  }


  /** For the archive and the report: a jam's polls with every count (they are final once it ends). */
  async results(jamId: string, slug: string): Promise<PollView[]> {
    return (await this.deps.store.interaction.polls(jamId)).map((row) => presentPoll(row, slug));
  }
}

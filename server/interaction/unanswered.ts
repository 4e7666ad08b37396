import type { UnansweredQueue } from '../../shared/interaction.ts';
import type { MessageView } from '../../shared/model.ts';
import type { AcknowledgementFigures } from '../../shared/reports.ts';
import { type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { jamAllowing } from '../core/policy.ts';

/** A team member replied to, boosted or featured a message at `at`. */
export interface Acknowledgement {
  messageId: string;
  at: string;
}

const FIVE_MINUTES = 5 * 60_000;

/**
 * Participants' visible messages nobody on the team (hosts, panelists) has acknowledged yet by a
 * reply, a boost or a feature, grouped by question, oldest first. Pure.
 */
export function unansweredQueue(jamSlug: string, messages: MessageView[], acknowledged: Set<string>): UnansweredQueue {
  const waiting = messages.filter((m) => !m.hidden && m.author.role === 'participant' && !m.featured && !acknowledged.has(m.id));
  const groups = new Map<number | null, MessageView[]>();
  for (const m of [...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq)) {
    const list = groups.get(m.question);
    if (list) list.push(m);
    else groups.set(m.question, [m]);
  }
  // Questions in run-of-show order, unattached messages last.
  const ordered = [...groups.entries()].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity));
  return { jamSlug, total: waiting.length, groups: ordered.map(([question, list]) => ({ question, messages: list })) };
}

/**
 * The share of participants (people who posted, not on the team) with at least one message the
 * team acknowledged within 5 minutes of its posting. Pure.
 */
export function acknowledgementFigures(messages: MessageView[], acknowledgements: Acknowledgement[]): AcknowledgementFigures {
  const firstAck = new Map<string, number>();
  for (const a of acknowledgements) {
    const t = Date.parse(a.at);
    if (!firstAck.has(a.messageId) || t < firstAck.get(a.messageId)!) firstAck.set(a.messageId, t);
  }
  const participants = new Set<string>();
  const acknowledged = new Set<string>();
  for (const m of messages) {
    if (m.hidden || m.author.role !== 'participant') continue;
    const who = `${m.source}:${m.author.handle.toLowerCase()}`;
    participants.add(who);
    const at = firstAck.get(m.id);
    if (at !== undefined && at - Date.parse(m.createdAt) <= FIVE_MINUTES) acknowledged.add(who);
  }
  return { participants: participants.size, acknowledgedWithin5Min: acknowledged.size, share: participants.size === 0 ? 0 : acknowledged.size / participants.size };
}

/** Reads the facts for the queue and the acknowledgement figure. */
export class Unanswered {
  constructor(private readonly deps: Deps) {}

  /** Hosts and panelists: the queue of one jam. */
  async queue(user: UserRow, slug: string): Promise<UnansweredQueue> {
    const context = await jamAllowing(this.deps.store, user, 'jam:prepare', slug, 'read the not-yet-answered queue');
    const { messages, acknowledgements } = await this.facts(context);
    return unansweredQueue(slug, messages, new Set(acknowledgements.map((a) => a.messageId)));
  }

  async figures(context: JamContext): Promise<AcknowledgementFigures> {
    const { messages, acknowledgements } = await this.facts(context);
    return acknowledgementFigures(messages, acknowledgements);
  }

  private async facts(context: JamContext): Promise<{ messages: MessageView[]; acknowledgements: Acknowledgement[] }> {
    const { store } = this.deps;
    const team = [...context.hosts.map((h) => h.user_id), ...context.panelists.map((p) => p.user_id)];
    const [rows, reactions, features] = await Promise.all([store.messages.allVisible(context.jam.id), store.interaction.teamReactions(context.jam.id, team), store.interaction.featuredAt(context.jam.id)]);
    const acknowledgements = [...reactions, ...features].map((r) => ({ messageId: r.message_id, at: r.at }));
    return { messages: rows.map((r) => presentMessage(r, context.jam.slug)), acknowledgements };
  }
}

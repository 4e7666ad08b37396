import type { AudienceQuestionView, PollView } from '../../shared/interaction.ts';
import { publicAudienceQuestion, publicPoll } from '../interaction/present.ts';
import { interactionState } from '../interaction/state.ts';
import type { Services } from '../services.ts';
import type { Handlers } from './dispatch.ts';
import { hostRoomOf, roomOf, type JamServer } from './socket.ts';

/** Audience questions, votes and polls: each event one domain call. */
export function interactionHandlers(services: Services): Handlers<'interaction:sync' | 'audience:ask' | 'audience:vote' | 'poll:vote'> {
  return {
    'interaction:sync': {
      kind: 'read',
      run: async ({ slug, since }, { user }) => ({ state: await interactionState(services.deps, services.audience, services.polls, await user(), slug, since) }),
    },
    'audience:ask': { kind: 'write', run: async ({ slug, ...input }, { signedIn }) => services.audience.ask(await signedIn(), slug, input) },
    'audience:vote': { kind: 'write', run: async ({ slug, id, voted }, { signedIn }) => ({ question: await services.audience.vote(await signedIn(), slug, id, voted) }) },
    'poll:vote': { kind: 'write', run: async ({ slug, id, option }, { signedIn }) => ({ poll: await services.polls.vote(await signedIn(), slug, id, option) }) },
  };
}

/** Live tallies are sent at most this often per question or poll; the latest version wins. */
const COALESCE_MS = 150;

/**
 * Fans audience questions, polls and automatic-moderation notices out to jam rooms: everyone gets
 * what they may see (no held questions, no hidden text, no hidden counts), hosts get everything.
 * A burst of votes on one item becomes one event per interval carrying the counts of the latest change.
 */
export function fanOutInteraction(io: JamServer, services: Services): () => void {
  const pending = new Map<string, { jamSlug: string; question?: AudienceQuestionView; poll?: PollView }>();
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    timer = null;
    for (const { jamSlug, question, poll } of pending.values()) {
      const everyone = io.to(roomOf(jamSlug)).except(hostRoomOf(jamSlug));
      const hosts = io.to(hostRoomOf(jamSlug));
      if (question) {
        hosts.emit('audience:updated', question);
        if (!question.held) everyone.emit('audience:updated', publicAudienceQuestion(question));
      }
      if (poll) {
        hosts.emit('poll:updated', poll);
        everyone.emit('poll:updated', publicPoll(poll));
      }
    }
    pending.clear();
  };
  const queue = (key: string, entry: { jamSlug: string; question?: AudienceQuestionView; poll?: PollView }, version: number) => {
    const seen = pending.get(key);
    const seenVersion = seen?.question?.version ?? seen?.poll?.version ?? -1;
    if (version >= seenVersion) pending.set(key, entry);
    timer ??= setTimeout(flush, COALESCE_MS);
  };

  const { events } = services.deps;
  const off = [
    events.on('audience:changed', ({ jamSlug, question }) => queue(`q:${question.id}`, { jamSlug, question }, question.version)),
    events.on('poll:changed', ({ jamSlug, poll }) => queue(`p:${poll.id}`, { jamSlug, poll }, poll.version)),
    events.on('automod:acted', ({ jamSlug, action }) => io.to(hostRoomOf(jamSlug)).emit('automod:acted', action)),
  ];
  return () => {
    off.forEach((unsubscribe) => unsubscribe());
    if (timer) clearTimeout(timer);
    flush();
  };
}

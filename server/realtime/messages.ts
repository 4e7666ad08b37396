import type { Services } from '../services.ts';
import type { Handlers } from './dispatch.ts';

/**
 * Writes to a jam's messages. Every write asks for the session again and the domain re-checks role,
 * ban and mute (reads kept until a change drops them, see KeptReads): a sign-out, a ban or a demotion takes effect on an already-open socket at its next event.
 * None needs a `jam:join` first: each names its jam.
 */
export function messageHandlers(services: Services): Handlers<'message:send' | 'message:boost' | 'message:moderate' | 'message:delete' | 'message:report'> {
  return {
    'message:send': { kind: 'write', run: async ({ slug, ...input }, { signedIn }) => services.posting.post(await signedIn(), slug, input) },
    'message:boost': { kind: 'write', run: async ({ slug, id, boosted }, { signedIn }) => ({ message: await services.boosts.boost(await signedIn(), slug, id, boosted) }) },
    'message:moderate': {
      kind: 'write',
      run: async ({ slug, id, action, reason }, { signedIn }) => ({ message: await services.moderation.moderate(await signedIn(), slug, id, action, reason) }),
    },
    'message:delete': {
      kind: 'write',
      async run({ slug, id, reason }, { signedIn }) {
        await services.moderation.delete(await signedIn(), slug, id, reason);
        return { deleted: true as const };
      },
    },
    'message:report': { kind: 'write', run: async ({ slug, id, reason }, { signedIn }) => services.queue.report(await signedIn(), slug, id, reason) },
  };
}

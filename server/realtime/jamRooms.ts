import { viewerIdentity } from '../metrics/viewers.ts';
import type { Services } from '../services.ts';
import type { Handlers } from './dispatch.ts';
import type { RoomPresence } from './presence.ts';
import { hostRoomOf, isHostRoom, isJamRoom, placeInHostRoom, roomOf, slugOfHostRoom, slugOfRoom, type JamSocket } from './socket.ts';

/** `jam:join` and `jam:leave`: a socket enters or leaves a jam's room (and, for hosts, its hosts' room). */
export function jamRoomHandlers(services: Services, presence: RoomPresence): Handlers<'jam:join' | 'jam:leave'> {
  return {
    'jam:join': {
      kind: 'join',
      async run({ slug, since }, { socket, user, address }) {
        const caller = await user();
        const joined = await services.joining.join(caller, slug, {
          since,
          visitor: viewerIdentity(address(), socket.handshake.headers['user-agent'], caller?.id ?? null),
          // Hosts also get what only hosts see (hidden poll counts, held questions, automatic actions).
          enter: async (hostsOnly) => {
            await socket.join(roomOf(slug));
            await placeInHostRoom(socket, slug, hostsOnly);
          },
          here: () => presence.here(slug),
        });
        presence.schedule(slug);
        return joined;
      },
    },
    'jam:leave': {
      kind: 'read',
      async run({ slug }, { socket }) {
        await socket.leave(roomOf(slug));
        await socket.leave(hostRoomOf(slug));
        presence.schedule(slug);
        return {};
      },
    },
  };
}

/**
 * A socket Socket.IO recovered is back in its rooms with what it missed replayed before its
 * `connect`, and the client does not re-join (that would read and send it all again): count it
 * in presence again, and take it out of a hosts' room it may no longer see (the handshake ran
 * again, so a session signed out or a host demoted meanwhile shows in its user).
 */
export async function resumeRecovered(services: Services, presence: RoomPresence, socket: JamSocket): Promise<void> {
  for (const room of socket.rooms) if (isJamRoom(room)) presence.schedule(slugOfRoom(room));
  for (const room of [...socket.rooms].filter(isHostRoom)) {
    if (!(await services.joining.hosts(socket.data.user, slugOfHostRoom(room)))) await socket.leave(room);
  }
}

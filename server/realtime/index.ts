import type { Logger } from 'pino';
import { rateLimitConfig, type RateLimitOptions } from '../edge/rateLimits.ts';
import type { Services } from '../services.ts';
import { relayArchiveChanges, relayKeptReads } from './clusterCaches.ts';
import { memoryFanOut, type FanOut } from './redis.ts';
import { ClusterPresence } from './clusterPresence.ts';
import { Dispatcher, type Handlers } from './dispatch.ts';
import { fanOutJamEvents } from './fanOut.ts';
import { SocketSessions } from './handshake.ts';
import { interactionHandlers, fanOutInteraction } from './interaction.ts';
import { jamRoomHandlers, resumeRecovered } from './jamRooms.ts';
import { messageHandlers } from './messages.ts';
import { RoomPresence } from './presence.ts';
import { showHandlers } from './show.ts';
import { isJamRoom, slugOfRoom, type JamServer, type JamSocket } from './socket.ts';
import { SocketLimits } from './socketLimits.ts';

export { sameOriginCheck } from './handshake.ts';
export { roomOf, type JamServer, type SocketData } from './socket.ts';

/**
 * The Socket.IO edge, composed: the handshake authenticates, the dispatcher validates every event
 * with its schema from shared/protocol.ts and makes one domain call per event (handlers by
 * concern: rooms, messages, show, interaction), presence is counted across nodes, and domain
 * events fan out to rooms.
 */
export function attachRealtime(io: JamServer, services: Services, log: Logger, options: { rateLimits?: RateLimitOptions; fanOut?: FanOut } = {}) {
  const clustered = options.fanOut?.clustered ?? false;
  const limitConfig = rateLimitConfig(options.rateLimits);
  const limits = limitConfig && new SocketLimits(limitConfig, (socketId) => io.of('/').sockets.get(socketId)?.disconnect(true));
  // Viewer counts span every node when rooms are shared (Redis adapter).
  const cluster = new ClusterPresence(io, clustered, (room) => {
    if (io.of('/').adapter.rooms.has(room)) presence.schedule(slugOfRoom(room));
  });
  const sessions = new SocketSessions(services.accounts, services.deps.events, limits, (socket) => {
    cluster.reidentify(socket);
    for (const room of socket.rooms) if (isJamRoom(room)) presence.schedule(slugOfRoom(room));
  });
  const presence = new RoomPresence(io, cluster, services.joining, log);
  services.metrics.viewers.attach({ viewers: (slug) => presence.viewers(slug), lurkers: (slug) => presence.lurkers(slug) });

  // One handler per event of the map: the compiler refuses a map event without one.
  const handlers: Handlers = { ...jamRoomHandlers(services, presence), ...messageHandlers(services), ...showHandlers(services), ...interactionHandlers(services) };
  const dispatcher = new Dispatcher(handlers, sessions, limits, services.deps.events, log, () => services.kept.relayed());

  // Shared by every socket (called with it as `this`): no closures kept per idle connection.
  function forget(this: JamSocket): void {
    limits?.forget(this.id);
  }
  function leaving(this: JamSocket): void {
    for (const room of this.rooms) if (isJamRoom(room)) presence.schedule(slugOfRoom(room));
  }
  sessions.attach(io, log);
  io.on('connection', (socket) => {
    dispatcher.register(socket);
    if (socket.recovered) resumeRecovered(services, presence, socket).catch((error: unknown) => log.warn({ err: error, socket: socket.id }, 'recovered socket: rooms not rechecked'));
    socket.on('disconnect', forget);
    socket.on('disconnecting', leaving);
  });

  const unsubscribe = [fanOutJamEvents(io, services, log), fanOutInteraction(io, services), relayArchiveChanges(io, services, clustered), relayKeptReads(services, options.fanOut ?? memoryFanOut)];

  return {
    presence: { viewers: (slug: string) => presence.viewers(slug) },
    /** Refuses new events (retryable) and resolves once every running handler has acked. */
    drain: () => dispatcher.drain(),
    close() {
      unsubscribe.forEach((off) => off());
      cluster.close();
      presence.close();
      if (limits) void limits.close();
    },
  };
}

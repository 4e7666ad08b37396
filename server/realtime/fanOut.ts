import type { Logger } from 'pino';
import type { ServerPayload } from '../../shared/protocol.ts';
import { loadJamContext } from '../core/context.ts';
import { can } from '../core/policy.ts';
import type { Services } from '../services.ts';
import { placeInHostRoom, roomOf, sessionRoom, type JamServer } from './socket.ts';

/** Domain events → jam rooms (everyone watching), the hosts among them, or a session's sockets. Returns the unsubscribe. */
export function fanOutJamEvents(io: JamServer, services: Services, log: Logger): () => void {
  /** Hosts-only notices go to each host's sockets in the jam room, roles read fresh at send time. */
  async function toHosts(payload: ServerPayload<'moderation:queued'>): Promise<void> {
    const [context, sockets] = await Promise.all([loadJamContext(services.deps.store, payload.jamSlug), io.in(roomOf(payload.jamSlug)).fetchSockets()]);
    for (const socket of sockets) {
      const user = socket.data.user;
      if (can(user ?? null, 'jam:host', context)) socket.emit('moderation:queued', payload);
    }
  }
  /** Co-hosts added or removed: watching sockets enter or leave the hosts' room now, not at their next join. */
  async function sortHosts(jamSlug: string): Promise<void> {
    const [context, sockets] = await Promise.all([loadJamContext(services.deps.store, jamSlug), io.in(roomOf(jamSlug)).fetchSockets()]);
    await Promise.all(sockets.filter((s) => s.data.user).map((s) => placeInHostRoom(s, jamSlug, can(s.data.user, 'jam:host', context))));
  }
  const warn = (error: unknown) => log.warn({ err: error }, 'host notice failed');

  const { events } = services.deps;
  const off = [
    events.on('message:created', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:created', message)),
    events.on('message:updated', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:updated', message)),
    events.on('message:hidden', ({ jamSlug, id }) => io.to(roomOf(jamSlug)).emit('message:hidden', { jamSlug, id })),
    events.on('question:released', ({ jamSlug, question, show }) => io.to(roomOf(jamSlug)).emit('question:released', { jamSlug, question, show })),
    events.on('jam:updated', ({ jamSlug, reason, show }) => io.to(roomOf(jamSlug)).emit('jam:updated', { jamSlug, reason, show })),
    events.on('jam:hosts-changed', ({ jamSlug }) => void sortHosts(jamSlug).catch(warn)),
    events.on('message:held', ({ jamSlug, message }) => void toHosts({ jamSlug, kind: 'held', message, report: null }).catch(warn)),
    events.on('message:reported', ({ jamSlug, report }) => void toHosts({ jamSlug, kind: 'report', message: report.message, report }).catch(warn)),
    events.on('session:closed', ({ sessionId }) => io.in(sessionRoom(sessionId)).disconnectSockets(true)),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}

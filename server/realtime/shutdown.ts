import type { Logger } from 'pino';
import type { JamServer } from './socket.ts';

/** Clients reconnect after a random pause in this window, so a restart is not met by a stampede. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_SPREAD_MS = 2500;
/** Longest wait for queued frames (the last acks) to leave before the transports close. */
const DRAIN_WAIT_MS = 2000;

/**
 * Tells every connected client the node is going away (`server:shutdown`), then waits until each
 * connection has written what it had queued — the acks of the last posts — so closing the
 * transports drops nothing. Closing is left to io.close(): a transport close, so clients reconnect.
 */
export async function shutdownRealtime(io: JamServer, log: Logger): Promise<void> {
  const sockets = [...io.of('/').sockets.values()];
  for (const socket of sockets) socket.emit('server:shutdown', { reconnectInMs: RECONNECT_MIN_MS + Math.floor(Math.random() * RECONNECT_SPREAD_MS) });
  log.info({ sockets: sockets.length }, 'told clients we are shutting down');
  const deadline = Date.now() + DRAIN_WAIT_MS;
  const pending = () => sockets.filter((s) => s.connected && (s.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length > 0);
  while (pending().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

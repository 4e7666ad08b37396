import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION, type HandshakeAuth } from '../../shared/protocol.ts';
import { tokenId, type Accounts } from '../auth/accounts.ts';
import { clientAddress, clientProtocol, compileTrust } from '../edge/clientAddress.ts';
import { toAppError } from '../edge/errors.ts';
import { isAllowedOrigin } from '../edge/origins.ts';
import { tokenFrom } from '../edge/session.ts';
import { unauthenticated } from '../errors.ts';
import type { DomainEvents } from '../core/events.ts';
import type { UserRow } from '../store/users.ts';
import { sessionRoom, type JamServer, type JamSocket } from './socket.ts';
import type { SocketLimits } from './socketLimits.ts';

/**
 * Socket.IO `allowRequest`: the `cors` option does not stop WebSocket upgrades from other sites,
 * so the Origin is checked here (same host, or ALLOWED_ORIGINS). No Origin: a non-browser client.
 */
export function sameOriginCheck(trust = compileTrust()): (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void {
  // TRUST_PROXY is compiled once per server: compiling it per handshake was a visible share of a reconnect storm.
  return (req, callback) => {
    const ok = isAllowedOrigin(req.headers.origin, req.headers.host, clientProtocol(req, trust));
    callback(ok ? null : 'origin not allowed', ok);
  };
}

const withoutSecrets = (user: UserRow | null): UserRow | null => user && { ...user, password_hash: '' };

/**
 * Who is on each socket: the handshake authenticates (protocol version, session cookie or bearer
 * token, the handshake limit), and every event asks for the session again (kept in memory until a
 * sign-out drops it, on every node: KeptReads), so a sign-out or an expiry takes effect on an open
 * socket at its next event.
 */
export class SocketSessions {
  /** The session token each socket authenticated with, kept off socket.data so it never crosses nodes. */
  readonly #tokens = new WeakMap<JamSocket, string>();
  /** Each socket's client address, read as HTTP reads it (TRUST_PROXY), kept off socket.data. */
  readonly #addresses = new WeakMap<JamSocket, string>();
  readonly #trust = compileTrust();

  constructor(
    private readonly accounts: Accounts,
    private readonly events: DomainEvents,
    private readonly limits: SocketLimits | null,
    /** Told when an open socket's user changes (presence counts it as who it is now). */
    private readonly onUserChanged: (socket: JamSocket) => void = () => {},
  ) {}

  /** The `io.use` middleware: refuses another protocol version, resolves the user, counts the handshake. */
  attach(io: JamServer, log: Logger): void {
    io.use((socket, next) => {
      // Checked by hand, not parsed: a missing version is accepted (older clients), a wrong one refused.
      const auth = (socket.handshake.auth ?? {}) as { [K in keyof HandshakeAuth]?: unknown };
      if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
        return next(Object.assign(new Error('unsupported_protocol'), { data: { code: 'invalid_input', message: `this server speaks protocol ${PROTOCOL_VERSION}` } }));
      }
      const token = typeof auth.token === 'string' ? auth.token : tokenFrom(socket.handshake.headers);
      const address = clientAddress(socket.request, this.#trust);
      this.#addresses.set(socket, address);
      this.accounts
        .userForToken(token ?? undefined)
        // A handshake counts as an event of its address, so a reconnect flood meets the same limit.
        .then(async (user) => {
          await this.limits?.admitHandshake(user?.id ?? null, address);
          socket.data.user = withoutSecrets(user);
          socket.data.sessionId = user && token ? tokenId(token) : null;
          if (user && token) this.#tokens.set(socket, token);
          next();
        })
        .catch((error: unknown) => {
          const appError = toAppError(error);
          if (appError.code === 'internal') log.error({ err: error }, 'socket handshake failed');
          this.events.emit('request:refused', { edge: 'socket', code: appError.code });
          next(Object.assign(new Error(appError.code === 'rate_limited' ? 'rate_limited' : 'unavailable'), { data: appError.toJSON() }));
        });
    });
    io.on('connection', (socket) => {
      if (socket.data.sessionId) void socket.join(sessionRoom(socket.data.sessionId));
    });
  }

  address(socket: JamSocket): string {
    return this.#addresses.get(socket) ?? socket.handshake.address;
  }

  /** The socket's user as of now: a session signed out (or expired) since the handshake counts as none. */
  async currentUser(socket: JamSocket): Promise<UserRow | null> {
    const token = this.#tokens.get(socket);
    if (!token) return null;
    const user = await this.accounts.userForToken(token);
    const before = socket.data.user?.id ?? null;
    socket.data.user = withoutSecrets(user);
    if ((user?.id ?? null) !== before) this.onUserChanged(socket);
    if (!user) {
      this.#tokens.delete(socket);
      socket.data.sessionId = null;
    }
    return user;
  }

  async signedIn(socket: JamSocket): Promise<UserRow> {
    const user = await this.currentUser(socket);
    if (!user) throw unauthenticated('sign in to do that; lurkers can only watch');
    return user;
  }
}

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';

/** Which hop's address to believe: `(address, hop) => trusted`, as Express's `trust proxy` compiles it. */
export type Trust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY (default `loopback`) read once for HTTP and sockets alike: `true`/`false`, a hop
 * count (`1`), or a comma-separated list of addresses, CIDRs and the names `loopback`,
 * `linklocal`, `uniquelocal`. Express gets the compiled function, so `req.ip` and a socket's
 * address (clientAddress) can never disagree.
 */
export function compileTrust(setting = process.env.TRUST_PROXY ?? 'loopback'): Trust {
  const value = setting.trim();
  if (value === 'true') return () => true;
  if (value === 'false' || value === '') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(value.split(',').map((entry) => entry.trim()));
}

/** The client's address for a raw request (a socket handshake): X-Forwarded-For from trusted proxies only. */
export function clientAddress(req: IncomingMessage, trust: Trust): string {
  return proxyaddr(req, trust);
}

/** `http` or `https` as the client used it: X-Forwarded-Proto only from a trusted proxy (Express's req.protocol). */
export function clientProtocol(req: IncomingMessage, trust: Trust): 'http' | 'https' {
  const direct = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  if (!trust(req.socket.remoteAddress ?? '', 0)) return direct;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  return forwarded === 'https' || forwarded === 'http' ? forwarded : direct;
}

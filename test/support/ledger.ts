import { nanoid } from 'nanoid';
import { io as connect } from 'socket.io-client';
import type { MessageView } from '../../shared/model.ts';
import type { Ack, JamJoinResult } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { ApiClient, JamSocket } from './harness.ts';

/**
 * Test support for "no acknowledged message is ever lost": a ledger of what the server
 * acknowledged, posters that fill it under load, viewers that follow a jam across reconnects, and
 * the audit that compares all of it with the store.
 */

export interface AckedPost {
  clientId: string;
  id: string;
  seq: number;
}

export class Ledger {
  /** Acknowledged posts by client id (a retry acked twice must name the same message). */
  readonly acked = new Map<string, AckedPost>();
  /** Client ids sent and not (yet) acknowledged. */
  readonly unacked = new Set<string>();
  /** Acks that disagreed with an earlier ack of the same client id. */
  readonly conflicts: string[] = [];

  sent(clientId: string): void {
    if (!this.acked.has(clientId)) this.unacked.add(clientId);
  }

  ack(message: MessageView): void {
    const prior = this.acked.get(message.clientId);
    if (prior && (prior.id !== message.id || prior.seq !== message.seq)) this.conflicts.push(message.clientId);
    this.acked.set(message.clientId, { clientId: message.clientId, id: message.id, seq: message.seq });
    this.unacked.delete(message.clientId);
  }
}

/** A socket for load tests: bearer token, WebSocket only, reconnection left to the caller. Rejects when it cannot connect. */
export function openSocket(baseUrl: string, token: string | null, reconnection = false, timeoutMs = 5000): Promise<JamSocket> {
  const socket: JamSocket = connect(baseUrl, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) }, reconnection, forceNew: true, timeout: timeoutMs });
  return new Promise((resolve, reject) => {
    const onClose = () => fail(new Error('transport closed while connecting'));
    const fail = (error: unknown) => {
      clearTimeout(timer);
      socket.io.off('close', onClose);
      socket.close();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    // A server killed mid-handshake closes the transport without a connect_error.
    const timer = setTimeout(() => fail(new Error('connect timed out')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.io.off('close', onClose);
      socket.off('connect_error', fail);
      resolve(socket);
    });
    socket.once('connect_error', fail);
    socket.io.once('close', onClose);
  });
}

/** Sends one post over a socket; resolves with the ack, or null when none came in time (server gone). */
export async function sendPost(socket: JamSocket, slug: string, clientId: string, text: string, timeoutMs = 3000): Promise<Ack<{ message: MessageView; duplicate: boolean }> | null> {
  try {
    return (await socket.timeout(timeoutMs).emitWithAck('message:send', { slug, clientId, text })) as Ack<{ message: MessageView; duplicate: boolean }>;
  } catch {
    return null;
  }
}

/**
 * Posts as one person, `inFlight` at a time, until stopped or the socket is gone. A post without an
 * ack (server killed, connection lost) or refused as retryable is queued and resent with the same
 * client id, on this socket or the next one `run` is given.
 */
export class Poster {
  #stopped = false;
  /** Posts still owed a successful ack, resent first. */
  readonly pending: { clientId: string; text: string }[] = [];
  /** Non-retryable refusals: a healthy run has none. */
  readonly errors: string[] = [];
  /** Sends that repeated an earlier client id. */
  resends = 0;
  #count = 0;

  constructor(
    private readonly slug: string,
    private readonly ledger: Ledger,
    private readonly label: string,
  ) {}

  stop(): void {
    this.#stopped = true;
  }

  /** Resolves when every lane has returned (stopped, or the socket is gone). */
  run(socket: JamSocket, inFlight = 4): Promise<void> {
    return Promise.all(Array.from({ length: inFlight }, () => this.lane(socket))).then(() => {});
  }

  /** Resends every pending post (same client ids) on this socket, starting nothing new; returns how many. */
  async drain(socket: JamSocket): Promise<number> {
    let resent = 0;
    while (this.pending.length > 0 && socket.connected) {
      const post = this.pending.shift()!;
      const ack = await sendPost(socket, this.slug, post.clientId, post.text, 10_000);
      resent++;
      this.resends++;
      if (ack?.ok) this.ledger.ack(ack.message);
      else if (!ack || ack.error.code === 'unavailable' || ack.error.code === 'rate_limited') {
        this.pending.push(post);
        await new Promise((r) => setTimeout(r, 100));
      } else this.errors.push(`${ack.error.code}: ${ack.error.message}`);
    }
    return resent;
  }

  private async lane(socket: JamSocket): Promise<void> {
    while (!this.#stopped && socket.connected) {
      const retry = this.pending.shift();
      if (retry) this.resends++;
      const post = retry ?? { clientId: nanoid(), text: `A2: ${this.label} says ${++this.#count} 👩‍👩‍👧` };
      this.ledger.sent(post.clientId);
      const ack = await sendPost(socket, this.slug, post.clientId, post.text);
      if (ack?.ok) {
        this.ledger.ack(ack.message);
        continue;
      }
      this.pending.push(post);
      if (!ack) return;
      if (ack.error.code !== 'unavailable' && ack.error.code !== 'rate_limited') {
        this.errors.push(`${ack.error.code}: ${ack.error.message}`);
        this.pending.pop();
      }
      // Retryable: back off a little (not the full retryAfter: tests are short) before resending.
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A viewer following a jam live: inserts by seq, de-duplicates by id, remembers what it has. */
export class Viewer {
  readonly bySeq = new Map<number, MessageView>();
  /** Deliveries of a message the viewer already had (the ack/event overlap on a re-join). */
  redelivered = 0;

  take(message: MessageView): void {
    if (this.bySeq.has(message.seq)) this.redelivered++;
    this.bySeq.set(message.seq, message);
  }

  /** The highest seq up to which the viewer has everything: what it re-joins with. */
  get contiguous(): number {
    let seq = 0;
    while (this.bySeq.has(seq + 1)) seq++;
    return seq;
  }

  /**
   * Follows a socket: joins (with since when it already has messages) and takes every event. A
   * catch-up longer than the ack carries is paged from GET /messages when `api` is given.
   */
  async follow(socket: JamSocket, slug: string, api?: ApiClient): Promise<JamJoinResult> {
    socket.on('message:created', (m) => this.take(m));
    const since = this.bySeq.size > 0 ? this.contiguous : undefined;
    const ack = (await socket.timeout(10_000).emitWithAck('jam:join', { slug, ...(since !== undefined ? { since } : {}) })) as Ack<JamJoinResult>;
    if (!ack.ok) throw new Error(`join failed: ${ack.error.code} ${ack.error.message}`);
    ack.messages.forEach((m) => this.take(m));
    if (api && since !== undefined) {
      while (this.contiguous < ack.lastSeq) {
        const page = await api.get<{ messages: MessageView[] }>(`/api/jams/${slug}/messages?after=${this.contiguous}&limit=1000`);
        if (page.status !== 200 || page.body.messages.length === 0) break;
        page.body.messages.forEach((m) => this.take(m));
      }
    }
    return ack;
  }
}

/** Every message of a jam, paging through GET /api/jams/:slug/messages. */
export async function storedMessages(api: ApiClient, slug: string): Promise<MessageView[]> {
  const all: MessageView[] = [];
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const res = await api.get<{ messages: MessageView[]; lastSeq: number }>(`/api/jams/${slug}/messages?after=${after}&limit=1000`);
    if (res.status !== 200) throw new Error(`listing failed: ${res.status} ${JSON.stringify(res.body)}`);
    all.push(...res.body.messages);
    if (res.body.messages.length < 1000) return all;
  }
}

export interface Audit {
  stored: number;
  acked: number;
  /** Acknowledged and not in the store (or stored as a different message): must be empty. */
  lost: string[];
  /** Client ids stored more than once: must be empty. */
  duplicated: string[];
  /** Seqs missing between 1 and the highest (no hidden messages in these jams): must be empty. */
  seqGaps: number[];
  conflicts: string[];
}

export function audit(stored: MessageView[], ledger: Ledger): Audit {
  const byClientId = new Map<string, MessageView[]>();
  for (const m of stored) byClientId.set(m.clientId, [...(byClientId.get(m.clientId) ?? []), m]);
  const lost = [...ledger.acked.values()].filter((a) => {
    const found = byClientId.get(a.clientId);
    return !found || found.length !== 1 || found[0]!.id !== a.id || found[0]!.seq !== a.seq;
  });
  const seqs = new Set(stored.map((m) => m.seq));
  // Not Math.max(...seqs): a long soak stores more messages than a call's arguments can hold.
  let top = 0;
  for (const seq of seqs) if (seq > top) top = seq;
  const seqGaps: number[] = [];
  for (let seq = 1; seq <= top; seq++) if (!seqs.has(seq)) seqGaps.push(seq);
  return {
    stored: stored.length,
    acked: ledger.acked.size,
    lost: lost.map((a) => a.clientId),
    duplicated: [...byClientId].filter(([, list]) => list.length > 1).map(([clientId]) => clientId),
    seqGaps,
    conflicts: [...ledger.conflicts],
  };
}

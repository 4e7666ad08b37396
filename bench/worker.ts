import { performance } from 'node:perf_hooks';
import { nanoid } from 'nanoid';
import { io as connect, type Socket } from 'socket.io-client';

/**
 * A bench worker process: opens many Socket.IO clients (lurkers who only watch, posters who post
 * as signed-in users), records fan-out latency from the timestamp inside each message, and counts
 * every delivery per viewer so the parent can check that nothing was lost or duplicated.
 * Commands arrive over IPC from bench/run.ts; every command gets exactly one reply.
 */

export type WorkerCommand =
  /** `postersWatch: false`: posters do not join the jam's room (they post without it), so nothing is fanned out to them. */
  | { type: 'open'; url: string; slug: string; lurkers: number; tokens: string[]; localAddress?: string; postersWatch?: boolean }
  | { type: 'reset' }
  | { type: 'post'; mode: 'rate'; perSecond: number; durationMs: number }
  | { type: 'post'; mode: 'closed'; durationMs: number }
  | { type: 'deliveries'; ackedIds: string[] }
  | { type: 'latencies' }
  | { type: 'drop' }
  | { type: 'pause'; fraction: number; paused: boolean }
  | { type: 'reconnect'; resume: 'join-since' | 'recovery' }
  | { type: 'caughtUp'; ids: string[] }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'opened'; sockets: number; failed: number }
  | { type: 'reset' }
  | { type: 'posted'; acked: string[]; refused: number; errors: string[] }
  | { type: 'deliveries'; viewers: number; missing: number; duplicates: number; unexpected: number }
  | { type: 'latencies'; ms: number[] }
  | { type: 'dropped' }
  | { type: 'paused'; viewers: number }
  | { type: 'reconnecting' }
  | { type: 'caughtUp'; slowestMs: number; behind: number; recovered: number }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const MARK = /bench@(\d+(?:\.\d+)?)/;

interface Viewer {
  socket: Socket;
  /** message id → times received */
  seen: Map<string, number>;
  /** message id → when it first arrived (live, replayed by recovery or in a join's catch-up) */
  arrived: Map<string, number>;
  /** The highest seq held, as the client keeps it for `jam:join {since}`. */
  lastSeq: number;
  /** A slow consumer in this trial: its latencies are not the readers' latencies. */
  slow: boolean;
}

const viewers: Viewer[] = [];
const posters: Socket[] = [];
let latencies: number[] = [];
let slug = '';

function open(url: string, token: string | undefined, localAddress: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      timeout: 30_000,
      auth: { protocol: 1, ...(token ? { token } : {}) },
      ...(localAddress ? { localAddress } : {}),
    } as Parameters<typeof connect>[1]);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(error));
  });
}

type Delivered = { id: string; seq: number; text: string };

/** `jam:join`, fresh or resuming `since` a seq; resolves to the ack (its lastSeq, and what was missed). */
function join(socket: Socket, since?: number): Promise<{ lastSeq: number; messages: Delivered[] }> {
  return new Promise((resolve, reject) => {
    socket.timeout(30_000).emit('jam:join', since === undefined ? { slug } : { slug, since }, (error: Error | null, ack: { ok: boolean; lastSeq: number; messages: Delivered[]; error?: { message: string } }) => {
      if (error) return reject(error);
      if (!ack.ok) return reject(new Error(ack.error?.message ?? 'join refused'));
      resolve(ack);
    });
  });
}

function receive(viewer: Viewer, message: Delivered, live: boolean): void {
  const at = now();
  viewer.seen.set(message.id, (viewer.seen.get(message.id) ?? 0) + 1);
  if (!viewer.arrived.has(message.id)) viewer.arrived.set(message.id, at);
  viewer.lastSeq = Math.max(viewer.lastSeq, message.seq);
  const sent = live && !viewer.slow ? MARK.exec(message.text)?.[1] : undefined;
  if (sent) latencies.push(at - Number(sent));
}

async function openAll(command: Extract<WorkerCommand, { type: 'open' }>): Promise<WorkerReply> {
  slug = command.slug;
  let failed = 0;
  const plans: (string | undefined)[] = [...Array.from({ length: command.lurkers }, () => undefined), ...command.tokens];
  // Ramp in waves so the server is measured, not its accept queue.
  for (let i = 0; i < plans.length; i += 100) {
    await Promise.all(
      plans.slice(i, i + 100).map(async (token) => {
        try {
          const socket = await open(command.url, token, command.localAddress);
          if (token) {
            if (command.postersWatch !== false) await join(socket);
            posters.push(socket);
          } else {
            const { lastSeq } = await join(socket);
            const viewer: Viewer = { socket, seen: new Map(), arrived: new Map(), lastSeq, slow: false };
            socket.on('message:created', (message: Delivered) => receive(viewer, message, true));
            viewers.push(viewer);
          }
        } catch {
          failed++;
        }
      }),
    );
  }
  return { type: 'opened', sockets: viewers.length + posters.length, failed };
}

function send(socket: Socket): Promise<{ id?: string; error?: string }> {
  return new Promise((resolve) => {
    socket.timeout(30_000).emit('message:send', { slug, clientId: nanoid(), text: `bench@${now().toFixed(3)} how do you measure a jam?` }, (error: Error | null, ack: { ok: boolean; message?: { id: string }; error?: { code: string } }) => {
      if (error) return resolve({ error: 'timeout' });
      resolve(ack.ok ? { id: ack.message!.id } : { error: ack.error?.code ?? 'refused' });
    });
  });
}

/** Fixed rate across this worker's posters (latency), or each poster back to back (throughput). */
async function post(command: Extract<WorkerCommand, { type: 'post' }>): Promise<WorkerReply> {
  const acked: string[] = [];
  const errors: string[] = [];
  const record = (result: { id?: string; error?: string }): void => {
    if (result.id) acked.push(result.id);
    else errors.push(result.error!);
  };
  const end = Date.now() + command.durationMs;
  if (command.mode === 'rate') {
    const gap = 1000 / command.perSecond;
    const pending: Promise<void>[] = [];
    for (let i = 0; Date.now() < end; i++) {
      pending.push(send(posters[i % posters.length]!).then(record));
      const next = (i + 1) * gap - (Date.now() - (end - command.durationMs));
      if (next > 0) await new Promise((r) => setTimeout(r, next));
    }
    await Promise.all(pending);
  } else {
    await Promise.all(
      posters.map(async (socket) => {
        while (Date.now() < end) record(await send(socket));
      }),
    );
  }
  const distinct = [...new Set(errors)];
  return { type: 'posted', acked, refused: errors.length, errors: distinct };
}

function deliveries(ackedIds: string[]): WorkerReply {
  let missing = 0;
  let duplicates = 0;
  let unexpected = 0;
  const acked = new Set(ackedIds);
  for (const viewer of viewers) {
    for (const id of acked) {
      const times = viewer.seen.get(id) ?? 0;
      if (times === 0) missing++;
      else if (times > 1) duplicates += times - 1;
    }
    for (const id of viewer.seen.keys()) if (!acked.has(id)) unexpected++;
  }
  return { type: 'deliveries', viewers: viewers.length, missing, duplicates, unexpected };
}

let reconnectedAt = 0;
let recovered = 0;

/**
 * The network drops under every viewer at once: the transport closes without a goodbye, so the
 * server keeps each session for Socket.IO's connection state recovery.
 */
function drop(): WorkerReply {
  for (const { socket } of viewers) socket.io.engine.close();
  return { type: 'dropped' };
}

/**
 * Every viewer reconnects at the same instant and catches up as its client does: TweetJam's
 * client takes what recovery replayed (before `connect`) and re-joins with `since` its last seq
 * only when the session was not recovered; the bare baseline relies on recovery's replay alone.
 */
function reconnect(resume: 'join-since' | 'recovery'): WorkerReply {
  reconnectedAt = now();
  recovered = 0;
  for (const viewer of viewers) {
    viewer.socket.once('connect', () => {
      if (viewer.socket.recovered) recovered++;
      else if (resume === 'join-since') void join(viewer.socket, viewer.lastSeq).then((ack) => ack.messages.forEach((m) => receive(viewer, m, false)), () => {});
    });
    viewer.socket.connect();
  }
  return { type: 'reconnecting' };
}

/**
 * Slow consumers: the first `fraction` of the viewers stop reading their TCP socket (the
 * WebSocket is paused, so the server's writes back up), or read again and catch up.
 */
function pause(fraction: number, paused: boolean): WorkerReply {
  const slow = viewers.slice(0, Math.ceil(viewers.length * fraction));
  for (const viewer of slow) {
    const ws = (viewer.socket.io.engine.transport as unknown as { ws: { pause(): void; resume(): void } }).ws;
    viewer.slow = true;
    if (paused) ws.pause();
    else ws.resume();
  }
  return { type: 'paused', viewers: slow.length };
}

/** How long after the reconnect the slowest viewer held every one of `ids`; viewers still missing some are behind. */
function caughtUp(ids: string[]): WorkerReply {
  let slowest = 0;
  let behind = 0;
  for (const viewer of viewers) {
    let last = 0;
    for (const id of ids) {
      const at = viewer.arrived.get(id);
      if (at === undefined) {
        behind++;
        last = Number.NaN;
        break;
      }
      last = Math.max(last, at);
    }
    if (!Number.isNaN(last)) slowest = Math.max(slowest, last - reconnectedAt);
  }
  return { type: 'caughtUp', slowestMs: slowest, behind, recovered };
}

process.on('message', (command: WorkerCommand) => {
  const reply = (message: WorkerReply) => process.send!(message);
  switch (command.type) {
    case 'open':
      void openAll(command).then(reply);
      break;
    case 'reset':
      latencies = [];
      viewers.forEach((v) => (v.seen.clear(), v.arrived.clear(), (v.slow = false)));
      reply({ type: 'reset' });
      break;
    case 'post':
      void post(command).then(reply);
      break;
    case 'deliveries':
      reply(deliveries(command.ackedIds));
      break;
    case 'latencies':
      reply({ type: 'latencies', ms: latencies });
      break;
    case 'drop':
      reply(drop());
      break;
    case 'pause':
      reply(pause(command.fraction, command.paused));
      break;
    case 'reconnect':
      reply(reconnect(command.resume));
      break;
    case 'caughtUp':
      reply(caughtUp(command.ids));
      break;
    case 'close':
      [...viewers.map((v) => v.socket), ...posters].forEach((s) => s.disconnect());
      reply({ type: 'closed' });
      setTimeout(() => process.exit(0), 100);
      break;
  }
});

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
  | { type: 'open'; url: string; slug: string; lurkers: number; tokens: string[]; localAddress?: string }
  | { type: 'reset' }
  | { type: 'post'; mode: 'rate'; perSecond: number; durationMs: number }
  | { type: 'post'; mode: 'closed'; durationMs: number }
  | { type: 'deliveries'; ackedIds: string[] }
  | { type: 'latencies' }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'opened'; sockets: number; failed: number }
  | { type: 'reset' }
  | { type: 'posted'; acked: string[]; refused: number; errors: string[] }
  | { type: 'deliveries'; viewers: number; missing: number; duplicates: number; unexpected: number }
  | { type: 'latencies'; ms: number[] }
  | { type: 'closed' };

const now = () => performance.timeOrigin + performance.now();
const MARK = /bench@(\d+(?:\.\d+)?)/;

interface Viewer {
  socket: Socket;
  /** message id → times received */
  seen: Map<string, number>;
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

function join(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.timeout(30_000).emit('jam:join', { slug }, (error: Error | null, ack: { ok: boolean; error?: { message: string } }) => {
      if (error) return reject(error);
      if (!ack.ok) return reject(new Error(ack.error?.message ?? 'join refused'));
      resolve();
    });
  });
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
          await join(socket);
          if (token) posters.push(socket);
          else {
            const viewer: Viewer = { socket, seen: new Map() };
            socket.on('message:created', (message: { id: string; text: string }) => {
              const at = now();
              viewer.seen.set(message.id, (viewer.seen.get(message.id) ?? 0) + 1);
              const sent = MARK.exec(message.text)?.[1];
              if (sent) latencies.push(at - Number(sent));
            });
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

process.on('message', (command: WorkerCommand) => {
  const reply = (message: WorkerReply) => process.send!(message);
  switch (command.type) {
    case 'open':
      void openAll(command).then(reply);
      break;
    case 'reset':
      latencies = [];
      viewers.forEach((v) => v.seen.clear());
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
    case 'close':
      [...viewers.map((v) => v.socket), ...posters].forEach((s) => s.disconnect());
      reply({ type: 'closed' });
      setTimeout(() => process.exit(0), 100);
      break;
  }
});

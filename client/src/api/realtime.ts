import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import type { ApiError } from '../../../shared/errors.ts';
import { isRetryable } from '../../../shared/errors.ts';
import type { MessageView } from '../../../shared/model.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts';
import type { ModerationAction, ShowAction } from '../../../shared/schemas.ts';
import { useStore } from '../store/index.ts';
import type { StreamOp } from '../store/stream.ts';
import { createBatcher } from './batcher.ts';
import { needsRules } from './http.ts';

/**
 * The one place socket events feed the store. Incoming changes are batched per frame; joins
 * resume with `since: lastSeq` after a reconnect; sends are optimistic and retried with the
 * same client id until acknowledged.
 */
type JamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: JamSocket | null = null;
let joinedSlug: string | null = null;
let hasJoinedOnce = false;

const batcher = createBatcher<StreamOp>((ops) => useStore.getState().applyOps(ops));

function ensureSocket(): JamSocket {
  if (socket) return socket;
  const s: JamSocket = io({ auth: { protocol: PROTOCOL_VERSION }, withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true });
  s.on('connect', () => {
    if (joinedSlug) void join(joinedSlug);
  });
  s.on('disconnect', (reason) => {
    if (joinedSlug) useStore.getState().setConnection('reconnecting');
    // Socket.IO leaves a server-side disconnect (restart, sign-out elsewhere) to the app.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 1000);
  });
  s.on('connect_error', () => {
    if (joinedSlug) useStore.getState().setConnection('reconnecting');
  });
  s.on('message:created', (message) => batcher.push({ type: 'created', message }));
  s.on('message:updated', (message) => batcher.push({ type: 'updated', message }));
  s.on('message:hidden', ({ id }) => batcher.push({ type: 'hidden', id }));
  s.on('question:released', ({ jamSlug, show }) => useStore.getState().setShow(jamSlug, show));
  s.on('jam:updated', ({ jamSlug, show }) => useStore.getState().setShow(jamSlug, show));
  s.on('presence:updated', (presence) => useStore.getState().setPresence(presence));
  socket = s;
  return s;
}

async function join(slug: string) {
  const s = ensureSocket();
  const state = useStore.getState();
  const resumed = hasJoinedOnce && state.jam?.slug === slug && state.lastSeq > 0;
  batcher.drain();
  const ack = await s.timeout(15_000).emitWithAck('jam:join', resumed ? { slug, since: useStore.getState().lastSeq } : { slug }).catch(() => null);
  if (!ack || joinedSlug !== slug) return;
  if (!ack.ok) return;
  hasJoinedOnce = true;
  useStore.getState().joined(ack, resumed);
  if (resumed) setTimeout(() => useStore.getState().clearCaughtUp(), 6000);
}

/** Watches a jam live (signed in or not); re-joins by itself after reconnects. */
export function watchJam(slug: string): () => void {
  const s = ensureSocket();
  joinedSlug = slug;
  hasJoinedOnce = false;
  useStore.getState().setConnection(s.connected ? 'live' : 'connecting');
  if (s.connected) void join(slug);
  return () => {
    if (joinedSlug === slug) {
      joinedSlug = null;
      s.emit('jam:leave', { slug });
    }
  };
}

/** After sign-in or sign-out the handshake must carry the new session cookie. */
export function reconnectAsNewUser() {
  if (!socket) return;
  socket.disconnect();
  socket.connect();
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** Posts optimistically; the same client id makes every retry idempotent on the server. */
export function sendPost(text: string, display: string, replyTo: string | null, clientId: string = nanoid()): string {
  const store = useStore.getState();
  if (!store.outbox.some((p) => p.clientId === clientId)) store.queuePost({ clientId, text, display, replyTo, state: 'sending', attempts: 0, error: null });
  void attempt(clientId);
  return clientId;
}

async function attempt(clientId: string): Promise<void> {
  const store = useStore.getState();
  const post = store.outbox.find((p) => p.clientId === clientId);
  const slug = store.jam?.slug;
  if (!post || !slug) return;
  store.updatePost(clientId, { state: post.attempts > 0 ? 'retrying' : 'sending', attempts: post.attempts + 1 });
  let error: ApiError;
  try {
    const ack = await ensureSocket().timeout(10_000).emitWithAck('message:send', { slug, clientId, text: post.text, replyTo: post.replyTo });
    if (ack.ok) return useStore.getState().confirmPost(clientId, ack.message);
    error = ack.error;
  } catch {
    error = { code: 'unavailable', message: 'No answer from the server yet; retrying.' };
  }
  if (needsRules(error)) return useStore.getState().updatePost(clientId, { state: 'needs-rules', error });
  const attempts = useStore.getState().outbox.find((p) => p.clientId === clientId)?.attempts ?? 0;
  if (isRetryable(error) && attempts <= RETRY_DELAYS_MS.length) {
    useStore.getState().updatePost(clientId, { state: 'retrying', error });
    const delay = (error.retryAfter ? error.retryAfter * 1000 : 0) || RETRY_DELAYS_MS[attempts - 1]!;
    setTimeout(() => void attempt(clientId), delay);
    return;
  }
  useStore.getState().updatePost(clientId, { state: 'failed', error });
}

/** Sends a failed or rules-blocked post again, same client id. */
export function retryPost(clientId: string) {
  useStore.getState().updatePost(clientId, { attempts: 0, error: null, state: 'sending' });
  void attempt(clientId);
}

async function call<T extends object>(run: (s: JamSocket) => Promise<{ ok: true } & T | { ok: false; error: ApiError }>): Promise<T> {
  const ack = await run(ensureSocket().timeout(10_000) as unknown as JamSocket).catch((): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'unavailable', message: 'No answer from the server; try again.' } }));
  if (!ack.ok) throw ack.error;
  return ack;
}

export function boost(id: string, boosted: boolean): Promise<{ message: MessageView }> {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('message:boost', { slug, id, boosted }));
}

export function moderate(id: string, action: ModerationAction): Promise<{ message: MessageView }> {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('message:moderate', { slug, id, action }));
}

export function controlShow(action: ShowAction, minutes?: number) {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('show:control', { slug, action, minutes })).then((r) => {
    useStore.getState().setShow(slug, r.show);
    return r;
  });
}

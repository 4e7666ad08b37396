import { nanoid } from 'nanoid';
import { io, type Socket } from 'socket.io-client';
import type { ApiError } from '../../../shared/errors.ts';
import { isRetryable } from '../../../shared/errors.ts';
import type { AudienceQuestionView, PollView } from '../../../shared/interaction.ts';
import { MESSAGE_PAGE_MAX, type MessageView } from '../../../shared/model.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../../shared/protocol.ts';
import type { ModerationAction, ShowAction } from '../../../shared/model.ts';
import { useStore } from '../store/index.ts';
import { readRange, seqGap } from '../store/gaps.ts';
import type { StreamOp } from '../store/stream.ts';
import { createBatcher } from './batcher.ts';
import { jamsApi } from './endpoints.ts';
import { needsRules } from './http.ts';

/**
 * The one place socket events feed the store. Incoming changes are batched per frame; after a
 * reconnect Socket.IO's recovery has replayed what was missed, or (not recovered) the join
 * resumes with `since: lastSeq`; sends are optimistic and retried with the same client id until
 * acknowledged.
 */
type JamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: JamSocket | null = null;
let joinedSlug: string | null = null;
/** The jam whose room this socket's session is in (a join was acked): what recovery restores. */
let roomSlug: string | null = null;

const batcher = createBatcher<StreamOp>((ops) => {
  const { jam, lastSeq } = useStore.getState();
  useStore.getState().applyOps(ops);
  const gap = jam && seqGap(lastSeq, ops.filter((op) => op.type !== 'created' || op.message.jamSlug === jam.slug));
  if (jam && gap) void fillGap(jam.slug, gap);
});

/** A broadcast went missing (seq jumped), or a catch-up could not carry a long absence: read the rest, so a live viewer never keeps a hole. */
function fillGap(slug: string, gap: { after: number; through: number }): Promise<void> {
  return readRange(
    gap,
    async (after, limit) => {
      const page = await jamsApi.messages(slug, after, limit).catch(() => null);
      return page && useStore.getState().jam?.slug === slug ? page.messages : null;
    },
    (messages) => useStore.getState().applyOps(messages.map((message) => ({ type: 'created' as const, message }))),
  );
}
/** Vote tallies can arrive in bursts: applied once per frame, like messages. */
const interactionBatcher = createBatcher<{ question?: AudienceQuestionView; poll?: PollView }>((ops) => {
  const store = useStore.getState();
  store.upsertQuestions(ops.flatMap((op) => (op.question ? [op.question] : [])));
  store.upsertPolls(ops.flatMap((op) => (op.poll ? [op.poll] : [])));
});

function ensureSocket(): JamSocket {
  if (socket) return socket;
  const s: JamSocket = io({ auth: { protocol: PROTOCOL_VERSION }, withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true });
  s.on('connect', () => {
    if (!joinedSlug) return;
    // Recovered: the server kept our rooms and replayed what we missed before this event, so a
    // re-join would only read and send it all again (and cost the server a join per viewer in a
    // reconnect storm).
    if (s.recovered && roomSlug === joinedSlug) resumeRecovered();
    else void join(joinedSlug);
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
  s.on('message:hidden', ({ id }) => {
    batcher.push({ type: 'hidden', id });
    useStore.getState().moderationChanged();
  });
  // Hosts only: a message awaits approval or was reported.
  s.on('moderation:queued', () => useStore.getState().moderationChanged());
  s.on('question:released', ({ jamSlug, question, show }) => useStore.getState().setShow(jamSlug, show, question));
  s.on('jam:updated', ({ jamSlug, reason, show }) => {
    useStore.getState().setShow(jamSlug, show);
    // An edit may change what the show state does not carry (question texts, panelists, settings).
    if (reason === 'edited') void refreshJam(jamSlug);
  });
  s.on('audience:updated', (question) => interactionBatcher.push({ question }));
  s.on('poll:updated', (poll) => interactionBatcher.push({ poll }));
  s.on('presence:updated', (presence) => useStore.getState().setPresence(presence));
  socket = s;
  return s;
}

/** Re-reads a jam after an edit, keeping the stream as it is. */
async function refreshJam(slug: string) {
  const result = await jamsApi.view(slug).catch(() => null);
  const state = useStore.getState();
  if (result && state.jam?.slug === slug) state.openJam({ ...result.jam, viewers: state.jam.viewers }, result.viewer ?? state.viewer);
}

async function join(slug: string) {
  const s = ensureSocket();
  const state = useStore.getState();
  // Messages already in hand (the page's first data, or what came before a drop): ask only for the rest.
  const resumed = state.jam?.slug === slug && state.lastSeq > 0;
  batcher.drain();
  const ack = await s.timeout(15_000).emitWithAck('jam:join', resumed ? { slug, since: useStore.getState().lastSeq } : { slug }).catch(() => null);
  if (!ack || joinedSlug !== slug) return;
  if (!ack.ok) return;
  roomSlug = slug;
  useStore.getState().joined(ack, resumed);
  // A catch-up carries at most a page: after a long absence, fetch the rest up to where the jam is.
  const caughtTo = ack.messages.at(-1)?.seq;
  if (resumed && ack.messages.length >= MESSAGE_PAGE_MAX && caughtTo !== undefined && caughtTo < ack.lastSeq) void fillGap(slug, { after: caughtTo, through: ack.lastSeq });
  void syncInteraction(slug, resumed);
  resendOutbox();
  if (useStore.getState().caughtUp !== null) setTimeout(() => useStore.getState().clearCaughtUp(), 6000);
}

/** Back by recovery: the replay is in the batcher; apply it, count it as caught up, resend what waits. */
function resumeRecovered() {
  batcher.drain();
  interactionBatcher.drain();
  useStore.getState().recovered();
  resendOutbox();
  if (useStore.getState().caughtUp !== null) setTimeout(() => useStore.getState().clearCaughtUp(), 6000);
}

/** Audience questions and polls: everything on a fresh join, only what changed since our version on a resume. */
async function syncInteraction(slug: string, resumed: boolean) {
  const store = useStore.getState();
  const resume = resumed && store.interactionSlug === slug;
  if (!resume) store.resetInteraction(slug);
  const ack = await ensureSocket().timeout(15_000).emitWithAck('interaction:sync', { slug, since: resume ? store.interactionVersion : 0 }).catch(() => null);
  if (ack?.ok && joinedSlug === slug) useStore.getState().applyInteraction(ack.state, resume);
}

/** Watches a jam live (signed in or not); re-joins by itself after reconnects. */
export function watchJam(slug: string): () => void {
  const s = ensureSocket();
  joinedSlug = slug;
  useStore.getState().setConnection(s.connected ? 'live' : 'connecting');
  if (s.connected) void join(slug);
  return () => {
    if (joinedSlug === slug) {
      joinedSlug = null;
      roomSlug = null;
      s.emit('jam:leave', { slug });
    }
  };
}

/** After sign-in or sign-out the handshake must carry the new session cookie. */
export function reconnectAsNewUser() {
  if (!socket) return;
  // The new user joins afresh: their standing and the hosts' room come with the join.
  roomSlug = null;
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

/** Client ids with a send on the wire: a post is never sent twice at once. */
const inFlight = new Set<string>();

/** Posts restored from the browser (or left waiting by a drop) go out again, once each, same client id. */
function resendOutbox() {
  for (const post of useStore.getState().outbox) if ((post.state === 'sending' || post.state === 'retrying') && !inFlight.has(post.clientId) && !retryTimers.has(post.clientId)) void attempt(post.clientId);
}

const retryTimers = new Map<string, ReturnType<typeof setTimeout>>();

async function attempt(clientId: string): Promise<void> {
  if (inFlight.has(clientId)) return;
  inFlight.add(clientId);
  try {
    await attemptOnce(clientId);
  } finally {
    inFlight.delete(clientId);
  }
}

async function attemptOnce(clientId: string): Promise<void> {
  retryTimers.delete(clientId);
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
    retryTimers.set(
      clientId,
      setTimeout(() => void attempt(clientId), delay),
    );
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

/** Asks the panel a question; the client id makes a retry (after a lost ack) store it once. */
export async function askQuestion(text: string, clientId: string = nanoid()): Promise<AudienceQuestionView> {
  const slug = useStore.getState().jam!.slug;
  const send = () => call((s) => s.emitWithAck('audience:ask', { slug, clientId, text }));
  const result = await send().catch((error: ApiError) => (isRetryable(error) ? send() : Promise.reject(error)));
  useStore.getState().upsertQuestions([result.question]);
  return result.question;
}

/** Votes for an audience question (or withdraws the vote); shown at once, corrected by the ack. */
export async function voteQuestion(id: string, voted: boolean): Promise<void> {
  const slug = useStore.getState().jam!.slug;
  useStore.getState().setMyVote(id, voted);
  try {
    const { question } = await call((s) => s.emitWithAck('audience:vote', { slug, id, voted }));
    useStore.getState().upsertQuestions([question]);
  } catch (error) {
    useStore.getState().setMyVote(id, !voted);
    throw error;
  }
}

/** Casts or changes the reader's ballot in a poll. */
export async function castBallot(id: string, option: number): Promise<void> {
  const slug = useStore.getState().jam!.slug;
  const { poll } = await call((s) => s.emitWithAck('poll:vote', { slug, id, option }));
  useStore.getState().setMyBallot(id, option);
  useStore.getState().upsertPolls([poll]);
}

export function controlShow(action: ShowAction, minutes?: number) {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('show:control', { slug, action, minutes })).then((r) => {
    useStore.getState().setShow(slug, r.show);
    return r;
  });
}

/** Deletes one's own post (hosts: any post); everyone sees it vanish through `message:hidden`. */
export function deletePost(id: string): Promise<{ deleted: true }> {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('message:delete', { slug, id }));
}

/** Reports a message to the hosts' moderation queue, with the reader's reason. */
export function reportMessage(id: string, reason: string): Promise<{ reported: boolean }> {
  const slug = useStore.getState().jam!.slug;
  return call((s) => s.emitWithAck('message:report', { slug, id, reason }));
}

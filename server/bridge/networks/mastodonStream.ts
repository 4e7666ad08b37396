import { MastoHttpError } from 'masto';
import { z } from 'zod';

/**
 * Mastodon's streaming API as server-sent events (GET /api/v1/streaming/hashtag?tag=…): the same
 * events the WebSocket carries, over plain fetch, so no WebSocket client is needed on Node 20.
 * The streaming server writes a ":thump" comment every 15 s; a connection silent for much longer
 * than that is dead even if TCP has not noticed, so it is given up and the caller reconnects.
 */
const IDLE_MS = 90_000;

/** The parts of a status (Mastodon's JSON, snake_case) the bridge reads, in masto's camelCase. */
const wireStatus = z
  .object({
    id: z.string(),
    uri: z.string(),
    url: z.string().nullish(),
    created_at: z.string(),
    content: z.string(),
    spoiler_text: z.string().nullish(),
    in_reply_to_id: z.string().nullish(),
    reblog: z.unknown().nullish(),
    account: z.object({ id: z.string(), acct: z.string(), username: z.string(), display_name: z.string().nullish(), url: z.string().nullish() }),
  })
  .transform((s) => ({
    id: s.id,
    uri: s.uri,
    url: s.url ?? null,
    createdAt: s.created_at,
    content: s.content,
    spoilerText: s.spoiler_text ?? '',
    inReplyToId: s.in_reply_to_id ?? null,
    reblog: s.reblog ?? null,
    account: { id: s.account.id, acct: s.account.acct, username: s.account.username, displayName: s.account.display_name ?? '', url: s.account.url ?? null },
  }));

export type StreamedStatus = z.output<typeof wireStatus>;

export interface HashtagStreamOptions {
  /** The streaming server's origin (the instance's, unless /api/v2/instance names another). */
  base: string;
  accessToken: string;
  /** Without the "#". */
  tag: string;
  /** How long to wait for the connection to be answered. */
  timeoutMs: number;
  signal: AbortSignal;
  /** The instance accepted the subscription: from now on, new statuses arrive here. */
  opened(): void;
  update(status: StreamedStatus): void;
}

/**
 * Reads the hashtag stream until the instance closes it (resolves), it fails or goes silent
 * (rejects; a refusal is a MastoHttpError with the Response as its cause, like masto's own), or
 * `signal` aborts it (resolves).
 */
export async function readHashtagStream(options: HashtagStreamOptions): Promise<void> {
  const watchdog = new AbortController();
  let timer = setTimeout(() => watchdog.abort(new Error('the instance did not answer the stream request')), options.timeoutMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => watchdog.abort(new Error('the stream went silent')), IDLE_MS);
  };
  try {
    const url = `${options.base}/api/v1/streaming/hashtag?${new URLSearchParams({ tag: options.tag })}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${options.accessToken}`, accept: 'text/event-stream' }, signal: AbortSignal.any([options.signal, watchdog.signal]) });
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { error?: string } | null;
      throw new MastoHttpError({ statusCode: response.status, message: body?.error ?? response.statusText }, { cause: response });
    }
    alive();
    options.opened();
    const events = new EventReader();
    for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
      alive();
      for (const event of events.push(chunk)) {
        if (event.name !== 'update') continue;
        const status = wireStatus.safeParse(parseJson(event.data));
        if (status.success) options.update(status.data);
      }
    }
  } catch (error) {
    if (options.signal.aborted) return;
    throw watchdog.signal.aborted ? watchdog.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}

/** A payload that is not JSON is skipped like one that is not a status, not a reason to drop the stream. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Splits a text/event-stream into events (name and data), as chunks arrive cut anywhere. */
export class EventReader {
  #buffer = '';
  #name = '';
  #data: string[] = [];

  push(chunk: string): { name: string; data: string }[] {
    this.#buffer += chunk;
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    this.#buffer = lines.pop() ?? '';
    const events: { name: string; data: string }[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.#data.length > 0) events.push({ name: this.#name || 'message', data: this.#data.join('\n') });
        this.#name = '';
        this.#data = [];
        continue;
      }
      // A comment: the heartbeat.
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') this.#name = value;
      else if (field === 'data') this.#data.push(value);
    }
    return events;
  }
}

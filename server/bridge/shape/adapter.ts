import type { z } from 'zod';
import type { BridgeNetwork } from '../../../shared/bridges.ts';

/**
 * What one open network must provide to be bridged. Everything else (linking flow, sealed
 * credentials, the outbound queue claimed once, inbound leases and polling, ingest, rate-limit and
 * failure states, marks in the stream) is the shared shape in this folder: a new network is one
 * file implementing this interface, registered in networks/index.ts.
 */
export interface NetworkAdapter<Client = unknown> {
  readonly network: BridgeNetwork;
  readonly label: string;
  /** 'app_password': the host types credentials (link); 'oauth': the host consents on their instance (authorize + complete). */
  readonly linkKind: 'app_password' | 'oauth';
  /** Body of POST /api/series/:slug/bridges/:network/link. */
  readonly linkSchema: z.ZodType<unknown>;
  /** Checks credentials against the network and returns the account to store. */
  link?(input: unknown): Promise<LinkedAccount>;
  /** The instance's consent URL; registers this server as an app there first if it is not yet. */
  authorize?(input: unknown, redirectUri: string, state: string, apps: AppRegistry): Promise<{ url: string; instance: string }>;
  /** Exchanges the code the instance sent back for a token and reads the account. */
  complete?(request: { instance: string; redirectUri: string; code: string }, apps: AppRegistry): Promise<LinkedAccount>;
  /** Best effort when a host unlinks (revoke the token); failures are ignored. */
  revoke?(link: OpenLink, apps: AppRegistry): Promise<void>;
  /** A client acting as the linked account (may log in first). Cached per link by the shape. */
  open(link: OpenLink): Promise<Client>;
  /** The post for a released question, within the account's limit, with the hashtag. */
  questionText(n: number, text: string, hashtag: string, maxChars: number): string;
  /** Whether a native post fits this network as it is (else it is not mirrored). */
  fits(text: string, maxChars: number): boolean;
  /** Posts, threaded under `parent` (the previous question) whose thread starts at `root`. */
  post(client: Client, text: string, thread: { parent: PostRef | null; root: PostRef | null }): Promise<PostRef>;
  /** Posts carrying the hashtag since `since` (or from `cursor`, what the last read returned). Oldest first not required. */
  search(client: Client, query: { hashtag: string; since: Date; cursor: string | null }): Promise<{ posts: InboundPost[]; cursor: string | null }>;
  /**
   * Optional: new posts carrying the hashtag pushed as they are made, over one long-lived
   * connection. Resolves when the network closes it or `signal` aborts, rejects when it fails; the
   * shape polls search() at once either way and reconnects with backoff, so a gap loses nothing.
   */
  stream?(client: Client, query: { hashtag: string }, on: { opened(): void; post(post: InboundPost): void }, signal: AbortSignal): Promise<void>;
  /** Replies under one of our question posts, with or without the hashtag. */
  replies(client: Client, question: PostRef): Promise<InboundPost[]>;
  /** Classifies an error thrown by this network's library. */
  classify(error: unknown, now: Date): BridgeFailure;
}

/** A link with its credentials opened, as adapters see it. */
export interface OpenLink {
  seriesId: string;
  accountId: string;
  username: string;
  instance: string;
  credentials: Record<string, string>;
}

/** What linking produced: stored with the credentials sealed. */
export interface LinkedAccount {
  accountId: string;
  username: string;
  instance: string;
  credentials: Record<string, string>;
  maxChars: number;
}

/** A post on a network, as much as the shape needs to thread under it and recognise it again. */
export interface PostRef {
  /** The network's id: at:// URI (Bluesky), status id on the linked instance (Mastodon). */
  id: string;
  /** The global key inbound copies are deduplicated by: the URI, the status URL. */
  key: string;
  url: string;
  /** Anything else a reply needs (Bluesky: the record's cid). */
  meta?: Record<string, string>;
}

/** A post read from a network, before it becomes a message. */
export interface InboundPost {
  id: string;
  key: string;
  url: string;
  authorId: string;
  authorHandle: string;
  authorName: string;
  /** Plain text as the person wrote it (HTML already turned to text). */
  text: string;
  createdAt: string;
  /** The network's id of the post it replies to, if any. */
  parentId: string | null;
}

/** Per-instance OAuth apps, stored by the shape (secrets sealed). */
export interface AppRegistry {
  get(instance: string, redirectUri: string): Promise<{ clientId: string; clientSecret: string } | null>;
  save(instance: string, redirectUri: string, app: { clientId: string; clientSecret: string }): Promise<void>;
}

/** What went wrong with a call to a network, in the terms the bridge acts on. */
export type BridgeFailure =
  | { kind: 'rate_limited'; resetAt: Date; message: string }
  | { kind: 'auth'; status: number; message: string }
  | { kind: 'access'; status: number; message: string }
  | { kind: 'rejected'; status: number; message: string }
  | { kind: 'transient'; message: string };

/** The reset instant of a 429, never in the past, a minute away when the network did not say. */
export function resetInstant(reset: Date | null, now: Date): Date {
  if (!reset || Number.isNaN(reset.getTime())) return new Date(now.getTime() + 60_000);
  return reset > now ? reset : new Date(now.getTime() + 1_000);
}

/** The open networks' bridge_* tables (migration 010) and the X bridge's x_* tables (migration 004). */

/** Bridge link health, as the host console shows it. */
export type BridgeLinkState = 'ok' | 'rate_limited' | 'broken';

/** One series linked to one open network (migration 010). */
export interface BridgeLinksTable {
  series_id: string;
  network: string;
  linked_by: string;
  account_id: string;
  username: string;
  instance: string;
  /** Sealed JSON: see server/bridge/crypto.ts. */
  credentials: string;
  max_chars: number;
  state: BridgeLinkState;
  last_error: string | null;
  rate_limited_until: string | null;
  last_sync_at: string | null;
  cursor: string | null;
  cursor_jam_id: string | null;
  created_at: string;
  updated_at: string;
}

/** An OAuth app registered on one instance (Mastodon registers apps per instance). */
export interface BridgeAppsTable {
  network: string;
  instance: string;
  redirect_uri: string;
  client_id: string;
  /** Sealed. */
  client_secret: string;
  created_at: string;
}

export interface BridgeOauthRequestsTable {
  state: string;
  network: string;
  series_id: string;
  user_id: string;
  instance: string;
  redirect_uri: string;
  created_at: string;
}

export interface BridgeOutboundTable {
  id: string;
  network: string;
  series_id: string;
  jam_id: string;
  kind: 'question' | 'message';
  ref: string;
  text: string;
  status: 'pending' | 'posted' | 'failed';
  post_id: string | null;
  post_key: string | null;
  post_url: string | null;
  post_meta: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  posted_at: string | null;
}

export interface BridgeMirrorPrefsTable {
  series_id: string;
  network: string;
  user_id: string;
  enabled: number;
  updated_at: string;
}

/** Who reads a network's inbound for a jam until expires_at (one reader across nodes). */
export interface BridgeLeasesTable {
  network: string;
  jam_id: string;
  holder: string;
  expires_at: string;
}

export interface XLinksTable {
  series_id: string;
  linked_by: string;
  x_user_id: string;
  username: string;
  /** Sealed (AES-256-GCM): see crypto.ts. */
  access_token: string;
  refresh_token: string | null;
  expires_at: string | null;
  scope: string;
  state: LinkState;
  last_error: string | null;
  rate_limited_until: string | null;
  last_sync_at: string | null;
  /** Newest tweet id ingested for since_jam_id; a new jam starts from its own start time instead. */
  since_id: string | null;
  since_jam_id: string | null;
  created_at: string;
  updated_at: string;
}

export type LinkState = 'ok' | 'rate_limited' | 'broken';

export interface XOauthRequestsTable {
  state: string;
  series_id: string;
  user_id: string;
  code_verifier: string;
  redirect_uri: string;
  created_at: string;
}


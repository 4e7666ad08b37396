/** Origins allowed besides the server's own host: ALLOWED_ORIGINS (comma-separated) and PUBLIC_URL. */
export function allowedOrigins(): Set<string> {
  const list = (process.env.ALLOWED_ORIGINS ?? '').split(',');
  if (process.env.PUBLIC_URL) list.push(process.env.PUBLIC_URL);
  const origins = new Set<string>();
  for (const entry of list) {
    try {
      if (entry.trim()) origins.add(new URL(entry.trim()).origin);
    } catch {
      /* ignore a malformed entry rather than refusing to start */
    }
  }
  return origins;
}

/**
 * True for requests from our own pages: no Origin header (non-browser clients, same-origin GETs),
 * an Origin with the scheme and host we are serving (the scheme as the client used it: behind a
 * trusted TLS proxy, X-Forwarded-Proto), or one of ALLOWED_ORIGINS. `http://host` is another
 * origin than `https://host`: a page served over plain http must not act for the https site.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, protocol: 'http' | 'https', allowed = allowedOrigins()): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return (host !== undefined && url.protocol === `${protocol}:` && url.host === host.toLowerCase()) || allowed.has(url.origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
}

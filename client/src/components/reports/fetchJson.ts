import { useEffect, useState } from 'react';

/** A failed report request, with the server's error message when it sent one. */
export class ReportError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** GET a JSON document from the API (same-origin cookie session); errors carry the server's message. */
export async function fetchJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    throw new ReportError('Could not reach the server; check your connection.', 0, 'unavailable');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ReportError(error?.message || `The server answered ${response.status}.`, response.status, error?.code ?? 'internal');
  }
  return body as T;
}

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ReportError };

/** Loads a JSON document once per path (a new path shows "loading" until its answer arrives). */
export function useJson<T>(path: string): Loaded<T> {
  const [answer, setAnswer] = useState<{ path: string; loaded: Loaded<T> } | null>(null);
  useEffect(() => {
    let live = true;
    fetchJson<T>(path).then(
      (data) => live && setAnswer({ path, loaded: { state: 'ready', data } }),
      (error: unknown) => live && setAnswer({ path, loaded: { state: 'failed', error: error instanceof ReportError ? error : new ReportError(String(error), 0, 'internal') } }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return answer?.path === path ? answer.loaded : { state: 'loading' };
}

export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

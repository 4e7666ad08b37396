import { useEffect, useState } from 'react';
import { ApiFailure, toApiError } from '../../api/http.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiFailure };

/**
 * Loads a document once per slug with one of the typed fetchers (api/endpoints.ts); a new slug
 * shows "loading" until its answer arrives.
 */
export function useLoaded<T>(load: (slug: string) => Promise<T>, slug: string): Loaded<T> {
  const [answer, setAnswer] = useState<{ path: string; loaded: Loaded<T> } | null>(null);
  const path = slug;
  useEffect(() => {
    let live = true;
    load(path).then(
      (data) => live && setAnswer({ path, loaded: { state: 'ready', data } }),
      (error: unknown) => live && setAnswer({ path, loaded: { state: 'failed', error: error instanceof ApiFailure ? error : new ApiFailure(toApiError(error), 0) } }),
    );
    return () => {
      live = false;
    };
  }, [load, path]);
  return answer?.path === path ? answer.loaded : { state: 'loading' };
}

export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

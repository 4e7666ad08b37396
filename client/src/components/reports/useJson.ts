import { useEffect, useState } from 'react';
import { ApiFailure, get, toApiError } from '../../api/http.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiFailure };

/** Loads a JSON document once per path (a new path shows "loading" until its answer arrives). */
export function useJson<T>(path: string): Loaded<T> {
  const [answer, setAnswer] = useState<{ path: string; loaded: Loaded<T> } | null>(null);
  useEffect(() => {
    let live = true;
    get<T>(path).then(
      (data) => live && setAnswer({ path, loaded: { state: 'ready', data } }),
      (error: unknown) => live && setAnswer({ path, loaded: { state: 'failed', error: error instanceof ApiFailure ? error : new ApiFailure(toApiError(error), 0) } }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return answer?.path === path ? answer.loaded : { state: 'loading' };
}

export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

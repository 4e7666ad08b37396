import { useEffect } from 'react';
import { useStore } from '../../store/index.ts';

/**
 * Runs `load` now and again whenever the stream moves, at most every `everyMs`: for server-side
 * views of the stream (the not-yet-answered queue, automatic actions) without a request per message.
 */
export function useStreamRefresh(load: () => void, everyMs = 3000): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = (delay: number) => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        load();
      }, delay);
    };
    refresh(0);
    const unsubscribe = useStore.subscribe((state, previous) => {
      if (state.lastSeq !== previous.lastSeq) refresh(everyMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [load, everyMs]);
}

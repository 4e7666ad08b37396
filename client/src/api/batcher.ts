/**
 * Collects items and hands them over in batches: on the next animation frame, but no sooner than
 * `minGapMs` after the previous batch. At 100 messages a second that is about six store updates
 * and renders a second instead of a hundred, so typing never waits behind the stream. In a
 * hidden tab (no frames) a timer stands in.
 */
export function createBatcher<T>(flush: (items: T[]) => void, schedule: (run: () => void, delayMs: number) => void = defaultSchedule, minGapMs = 150) {
  let queue: T[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  const run = () => {
    scheduled = false;
    lastFlush = Date.now();
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item: T) {
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run, Math.max(0, lastFlush + minGapMs - Date.now()));
      }
    },
    /** Applies what is queued now (before a re-join replaces the stream). */
    drain: run,
  };
}

function defaultSchedule(run: () => void, delayMs: number) {
  const frame = () => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) requestAnimationFrame(run);
    else setTimeout(run, 100);
  };
  if (delayMs > 0) setTimeout(frame, delayMs);
  else frame();
}

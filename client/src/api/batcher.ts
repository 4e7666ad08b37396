/**
 * Collects items and hands them over once per animation frame (or every 100 ms in a hidden tab,
 * where frames stop), so a burst of 100 messages a second costs a few renders, not a hundred.
 */
export function createBatcher<T>(flush: (items: T[]) => void, schedule: (run: () => void) => void = defaultSchedule) {
  let queue: T[] = [];
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item: T) {
      queue.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    },
    /** Applies what is queued now (before a re-join replaces the stream). */
    drain: run,
  };
}

function defaultSchedule(run: () => void) {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden) {
    requestAnimationFrame(run);
  } else {
    setTimeout(run, 100);
  }
}

import { useEffect, useState } from 'react';

/** The current time, re-rendering every `everyMs` (one shared tick per component). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "1:05:09", "4:07", "0:09" until an instant; "now" once it has passed. */
export function countdown(untilMs: number, nowMs: number): string {
  const total = Math.max(0, Math.round((untilMs - nowMs) / 1000));
  if (total === 0) return 'now';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (total >= 2 * 86400) return `${Math.round(total / 86400)} days`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** An instant in the reader's own time zone, e.g. "Tue 24 Nov, 18:00 CET". */
export function localTime(iso: string, withDate = true): string {
  return new Intl.DateTimeFormat(undefined, {
    ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: withDate ? 'short' : undefined,
  }).format(new Date(iso));
}

export const clockTime = (iso: string) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

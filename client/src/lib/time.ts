import { clockTime as zonedClock, formatInZone, seriesAndReaderClock, seriesAndReaderTime } from '../../../shared/time.ts';
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

/** The reader's own time zone (the browser's). */
export const readerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** An instant in the reader's own time zone, in the app's one format: "Tue 24 Nov 2026, 18:00 CET". */
export function localTime(iso: string): string {
  return formatInZone(iso, readerZone());
}

/** An instant as the series announces it, with the reader's time beside it when the zones differ. */
export function seriesTime(iso: string, seriesZone: string): string {
  return seriesAndReaderTime(iso, seriesZone, readerZone());
}

/** A time of day in the series' zone, the reader's beside it when it differs: "19:30 EDT (00:30 yours)". */
export function seriesClock(iso: string, seriesZone: string): string {
  return seriesAndReaderClock(iso, seriesZone, readerZone());
}

/** "18:05" on the reader's clock. */
export const clockTime = (iso: string) => zonedClock(iso, readerZone());

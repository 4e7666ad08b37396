import { useCallback, useEffect, useRef, useState } from 'react';
// oxlint-disable-next-line import/no-unassigned-import
import './reports/reports.css';

export interface RemindMeProps {
  jam: { slug: string; title: string; startsAt: string; hashtag?: string };
  /** How long before the start to remind. */
  minutesBefore?: number;
}

interface StoredReminder {
  title: string;
  startsAt: string;
  minutesBefore: number;
}

const STORAGE_KEY = 'tj:reminders';
/** setTimeout overflows past ~24.8 days; longer waits re-arm after this. */
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

function readAll(): Record<string, StoredReminder> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, StoredReminder>;
  } catch {
    return {};
  }
}

function writeOne(slug: string, reminder: StoredReminder | null): void {
  const all = readAll();
  if (reminder) all[slug] = reminder;
  else delete all[slug];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    /* private mode: the reminder lives as long as the page */
  }
}

const canNotify = () => typeof Notification !== 'undefined';

/**
 * "Remind me": a notification shortly before a jam starts, in-app. Uses the browser's Notification
 * API when the reader allows it, else an in-page toast. Kept in localStorage so it survives reloads
 * (it fires while a TweetJam tab is open; the calendar file covers the rest).
 */
export function RemindMe({ jam, minutesBefore = 10 }: RemindMeProps) {
  const [armed, setArmed] = useState(() => jam.slug in readAll());
  const [toast, setToast] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useRef<Notification | null>(null);
  // Read once per mount: whether the jam is still ahead decides if the button is offered.
  const [mountedAt] = useState(() => Date.now());
  const startsAt = Date.parse(jam.startsAt);
  const message = `${jam.hashtag ? `${jam.hashtag} ` : ''}“${jam.title}” starts in ${minutesBefore} minutes`;

  const fire = useCallback(() => {
    writeOne(jam.slug, null);
    setArmed(false);
    if (canNotify() && Notification.permission === 'granted') {
      try {
        shown.current = new Notification(message, { body: 'Open TweetJam to join the chat.', tag: `tj-${jam.slug}` });
        return;
      } catch {
        /* some browsers only allow notifications from a service worker: fall back to the toast */
      }
    }
    setToast(message);
  }, [jam.slug, message]);

  useEffect(() => {
    if (!armed) return;
    const arm = () => {
      const wait = startsAt - minutesBefore * 60_000 - Date.now();
      if (wait <= 0) return fire();
      timer.current = setTimeout(arm, Math.min(wait, MAX_WAIT_MS));
    };
    arm();
    return () => clearTimeout(timer.current);
  }, [armed, startsAt, minutesBefore, fire]);

  if (startsAt <= mountedAt && !toast) return null;

  async function toggle() {
    if (armed) {
      writeOne(jam.slug, null);
      setArmed(false);
      setNote('Reminder cancelled.');
      return;
    }
    let permission: NotificationPermission | 'unsupported' = 'unsupported';
    if (canNotify()) permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    writeOne(jam.slug, { title: jam.title, startsAt: jam.startsAt, minutesBefore });
    setArmed(true);
    setNote(permission === 'granted' ? `We will notify you ${minutesBefore} minutes before it starts.` : `We will remind you here ${minutesBefore} minutes before it starts (keep this tab open).`);
  }

  return (
    <span className="remind-me">
      {startsAt > mountedAt && (
        <button type="button" aria-pressed={armed} onClick={() => void toggle()}>
          {armed ? 'Cancel reminder' : 'Remind me'}
        </button>
      )}{' '}
      <a className="small" href={`/api/jams/${encodeURIComponent(jam.slug)}/calendar.ics`}>
        Add to calendar
      </a>
      <span role="status" className="small muted">
        {note ? ` ${note}` : ''}
      </span>
      {toast && (
        <div className="remind-toast" role="alert">
          <p>{toast}</p>
          <a href={`/jams/${jam.slug}`}>Go to the jam</a>{' '}
          <button type="button" onClick={() => setToast(null)}>
            Dismiss
          </button>
        </div>
      )}
    </span>
  );
}

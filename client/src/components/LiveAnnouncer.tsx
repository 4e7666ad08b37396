import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store/index.ts';

/** How often, at most, screen readers hear about new messages. */
const ANNOUNCE_EVERY_MS = 8000;

/**
 * The stream's live region. It never reads every message (a fast jam would flood a screen
 * reader): it sums up what arrived since the last announcement, at most every few seconds,
 * and announces question releases in a region of their own.
 */
export function LiveAnnouncer() {
  const [text, setText] = useState('');
  const announced = useRef<number | null>(null);
  const question = useStore((s) => {
    const n = s.jam?.show.currentQuestion;
    return n ? s.jam!.questions[n - 1] ?? null : null;
  });

  useEffect(() => {
    const timer = setInterval(() => {
      const { messages } = useStore.getState();
      const lastSeq = messages[messages.length - 1]?.seq ?? 0;
      if (announced.current === null) {
        announced.current = lastSeq;
        return;
      }
      const fresh = messages.filter((m) => m.seq > announced.current!);
      announced.current = lastSeq;
      if (fresh.length === 0) return;
      const latest = fresh[fresh.length - 1]!;
      setText(fresh.length === 1 ? `New message from ${latest.author.displayName}.` : `${fresh.length} new messages; latest from ${latest.author.displayName}.`);
    }, ANNOUNCE_EVERY_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {text}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {question ? `Question ${question.n}: ${question.text}` : ''}
      </div>
    </>
  );
}

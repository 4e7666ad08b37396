import { useEffect, useRef, useState } from 'react';
import { useStore } from '../../store/index.ts';

/** How often, at most, screen readers hear about votes. */
const ANNOUNCE_EVERY_MS = 10_000;

/**
 * Votes are announced politely and in summary, never one by one: at most every few seconds, how
 * many questions changed and which one leads now. New questions are counted too.
 */
export function VoteAnnouncer() {
  const [text, setText] = useState('');
  const seen = useRef<Map<string, number> | null>(null);
  useEffect(() => {
    const timer = setInterval(() => {
      const questions = Object.values(useStore.getState().audience).filter((q) => q.status === 'open' && !q.held);
      const now = new Map(questions.map((q) => [q.id, q.votes]));
      const before = seen.current;
      seen.current = now;
      if (!before) return;
      const asked = questions.filter((q) => !before.has(q.id)).length;
      const changed = questions.filter((q) => before.has(q.id) && before.get(q.id) !== q.votes).length;
      if (asked === 0 && changed === 0) return;
      const top = [...questions].sort((a, b) => b.votes - a.votes)[0];
      const parts = [asked > 0 ? `${asked} new audience ${asked === 1 ? 'question' : 'questions'}` : '', changed > 0 ? `votes changed on ${changed} ${changed === 1 ? 'question' : 'questions'}` : ''].filter(Boolean);
      setText(`${parts.join('; ')}.${top ? ` Top question, with ${top.votes} ${top.votes === 1 ? 'vote' : 'votes'}: ${top.text}` : ''}`);
    }, ANNOUNCE_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}

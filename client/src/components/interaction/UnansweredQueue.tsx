import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { MessageView } from '../../../../shared/model.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
import { boost, moderate, sendPost } from '../../api/realtime.ts';
import { clockTime } from '../../lib/time.ts';
import { useStore } from '../../store/index.ts';
import { useCan } from '../../store/roles.ts';
import { useStreamRefresh } from './useStreamRefresh.ts';

/** Reads the queue into the store; a failure is reported to the caller. */
function loadQueue(slug: string): Promise<void> {
  return interactionApi.unanswered(slug).then((queue) => {
    if (useStore.getState().jam?.slug === slug) useStore.getState().setUnanswered(queue);
  });
}

/** Keeps the queue fresh while the stream moves, and counts it (the console tab shows this). */
export function UnansweredCount({ slug }: { slug: string }) {
  const total = useStore((s) => (s.unanswered?.jamSlug === slug ? s.unanswered.total : 0));
  const load = useCallback(() => void loadQueue(slug).catch(() => {}), [slug]);
  useStreamRefresh(load);
  if (total === 0) return null;
  return (
    <span className="tab-count">
      {total}
      <span className="visually-hidden"> waiting</span>
    </span>
  );
}

/**
 * "Not yet answered": participants' messages nobody on the team has replied to, boosted or
 * featured, per question, oldest first, with one-click reply, boost and feature. For hosts and panelists.
 */
export function UnansweredQueue({ slug }: { slug: string }) {
  const queue = useStore((s) => (s.unanswered?.jamSlug === slug ? s.unanswered : null));
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    loadQueue(slug).then(
      () => setError(null),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [slug]);
  useEffect(refresh, [refresh]);
  return (
    <section className="unanswered" aria-labelledby="unanswered-title">
      <h2 id="unanswered-title">
        Not yet answered <span className="count">{queue ? queue.total : '…'}</span>
      </h2>
      <p className="small muted">Participants’ posts nobody on the team has replied to, boosted or featured, oldest first.</p>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {queue && queue.total === 0 && <p className="muted">Everyone has been acknowledged.</p>}
      <div className="unanswered-list" tabIndex={0} role="group" aria-label="Posts waiting for the team">
        {queue?.groups.map((group) => (
          <section key={group.question ?? 'none'} aria-label={group.question ? `Q${group.question}` : 'No question'}>
            <h3>
              {group.question ? `Q${group.question}` : 'Outside the questions'} <span className="count">{group.messages.length}</span>
            </h3>
            <ol className="plain">
              {group.messages.map((m) => (
                <QueueItem key={m.id} message={m} onDone={refresh} />
              ))}
            </ol>
          </section>
        ))}
      </div>
    </section>
  );
}

function QueueItem({ message: m, onDone }: { message: MessageView; onDone: () => void }) {
  const [replying, setReplying] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().then(onDone, (e: unknown) => setError(describeError(toApiError(e))));
  };
  const reply = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    sendPost(text.trim(), text.trim(), m.id);
    setText('');
    setReplying(false);
  };
  const inputId = `reply-${m.id}`;
  return (
    <li className="queue-item">
      <p className="small muted">
        {m.author.displayName} <span className="handle">@{m.author.handle}</span> · <time dateTime={m.createdAt}>{clockTime(m.createdAt)}</time>
      </p>
      <p className="message-text">{m.text}</p>
      <div className="message-actions">
        <button type="button" aria-expanded={replying} onClick={() => setReplying(!replying)} aria-label={`Reply to ${m.author.displayName}`}>
          Reply
        </button>
        <button type="button" onClick={() => act(() => boost(m.id, true))} aria-label={`Boost ${m.author.displayName}’s post`}>
          Boost
        </button>
        <button type="button" onClick={() => act(() => moderate(m.id, 'feature'))} aria-label={`Feature ${m.author.displayName}’s post`}>
          Feature
        </button>
      </div>
      {replying && (
        <form className="row" onSubmit={reply}>
          <label htmlFor={inputId} className="visually-hidden">
            Your reply to @{m.author.handle}
          </label>
          <input id={inputId} className="grow" value={text} onChange={(e) => setText(e.target.value)} placeholder={`Reply to @${m.author.handle}`} />
          <button type="submit" className="primary">
            Send
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * On the live page, for panelists and hosts: the same queue, folded under its count, so the team
 * answers the people still waiting without leaving the stream.
 */
export function TeamQueuePanel() {
  const slug = useStore((s) => s.jam?.slug ?? null);
  const team = useCan('jam:prepare');
  if (!slug || !team) return null;
  return (
    <details className="panel team-queue">
      <summary>
        Not yet answered <UnansweredCount slug={slug} />
      </summary>
      <UnansweredQueue slug={slug} />
    </details>
  );
}

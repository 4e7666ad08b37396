import { memo, useState } from 'react';
import type { MessageView } from '../../../shared/model.ts';
import { parseQuestionNumber } from '../../../shared/answers.ts';
import { describeError, toApiError } from '../api/http.ts';
import { boost, moderate } from '../api/realtime.ts';
import { Linkified } from '../lib/linkify.tsx';
import { AuthorMenu, DeleteOwn, replyTo, ReportMessage } from './MessageActions.tsx';
import { clockTime } from '../lib/time.ts';
import { indexOf } from '../store/derived.ts';
import { useStore } from '../store/index.ts';
import { useCan } from '../store/roles.ts';
import { NetworkMark } from './NetworkMark.tsx';

export interface MessageItemProps {
  message: MessageView;
  /** Outgoing post not yet acknowledged: shown dimmed with its state. */
  pending?: 'sending' | 'retrying' | 'failed' | 'needs-rules';
  highlighted?: boolean;
  /** Live views offer reply/boost/follow/moderate; the archive shows text only. */
  interactive?: boolean;
  /** Words to mark in the text (a keyword column's word). */
  words?: string[];
}

const ROLE_LABEL = { host: 'Host', panelist: 'Panelist', participant: null } as const;
const PENDING_LABEL = { sending: 'Sending…', retrying: 'Retrying…', failed: 'Not sent', 'needs-rules': 'Accept the rules to send' } as const;

/** One message in a column, the thread panel or the archive. */
export const MessageItem = memo(function MessageItem({ message, pending, highlighted, interactive = true, words }: MessageItemProps) {
  const me = useStore((s) => s.me);
  const followed = useStore((s) => s.follows.includes(message.author.handle.toLowerCase()));
  const isHost = useCan('jam:host');
  const parent = useStore((s) => (message.replyTo ? indexOf(s.messages).byId.get(message.replyTo) : undefined));
  const replies = useStore((s) => (interactive ? (indexOf(s.messages).replyCounts.get(message.id) ?? 0) : 0));
  const [boosted, setBoosted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = ROLE_LABEL[message.author.role];
  const mine = !!me && me.handle.toLowerCase() === message.author.handle.toLowerCase();

  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().catch((e: unknown) => setError(describeError(toApiError(e))));
  };

  const classes = ['message', `role-${message.author.role}`, followed && 'followed', message.featured && 'featured', highlighted && 'highlighted', pending && `pending pending-${pending}`].filter(Boolean).join(' ');
  return (
    <article className={classes} id={`m-${message.id}`} aria-label={`${message.author.displayName}${role ? `, ${role}` : ''}`}>
      <header className="message-head">
        {interactive && !pending ? <AuthorMenu message={message} mine={mine} /> : <span className="author">{message.author.displayName}</span>} <span className="handle">@{message.author.handle}</span>
        <NetworkMark message={message} />
        {role && <span className={`badge badge-${message.author.role}`}>{role}</span>}
        {message.question !== null && <span className="badge badge-q">{questionLabel(message)}</span>}
        {message.featured && <span className="badge badge-featured">Featured</span>}
        {followed && <span className="badge badge-follow">Highlighted</span>}
        {pending || !message.permalink ? (
          <span className="time">{pending ? PENDING_LABEL[pending] : clockTime(message.createdAt)}</span>
        ) : (
          <a href={message.permalink} className="time" aria-label={`Permalink, posted ${clockTime(message.createdAt)}`}>
            <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time>
          </a>
        )}
      </header>
      {parent && (
        <p className="reply-context">
          ↪ replying to <span className="handle">@{parent.author.handle}</span>: {parent.text.slice(0, 80)}
          {parent.text.length > 80 ? '…' : ''}
        </p>
      )}
      <p className="message-text">
        <Linkified text={message.text} words={words} />
      </p>
      {interactive && !pending && (
        <div className="message-actions">
          {me && (
            <button type="button" onClick={() => replyTo(message)} aria-label={`Reply to ${message.author.displayName}`}>
              Reply
            </button>
          )}
          {replies > 0 && (
            <button type="button" onClick={() => useStore.getState().openThread(message.id)} aria-label={`Show ${replies} ${replies === 1 ? 'reply' : 'replies'}`}>
              {replies} {replies === 1 ? 'reply' : 'replies'}
            </button>
          )}
          {me && !mine ? (
            <button
              type="button"
              aria-pressed={boosted}
              onClick={() =>
                act(async () => {
                  await boost(message.id, !boosted);
                  setBoosted(!boosted);
                })
              }
            >
              Boost{message.boosts > 0 ? ` · ${message.boosts}` : ''}
            </button>
          ) : (
            message.boosts > 0 && <span className="muted small">{message.boosts === 1 ? '1 boost' : `${message.boosts} boosts`}</span>
          )}
          {me && mine && <DeleteOwn message={message} onError={setError} />}
          {me && !mine && <ReportMessage message={message} />}
          {isHost && (
            <>
              <button type="button" onClick={() => act(() => moderate(message.id, message.featured ? 'unfeature' : 'feature'))}>
                {message.featured ? 'Unfeature' : 'Feature'}
              </button>
              <button type="button" className="danger" onClick={() => act(() => moderate(message.id, 'hide'))}>
                Hide
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </article>
  );
});

/** "Q3" on a host's question post, "A3" on everything attached to Q3. */
function questionLabel(message: MessageView): string {
  const isQuestion = message.author.role === 'host' && parseQuestionNumber(message.text) === message.question;
  return `${isQuestion ? 'Q' : 'A'}${message.question}`;
}

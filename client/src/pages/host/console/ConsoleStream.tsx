import { memo, useMemo, useState } from 'react';
import { Virtuoso } from 'react-virtuoso';
import type { HiddenMessageView } from '../../../../../shared/console.ts';
import type { JamView, MessageView } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { Linkified } from '../../../lib/linkify.tsx';
import { clockTime } from '../../../../../shared/time.ts';
import { seriesClock } from '../../../lib/time.ts';
import { useStore } from '../../../store/index.ts';
import { NetworkMark } from '../../../components/NetworkMark.tsx';
import { AuthorMenu } from './AuthorMenu.tsx';

interface Entry {
  message: MessageView;
  hidden: HiddenMessageView | null;
}

/**
 * Every message of the jam for its hosts: the live stream with hidden messages kept in place,
 * greyed, with who hid them and why. Each message offers reply, feature, hide (with a reason),
 * and its author's menu (time out, mute, ban).
 */
export function ConsoleStream({ jam, seriesSlug, hidden, onChanged }: { jam: JamView; seriesSlug: string; hidden: HiddenMessageView[]; onChanged: () => void }) {
  const messages = useStore((s) => s.messages);
  const hosts = useMemo(() => new Set(jam.hosts.map((h) => h.handle.toLowerCase())), [jam.hosts]);
  const entries = useMemo<Entry[]>(() => {
    const hiddenIds = new Set(hidden.map((h) => h.message.id));
    const all: Entry[] = [...messages.filter((m) => !hiddenIds.has(m.id)).map((message) => ({ message, hidden: null })), ...hidden.map((h) => ({ message: h.message, hidden: h }))];
    return all.sort((a, b) => a.message.seq - b.message.seq);
  }, [messages, hidden]);

  return (
    <section className="console-stream" aria-label="All messages, hidden ones included">
      {entries.length === 0 ? (
        <p className="muted small" style={{ padding: '0.5rem' }}>
          No messages yet.
        </p>
      ) : (
        <Virtuoso
          style={{ height: '100%' }}
          data={entries}
          initialTopMostItemIndex={entries.length - 1}
          followOutput={(bottom) => (bottom ? 'auto' : false)}
          computeItemKey={(_, entry) => entry.message.id}
          context={{ slug: jam.slug, seriesSlug, timeZone: jam.timeZone, hosts, onChanged }}
          itemContent={renderEntry}
        />
      )}
    </section>
  );
}

interface StreamContext {
  slug: string;
  seriesSlug: string;
  /** The series' zone: message times read as the series announces them. */
  timeZone: string;
  hosts: Set<string>;
  onChanged: () => void;
}

const renderEntry = (_: number, entry: Entry, { slug, seriesSlug, timeZone, hosts, onChanged }: StreamContext) => (
  <ConsoleMessage entry={entry} slug={slug} seriesSlug={seriesSlug} timeZone={timeZone} byHost={hosts.has(entry.message.author.handle.toLowerCase())} onChanged={onChanged} />
);

const ConsoleMessage = memo(function ConsoleMessage({ entry, slug, seriesSlug, timeZone, byHost, onChanged }: { entry: Entry; slug: string; seriesSlug: string; timeZone: string; byHost: boolean; onChanged: () => void }) {
  const { message, hidden } = entry;
  const [hiding, setHiding] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().then(
      () => {
        setHiding(false);
        onChanged();
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  };
  const classes = ['console-message', hidden && 'is-hidden', message.featured && 'is-featured'].filter(Boolean).join(' ');
  return (
    <article className={classes} aria-label={`${message.author.displayName}${hidden ? ', hidden' : ''}`} data-message-id={message.id}>
      <div className="meta">
        {byHost ? <strong>{message.author.displayName}</strong> : <AuthorMenu message={message} slug={slug} seriesSlug={seriesSlug} onDone={onChanged} />}
        <span className="muted">@{message.author.handle}</span>
        <NetworkMark message={message} />
        {message.author.role !== 'participant' && <span className={`badge badge-${message.author.role}`}>{message.author.role === 'host' ? 'Host' : 'Panelist'}</span>}
        {message.question !== null && <span className="badge badge-q">Q{message.question}</span>}
        {message.featured && <span className="badge badge-featured">Featured</span>}
        <time className="muted" dateTime={message.createdAt} title={seriesClock(message.createdAt, timeZone)}>
          {clockTime(message.createdAt, timeZone)}
        </time>
      </div>
      <p className="text">
        <Linkified text={message.text} />
      </p>
      {hidden && (
        <p className="hidden-note">
          Hidden{hidden.hiddenBy ? ` by @${hidden.hiddenBy.handle}` : ''}
          {hidden.reason ? `: ${hidden.reason}` : ' (no reason given)'}. Only hosts see it.
        </p>
      )}
      <div className="actions">
        {hidden ? (
          <button type="button" onClick={() => act(() => hostApi.moderate(slug, message.id, 'unhide'))}>
            Unhide
          </button>
        ) : (
          <>
            <button type="button" onClick={() => useStore.getState().setReplyTo(message.id)} aria-label={`Reply to ${message.author.displayName}`}>
              Reply
            </button>
            <button type="button" onClick={() => act(() => hostApi.moderate(slug, message.id, message.featured ? 'unfeature' : 'feature'))}>
              {message.featured ? 'Unfeature' : 'Feature'}
            </button>
            <button type="button" aria-expanded={hiding} onClick={() => setHiding(!hiding)}>
              Hide…
            </button>
          </>
        )}
      </div>
      {hiding && !hidden && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => hostApi.moderate(slug, message.id, 'hide', reason));
          }}
        >
          <label htmlFor={`hide-${message.id}`} className="small">
            Reason
          </label>
          <input id={`hide-${message.id}`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="Spam, off topic…" />
          <button type="submit" className="danger">
            Hide for everyone
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </article>
  );
});

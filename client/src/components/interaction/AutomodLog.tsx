import { useCallback, useState } from 'react';
import type { AutomodActionView } from '../../../../shared/interaction.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
import { clockTime } from '../../lib/time.ts';
import { useStreamRefresh } from './useStreamRefresh.ts';

const RULE_LABEL: Record<AutomodActionView['rule'], string> = {
  blocked: 'Blocked word or pattern',
  links: 'Link from a new account',
  firstPost: 'First post of a new account',
  repeated: 'Repeated text',
  rate: 'Posting too fast',
};

/** Hosts: what automatic moderation held or hid in this jam, and why, each undoable. */
export function AutomodLog({ slug }: { slug: string }) {
  const [actions, setActions] = useState<AutomodActionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    interactionApi.automodActions(slug).then(
      (r) => setActions(r.actions),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [slug]);
  // New posts may have been judged: re-read as the stream moves.
  useStreamRefresh(load);
  const undo = (entryId: number) => {
    setError(null);
    interactionApi.undoAutomod(slug, entryId).then(
      () => load(),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  };
  return (
    <section aria-labelledby="automod-log-title">
      <h2 id="automod-log-title">
        Automatic moderation <span className="count">{actions?.filter((a) => !a.undone).length ?? '…'}</span>
      </h2>
      <p className="small muted">Posts the series’ rules held or hid. Undo publishes one for everyone.</p>
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {actions?.length === 0 && <p className="muted">Nothing caught in this jam.</p>}
      <ol className="plain">
        {actions?.map((a) => (
          <li key={a.entryId} className="queue-item">
            <p className="small">
              <strong>{a.action === 'hide' ? 'Hidden' : 'Held'}</strong> · {RULE_LABEL[a.rule]} · <time dateTime={a.createdAt}>{clockTime(a.createdAt)}</time> · @{a.author}
            </p>
            <p className="message-text">{a.text}</p>
            <p className="small muted">Why: {a.detail}</p>
            {a.undone ? (
              <p className="small">Undone: published.</p>
            ) : (
              <button type="button" onClick={() => undo(a.entryId)} aria-label={`Undo: publish @${a.author}’s post`}>
                Undo
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

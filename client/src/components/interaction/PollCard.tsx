import { useMemo, useState, type FormEvent } from 'react';
import type { PollView } from '../../../../shared/interaction.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
import { castBallot } from '../../api/realtime.ts';
import { useStore } from '../../store/index.ts';
import { useCan } from '../../store/roles.ts';
// Styles travel with the component (Vite bundles CSS imports), like the reports pages.
// oxlint-disable-next-line import/no-unassigned-import
import './interaction.css';
import { count } from '../../lib/count.ts';


/** True when the reader hosts the open jam (hosts see counts before the reveal and run the poll). */
export function useIsHost(): boolean {
  return useCan('jam:host');
}

/**
 * One poll: vote (or change the vote) while it is open; results as bars once visible to the reader
 * (live, or revealed by the host); hosts reveal and close it.
 */
export function PollCard({ poll, compact = false }: { poll: PollView; compact?: boolean }) {
  const me = useStore((s) => s.me);
  const mine = useStore((s) => s.myBallots[poll.id]);
  const host = useIsHost();
  const [choice, setChoice] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picked = choice ?? mine ?? null;
  const visible = poll.total !== null;
  const canVote = !!me && poll.status === 'open';
  const name = `poll-${poll.id}`;

  const vote = async (event: FormEvent) => {
    event.preventDefault();
    if (picked === null) return setError('Pick an option first.');
    setBusy(true);
    setError(null);
    try {
      await castBallot(poll.id, picked);
      setChoice(null);
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };
  const act = (action: 'close' | 'reveal') => {
    setError(null);
    interactionApi.pollAction(poll.jamSlug, poll.id, action).then(
      (r) => useStore.getState().upsertPolls([r.poll]),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  };
  const status = poll.status === 'open' ? 'Open' : poll.status === 'closed' ? 'Closed' : `Opens with Q${poll.question}`;
  const headingId = `${name}-title`;
  return (
    <section className={`poll-card${compact ? ' compact' : ''}`} aria-labelledby={headingId} data-poll-id={poll.id}>
      <h3 id={headingId}>
        <span className="badge badge-poll">Poll{poll.question ? ` · Q${poll.question}` : ''}</span> {poll.text}
      </h3>
      <p className="small muted">
        {status}
        {visible ? ` · ${count(poll.total!, 'vote')}` : ''}
        {!visible && (poll.results === 'on_reveal' ? ' · results shown when the host reveals them' : '')}
        {mine !== undefined && ` · you chose “${poll.options[mine]?.text}”`}
      </p>
      {canVote ? (
        <form onSubmit={(e) => void vote(e)}>
          <fieldset className="poll-options">
            <legend className="visually-hidden">{poll.text}</legend>
            {poll.options.map((option, i) => (
              <label key={i} className="poll-option">
                <input type="radio" name={name} value={i} checked={picked === i} onChange={() => setChoice(i)} />
                <span className="poll-option-text">{option.text}</span>
                {visible && <Result votes={option.votes!} total={poll.total!} />}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" disabled={busy || picked === null || picked === mine}>
            {mine === undefined ? 'Vote' : 'Change my vote'}
          </button>
        </form>
      ) : (
        <ul className="plain poll-options">
          {poll.options.map((option, i) => (
            <li key={i} className="poll-option">
              <span className="poll-option-text">
                {option.text}
                {mine === i && <span className="visually-hidden"> (your choice)</span>}
              </span>
              {visible && <Result votes={option.votes!} total={poll.total!} />}
            </li>
          ))}
        </ul>
      )}
      {!me && poll.status === 'open' && <p className="small muted">Sign in to vote.</p>}
      {host && (
        <div className="row">
          {poll.results === 'on_reveal' && !poll.revealed && (
            <button type="button" onClick={() => act('reveal')}>
              Reveal results to everyone
            </button>
          )}
          {poll.status !== 'closed' && (
            <button type="button" onClick={() => act('close')}>
              Close poll
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </section>
  );
}

function Result({ votes, total }: { votes: number; total: number }) {
  const share = total === 0 ? 0 : Math.round((votes / total) * 100);
  return (
    <span className="poll-result">
      <span className="poll-bar" aria-hidden="true">
        <span style={{ width: `${share}%` }} />
      </span>
      <span className="small">
        {count(votes, 'vote')} ({share}%)
      </span>
    </span>
  );
}

/** Polls of the open jam, newest first, optionally only those of one question (or of none). */
export function usePolls(filter: (poll: PollView) => boolean): PollView[] {
  const polls = useStore((s) => s.polls);
  return useMemo(() => Object.values(polls).filter(filter).sort((a, b) => b.createdAt.localeCompare(a.createdAt)), [polls, filter]);
}

const notScheduled = (p: PollView) => p.status !== 'scheduled';

/** Worth showing in full in the stream: open, or closed with results the host revealed (a reveal is news). */
const prominent = (p: PollView) => p.status === 'open' || (p.results === 'on_reveal' && p.revealed);

/**
 * Polls in the stream, except those on the question banner: open or just-revealed ones in full,
 * the rest folded under "earlier polls".
 */
export function PollStrip() {
  const current = useStore((s) => s.jam?.show.currentQuestion ?? null);
  const filter = useMemo(() => (p: PollView) => notScheduled(p) && (p.question === null || p.question !== current), [current]);
  const polls = usePolls(filter);
  if (polls.length === 0) return null;
  const shown = polls.filter(prominent).slice(0, 2);
  const earlier = polls.filter((p) => !shown.includes(p));
  return (
    <div className="poll-strip" role="region" aria-label="Polls">
      {shown.map((p) => (
        <PollCard key={p.id} poll={p} />
      ))}
      {earlier.length > 0 && (
        <details className="earlier-polls">
          <summary>{count(earlier.length, 'earlier poll')}</summary>
          {earlier.map((p) => (
            <PollCard key={p.id} poll={p} compact />
          ))}
        </details>
      )}
    </div>
  );
}

const WIDE = '(min-width: 641px)';

/**
 * On the question banner: the polls attached to the current question, each folded into one line
 * that opens on demand (open from the start on wide screens, where there is room).
 */
export function BannerPolls({ question }: { question: number | null }) {
  const filter = useMemo(() => (p: PollView) => question !== null && p.question === question && notScheduled(p), [question]);
  const polls = usePolls(filter);
  const [wide] = useState(() => typeof matchMedia === 'function' && matchMedia(WIDE).matches);
  if (polls.length === 0) return null;
  return (
    <div className="banner-polls">
      {polls.map((p) => (
        <details key={p.id} className="banner-poll" open={wide}>
          <summary>
            Poll: {p.text} <span className="muted small">({p.status === 'open' ? 'open' : 'closed'}{p.total !== null ? `, ${count(p.total, 'vote')}` : ''})</span>
          </summary>
          <PollCard poll={p} compact />
        </details>
      ))}
    </div>
  );
}

import { useMemo, useState, type FormEvent } from 'react';
import type { AudienceQuestionView, AudienceSort } from '../../../../shared/interaction.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
import { askQuestion, voteQuestion } from '../../api/realtime.ts';
import { useStore } from '../../store/index.ts';
import { VoteAnnouncer } from './VoteAnnouncer.tsx';
// Styles travel with the component (Vite bundles CSS imports), like the reports pages.
// oxlint-disable-next-line import/no-unassigned-import
import './interaction.css';
import { count } from '../../lib/count.ts';


/** Sorted as the server sorts: open ones first, then by votes (older first on ties) or newest. */
export function sortAudience(questions: AudienceQuestionView[], sort: AudienceSort): AudienceQuestionView[] {
  const rank = (q: AudienceQuestionView) => (q.status === 'open' ? 0 : q.status === 'answered' ? 1 : 2);
  return [...questions].sort((a, b) => rank(a) - rank(b) || (sort === 'votes' ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
}

/** The questions a reader sees: hidden and merged ones only for hosts, held ones for hosts and their authors. */
export function useAudienceQuestions(host: boolean): AudienceQuestionView[] {
  const audience = useStore((s) => s.audience);
  const me = useStore((s) => s.me?.handle.toLowerCase() ?? null);
  return useMemo(
    () => Object.values(audience).filter((q) => host || (q.status !== 'hidden' && q.status !== 'merged' && (!q.held || q.author.handle.toLowerCase() === me))),
    [audience, host, me],
  );
}

/**
 * The audience's questions for the panel: ask one, vote (once, undo allowed), sort by votes or
 * newest, live. Hosts also approve, hide, merge, mark answered and promote into the run of show.
 */
export function AudienceQuestionList({ host = false, headingId }: { host?: boolean; headingId?: string }) {
  const [sort, setSort] = useState<AudienceSort>('votes');
  const questions = useAudienceQuestions(host);
  const sorted = useMemo(() => sortAudience(questions, sort), [questions, sort]);
  const open = useMemo(() => questions.filter((q) => q.status === 'open' && !q.held), [questions]);
  return (
    <div className="audience">
      <div className="audience-tools row between">
        <div role="group" aria-label="Sort questions" className="row">
          <button type="button" aria-pressed={sort === 'votes'} onClick={() => setSort('votes')}>
            Top
          </button>
          <button type="button" aria-pressed={sort === 'newest'} onClick={() => setSort('newest')}>
            Newest
          </button>
        </div>
        <span className="small muted">{count(open.length, 'open question')}</span>
      </div>
      <AskForm />
      {sorted.length === 0 ? (
        <p className="empty muted">No questions from the audience yet.</p>
      ) : (
        <ol className="plain audience-list" aria-labelledby={headingId}>
          {sorted.map((q) => (
            <AudienceQuestionItem key={q.id} question={q} host={host} others={open} />
          ))}
        </ol>
      )}
      <VoteAnnouncer />
    </div>
  );
}

function AskForm() {
  const me = useStore((s) => s.me);
  const live = useStore((s) => s.jam?.status === 'live');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  if (!me || !live) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length < 5) return setMessage({ error: true, text: 'A question needs at least a few words.' });
    setBusy(true);
    setMessage(null);
    try {
      const question = await askQuestion(text.trim());
      setText('');
      setMessage({ error: false, text: question.held ? 'Sent: it appears once a host approves it.' : 'Your question is in the list.' });
    } catch (error) {
      setMessage({ error: true, text: describeError(toApiError(error)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="ask-form" onSubmit={(e) => void submit(e)} aria-label="Ask the panel">
      <label htmlFor="ask-text">Ask the panel a question</label>
      <div className="row">
        <input id="ask-text" className="grow" value={text} maxLength={280} onChange={(e) => setText(e.target.value)} placeholder="Others can vote it up" />
        <button type="submit" className="primary" disabled={busy}>
          Ask
        </button>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error small' : 'small muted'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

function AudienceQuestionItem({ question: q, host, others }: { question: AudienceQuestionView; host: boolean; others: AudienceQuestionView[] }) {
  const me = useStore((s) => s.me);
  const voted = useStore((s) => s.myVotes.includes(q.id));
  const live = useStore((s) => s.jam?.status === 'live');
  const [error, setError] = useState<string | null>(null);
  const mine = !!me && me.handle.toLowerCase() === q.author.handle.toLowerCase();
  const canVote = !!me && !mine && live && q.status === 'open' && !q.held;
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().catch((e: unknown) => setError(describeError(toApiError(e))));
  };
  return (
    <li className={`audience-question status-${q.status}${q.held ? ' is-held' : ''}`} data-question-id={q.id}>
      <div className="votes-box" aria-hidden="true">
        <strong>{q.votes}</strong>
        <span className="small">{q.votes === 1 ? 'vote' : 'votes'}</span>
      </div>
      <div className="audience-body">
        <p className="audience-text">{q.status === 'hidden' && !host ? <em>Hidden by the hosts</em> : q.text}</p>
        <p className="small muted">
          {q.author.displayName} <span className="handle">@{q.author.handle}</span>
          {q.held && <span className="badge badge-held"> Awaiting approval</span>}
          {q.status === 'answered' && <span className="badge badge-answered"> Answered</span>}
          {q.promotedTo !== null && <span className="badge badge-q"> Asked as Q{q.promotedTo}</span>}
          {q.status === 'hidden' && <span className="badge"> Hidden</span>}
          {q.status === 'merged' && <span className="badge"> Merged</span>}
        </p>
        <div className="message-actions">
          {canVote ? (
            <button type="button" className="vote-button" aria-pressed={voted} aria-label={`Vote for “${q.text.slice(0, 60)}”, ${count(q.votes, 'vote')}`} onClick={() => act(() => voteQuestion(q.id, !voted))}>
              <span aria-hidden="true">▲</span> Vote{voted && <span aria-hidden="true"> ✓</span>}
            </button>
          ) : (
            <span className="visually-hidden">{count(q.votes, 'vote')}</span>
          )}
          {mine && <span className="small muted">Your question</span>}
          {host && <HostActions question={q} others={others} onError={setError} />}
        </div>
        {error && (
          <p role="alert" className="error small">
            {error}
          </p>
        )}
      </div>
    </li>
  );
}

/** Panelists' messages on the question a promoted audience question became: linked as its answers. */
function useAnswersFor(n: number | null): string[] {
  const messages = useStore((s) => s.messages);
  const panelists = useStore((s) => s.jam?.panelists);
  return useMemo(() => {
    if (n === null) return [];
    const handles = new Set((panelists ?? []).map((p) => p.handle.toLowerCase()));
    return messages.filter((m) => m.question === n && handles.has(m.author.handle.toLowerCase())).map((m) => m.id);
  }, [messages, panelists, n]);
}

function HostActions({ question: q, others, onError }: { question: AudienceQuestionView; others: AudienceQuestionView[]; onError: (text: string | null) => void }) {
  const slug = useStore((s) => s.jam!.slug);
  const live = useStore((s) => s.jam?.status === 'live');
  const answers = useAnswersFor(q.promotedTo);
  const [into, setInto] = useState('');
  const run = (call: () => Promise<{ question: AudienceQuestionView }>) => {
    onError(null);
    call().then(
      (r) => useStore.getState().upsertQuestions([r.question]),
      (e: unknown) => onError(describeError(toApiError(e))),
    );
  };
  const targets = others.filter((o) => o.id !== q.id);
  return (
    <>
      {q.held && (
        <button type="button" onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'approve' }))}>
          Approve
        </button>
      )}
      {live && q.status === 'open' && !q.held && q.promotedTo === null && (
        <button type="button" className="primary" onClick={() => run(() => interactionApi.promote(slug, q.id))}>
          Make it the next question
        </button>
      )}
      {q.status === 'open' && !q.held && (
        <button type="button" onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'answered', answerIds: answers.slice(0, 20) }))}>
          Mark answered{answers.length > 0 ? ` (${count(answers.length, 'panel answer')})` : ''}
        </button>
      )}
      {q.status === 'answered' && (
        <button type="button" onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'reopen' }))}>
          Reopen
        </button>
      )}
      {q.status === 'hidden' ? (
        <button type="button" onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'unhide' }))}>
          Unhide
        </button>
      ) : (
        q.status !== 'merged' && (
          <button type="button" className="danger" onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'hide' }))}>
            Hide
          </button>
        )
      )}
      {q.status === 'open' && !q.held && targets.length > 0 && (
        <span className="row merge">
          <label htmlFor={`merge-${q.id}`} className="visually-hidden">
            Merge “{q.text.slice(0, 40)}” into
          </label>
          <select id={`merge-${q.id}`} value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">Duplicate of…</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.text.slice(0, 50)}
              </option>
            ))}
          </select>
          <button type="button" disabled={!into} onClick={() => run(() => interactionApi.moderate(slug, q.id, { action: 'merge', into }))}>
            Merge
          </button>
        </span>
      )}
    </>
  );
}

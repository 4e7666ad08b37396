import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Link } from 'wouter';
import type { FilterContext } from '../../../shared/filters.ts';
import type { AuthorRole } from '../../../shared/model.ts';
import { watchJam } from '../api/realtime.ts';
import { AddColumnButton, ColumnBoard } from '../components/ColumnBoard.tsx';
import { pendingMessage, type ColumnItem } from '../components/columnItems.ts';
import { PollStrip } from '../components/interaction/PollCard.tsx';
import { LiveAnnouncer } from '../components/LiveAnnouncer.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { QuestionBanner } from '../components/QuestionBanner.tsx';
import { SidePanel } from '../components/SidePanel.tsx';
import { indexOf } from '../store/derived.ts';
import { useStore } from '../store/index.ts';
import { JamLinks } from '../components/JamLinks.tsx';

// The composer carries twitter-text; lurkers never download it.
const Composer = lazy(() => import('../components/Composer.tsx'));

/** The live jam: pinned question, stream columns, composer (signed in) or lurker view. */
export default function LiveJam({ highlightId }: { highlightId?: string | null }) {
  const jam = useStore((s) => s.jam)!;
  const me = useStore((s) => s.me);
  const viewer = useStore((s) => s.viewer);
  const outbox = useStore((s) => s.outbox);
  // A permalink to a message that is not in the (complete) stream: removed, or mistyped.
  const missing = useStore((s) => !!highlightId && !s.hasEarlier && !indexOf(s.messages).byId.has(highlightId));
  const slug = jam.slug;

  useEffect(() => watchJam(slug), [slug]);
  useCalmTicker();

  const role: AuthorRole = viewer?.role ?? roleOf(me?.handle, jam);
  const currentQuestion = jam.show.currentQuestion;
  const context = useMemo<FilterContext>(() => ({ currentQuestion, me: me?.handle ?? null, authorOf }), [currentQuestion, me?.handle]);
  const pending = useMemo<ColumnItem[]>(
    () => (me ? outbox.map((p) => ({ message: pendingMessage(p, me, slug, role, currentQuestion), pending: p.state })) : []),
    [outbox, me, slug, role, currentQuestion],
  );

  if (missing) return <NotFound what="message" back={{ href: `/jams/${slug}`, label: `Go to “${jam.title}”` }} />;
  return (
    <div className="live">
      <JamHeader />
      <QuestionBanner jam={jam} />
      <StreamToolbar />
      <PollStrip />
      <div className="live-body">
        <div className="live-main">
          <ColumnBoard context={context} pending={pending} highlightId={highlightId} interactive />
        </div>
        <SidePanel />
      </div>
      {me && (viewer?.banned || viewer?.muted) ? (
        <p className="composer lurker-note" role="status">
          {viewer.banned ? 'The hosts have removed you from this series; you can still watch.' : 'The hosts have muted you for now; you can still watch.'}
        </p>
      ) : me ? (
        <Suspense fallback={<p className="composer muted">Loading the composer…</p>}>
          <Composer />
        </Suspense>
      ) : (
        <p className="composer lurker-note">
          You are watching as a lurker. <Link href={`/signin?next=/jams/${slug}`}>Sign in</Link> to post.
        </p>
      )}
      <LiveAnnouncer />
    </div>
  );
}

/** The author of a message in the stream (a reply to me is a mention of me). */
const authorOf = (id: string) => indexOf(useStore.getState().messages).byId.get(id)?.author.handle;

function roleOf(handle: string | undefined, jam: { hosts: { handle: string }[]; panelists: { handle: string }[] }): AuthorRole {
  const h = handle?.toLowerCase();
  if (!h) return 'participant';
  if (jam.hosts.some((p) => p.handle.toLowerCase() === h)) return 'host';
  if (jam.panelists.some((p) => p.handle.toLowerCase() === h)) return 'panelist';
  return 'participant';
}

function JamHeader() {
  const jam = useStore((s) => s.jam)!;
  const presence = useStore((s) => s.presence);
  const connection = useStore((s) => s.connection);
  const caughtUp = useStore((s) => s.caughtUp);
  // Everyone here (people, not tabs) once presence is in; the jam's own count until then.
  const viewers = presence ? presence.participants + presence.lurkers : jam.viewers;
  return (
    <header className="jam-header">
      <div>
        <p className="small muted">
          <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span>
        </p>
        <h1>{jam.title}</h1>
        <JamLinks jam={jam} />
      </div>
      <div className="jam-status">
        <span className={`status status-${jam.status}`}>{jam.status === 'live' ? 'Live' : jam.status === 'ended' ? 'Ended' : 'Scheduled'}</span>
        <span className="small">{viewers} here</span>
        <span className={`conn conn-${connection}`} role="status">
          {connection === 'reconnecting' ? 'Reconnecting…' : connection === 'connecting' ? 'Connecting…' : caughtUp !== null ? `Caught up ${caughtUp} missed` : ''}
        </span>
        {jam.status === 'ended' && <Link href={`/jams/${jam.slug}?archive`}>Read the archive</Link>}
      </div>
    </header>
  );
}

function StreamToolbar() {
  const paused = useStore((s) => s.paused);
  const calm = useStore((s) => s.calmSeconds);
  const held = useStore((s) => (s.cutoff === null ? 0 : s.lastSeq - s.cutoff));
  return (
    <div className="toolbar" role="toolbar" aria-label="Stream controls">
      {paused ? (
        <button type="button" className="primary" onClick={() => useStore.getState().resume()}>
          Resume{held > 0 ? ` · ${held} new` : ''}
        </button>
      ) : (
        <button type="button" onClick={() => useStore.getState().pause()}>
          Pause
        </button>
      )}
      <label htmlFor="calm" className="visually-hidden">
        Update speed
      </label>
      <select id="calm" value={calm ?? 0} onChange={(e) => useStore.getState().setCalm(Number(e.target.value) || null)}>
        <option value={0}>Live</option>
        <option value={10}>Calm: update every 10 s</option>
        <option value={30}>Calm: update every 30 s</option>
        <option value={60}>Calm: update every minute</option>
      </select>
      {calm && !paused && held > 0 && <span className="small muted">{held} new at the next update</span>}
      <AddColumnButton />
    </div>
  );
}

/** In calm view the columns advance every N seconds instead of per message. */
function useCalmTicker() {
  const calm = useStore((s) => s.calmSeconds);
  useEffect(() => {
    if (!calm) return;
    const timer = setInterval(() => useStore.getState().advanceCalm(), calm * 1000);
    return () => clearInterval(timer);
  }, [calm]);
}

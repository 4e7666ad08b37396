import { nanoid } from 'nanoid';
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { NetworkBanView, ReportView, SanctionView } from '../../../../../shared/moderation.ts';
import { SOURCE_LABEL, type MessageView } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { NetworkMark } from '../../../components/NetworkMark.tsx';
import { describeError, toApiError } from '../../../api/http.ts';
import { clockTime } from '../../../lib/time.ts';
import type { ConsolePanelProps } from './panels.tsx';

const SLOW_MODES = [0, 10, 30, 60, 120, 300];

/** Slow mode and pre-moderation, the approval queue, reports, hidden messages and sanctions. */
export function ModerationPanel({ jam, series, queue, refreshQueue }: ConsolePanelProps) {
  const [error, setError] = useState<string | null>(null);
  // The settings as just chosen, shown at once while the server confirms them.
  const [chosen, setChosen] = useState<{ slowModeSec?: number; premoderation?: boolean }>({});
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    run().then(refreshQueue, (e: unknown) => setError(describeError(toApiError(e))));
  };
  const configure = (input: { slowModeSec?: number; premoderation?: boolean }) => {
    setChosen((c) => ({ ...c, ...input }));
    act(() =>
      hostApi.configure(jam.slug, input).catch((e: unknown) => {
        setChosen({});
        throw e;
      }),
    );
  };
  if (!queue) return <p className="muted">Loading the moderation queue…</p>;
  // Once the queue read back says what was chosen, the server's word is shown again.
  if ((chosen.premoderation ?? queue.premoderation) === queue.premoderation && (chosen.slowModeSec ?? queue.slowModeSec) === queue.slowModeSec && Object.keys(chosen).length > 0) setChosen({});
  const premoderation = chosen.premoderation ?? queue.premoderation;
  const slowModeSec = chosen.slowModeSec ?? queue.slowModeSec;
  return (
    <>
      <h2>Moderation</h2>
      <div className="toggles">
        <label>
          <input type="checkbox" checked={premoderation} onChange={(e) => configure({ premoderation: e.target.checked })} /> Pre-moderation: hold first-time posters for approval
        </label>
        <label>
          Slow mode{' '}
          <select value={slowModeSec} onChange={(e) => configure({ slowModeSec: Number(e.target.value) })}>
            {[...new Set([...SLOW_MODES, slowModeSec])].map((s) => (
              <option key={s} value={s}>
                {s === 0 ? 'Off' : `One post every ${s < 60 ? `${s} s` : `${s / 60} min`}`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ApprovalQueue slug={jam.slug} held={queue.held} act={act} />
      <Reports slug={jam.slug} reports={queue.reports} act={act} />
      <section aria-labelledby="hidden-title">
        <h3 id="hidden-title">Hidden messages ({queue.hidden.length})</h3>
        {queue.hidden.length === 0 ? (
          <p className="small muted">Nothing hidden.</p>
        ) : (
          <ul className="queue-list">
            {queue.hidden.map((h) => (
              <li key={h.message.id}>
                <Quote message={h.message} />
                <p className="small muted">
                  Hidden{h.hiddenBy ? ` by @${h.hiddenBy.handle}` : ''}
                  {h.hiddenAt ? ` at ${clockTime(h.hiddenAt)}` : ''}
                  {h.reason ? `: ${h.reason}` : ''}
                </p>
                <button type="button" onClick={() => act(() => hostApi.moderate(jam.slug, h.message.id, 'unhide'))}>
                  Unhide
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Sanctions seriesSlug={series.slug} version={queue} />
    </>
  );
}

function Quote({ message }: { message: MessageView }) {
  return (
    <p className="small">
      <strong>@{message.author.handle}</strong>: {message.text}
    </p>
  );
}

/** Held messages; focus one and press A to approve or R to reject, J/K to move. */
function ApprovalQueue({ slug, held, act }: { slug: string; held: MessageView[]; act: (run: () => Promise<unknown>) => void }) {
  const keys = (event: KeyboardEvent<HTMLLIElement>, message: MessageView) => {
    const key = event.key.toLowerCase();
    if (key === 'a') act(() => hostApi.approve(slug, message.id));
    else if (key === 'r') act(() => hostApi.reject(slug, message.id, 'rejected in pre-moderation'));
    else if (key === 'j' || key === 'arrowdown') (event.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
    else if (key === 'k' || key === 'arrowup') (event.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
    else return;
    event.preventDefault();
  };
  return (
    <section aria-labelledby="held-title">
      <h3 id="held-title">Waiting for approval ({held.length})</h3>
      {held.length === 0 ? (
        <p className="small muted">Nothing waiting.</p>
      ) : (
        <>
          <p className="kbd-hint" id="held-keys">
            Focus a message, then <kbd>A</kbd> approves, <kbd>R</kbd> rejects, <kbd>J</kbd>/<kbd>K</kbd> move.
          </p>
          <ul className="queue-list" aria-describedby="held-keys">
            {held.map((m) => (
              <li key={m.id} tabIndex={0} onKeyDown={(e) => keys(e, m)} aria-label={`Held message from @${m.author.handle}: ${m.text}`}>
                <Quote message={m} />
                <div className="row">
                  <button type="button" className="primary" onClick={() => act(() => hostApi.approve(slug, m.id))}>
                    Approve
                  </button>
                  <button type="button" onClick={() => act(() => hostApi.reject(slug, m.id, 'rejected in pre-moderation'))}>
                    Reject
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Open reports, one entry per message with every reason given. */
function Reports({ slug, reports, act }: { slug: string; reports: ReportView[]; act: (run: () => Promise<unknown>) => void }) {
  const byMessage = new Map<string, ReportView[]>();
  for (const report of reports) byMessage.set(report.message.id, [...(byMessage.get(report.message.id) ?? []), report]);
  return (
    <section aria-labelledby="reports-title">
      <h3 id="reports-title">
        Reports ({reports.length} on {byMessage.size} {byMessage.size === 1 ? 'message' : 'messages'})
      </h3>
      {byMessage.size === 0 ? (
        <p className="small muted">No open reports.</p>
      ) : (
        <ul className="queue-list">
          {[...byMessage.values()].map((group) => (
            <ReportItem key={group[0]!.message.id} slug={slug} group={group} act={act} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReportItem({ slug, group, act }: { slug: string; group: ReportView[]; act: (run: () => Promise<unknown>) => void }) {
  const message = group[0]!.message;
  const [reason, setReason] = useState(group[0]!.reason);
  const inputId = `report-reason-${message.id}`;
  const dismissAll = () => Promise.all(group.map((r) => hostApi.dismissReport(slug, r.id)));
  const warn = async () => {
    await hostApi.post(slug, { clientId: nanoid(), mode: 'announcement', replyTo: message.id, text: `@${message.author.handle}, a reminder from the hosts: please keep to the rules of this chat.` });
    await dismissAll();
  };
  return (
    <li>
      <Quote message={message} />
      <ul className="small">
        {group.map((r) => (
          <li key={r.id}>
            @{r.reporter.handle}: “{r.reason}”
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <label htmlFor={inputId} className="small">
          Reason
        </label>
        <input id={inputId} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="danger" onClick={() => act(() => hostApi.moderate(slug, message.id, 'hide', reason))}>
          Hide
        </button>
        <button type="button" onClick={() => act(warn)} title="Replies to the message with a reminder of the rules, and closes the report">
          Warn
        </button>
        <button type="button" onClick={() => act(dismissAll)}>
          Dismiss
        </button>
      </div>
    </li>
  );
}

/** Who is muted or banned in the series (people posting through a bridge too), and lifting it. */
function Sanctions({ seriesSlug, version }: { seriesSlug: string; version: unknown }) {
  const [listed, setListed] = useState<{ sanctions: SanctionView[]; bridged: NetworkBanView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      Promise.all([hostApi.sanctions(seriesSlug), hostApi.bridgedBans(seriesSlug)]).then(
        ([native, bridged]) => setListed({ sanctions: native.sanctions, bridged: bridged.bans }),
        (e: unknown) => setError(describeError(toApiError(e))),
      ),
    [seriesSlug],
  );
  // Re-read whenever the queue was re-read (a sanction from a message's author menu, another host).
  const [seen, setSeen] = useState(version);
  if (seen !== version) {
    setSeen(version);
    void load();
  }
  useEffect(() => void load(), [load]);
  const lift = (run: () => Promise<unknown>) => {
    setError(null);
    run().then(load, (e: unknown) => setError(describeError(toApiError(e))));
  };
  const scope = (s: { jamSlug: string | null; expiresAt: string | null; reason: string | null }) => `${s.jamSlug ? 'in this jam' : 'in the series'}${s.expiresAt ? ` until ${clockTime(s.expiresAt)}` : ''}${s.reason ? ` · ${s.reason}` : ''}`;
  return (
    <section aria-labelledby="sanctions-title">
      <h3 id="sanctions-title">Muted and banned</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {listed === null ? null : listed.sanctions.length + listed.bridged.length === 0 ? (
        <p className="small muted">Nobody.</p>
      ) : (
        <ul className="people">
          {listed.sanctions.map((s) => (
            <li key={s.id}>
              <strong>@{s.user.handle}</strong> {s.kind === 'ban' ? 'banned' : 'muted'} {scope(s)}
              <button type="button" onClick={() => lift(() => hostApi.lift(seriesSlug, { handle: s.user.handle, kind: s.kind, jam: s.jamSlug ?? undefined }))}>
                Lift
              </button>
            </li>
          ))}
          {listed.bridged.map((b) => (
            <li key={b.id}>
              <strong>@{b.author.handle}</strong> <NetworkMark message={{ source: b.network, externalUrl: null }} /> banned {scope(b)}
              <button type="button" aria-label={`Lift the ban of @${b.author.handle} on ${SOURCE_LABEL[b.network]}`} onClick={() => lift(() => hostApi.unbanBridged(seriesSlug, { network: b.network, authorId: b.authorId, jam: b.jamSlug ?? undefined }))}>
                Lift
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

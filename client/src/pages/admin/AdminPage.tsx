import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { AdminSeriesView, EscalatedReportView, EscalationReason, SiteLogAction, SiteLogEntryView, SuspensionView } from '../../../../shared/admin.ts';
import { adminApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { localTime } from '../../lib/time.ts';
import { useStore } from '../../store/index.ts';

/** `/admin`: the site operator's desk (ADMIN_HANDLES): every series, suspensions, escalated reports, and what operators did. */
export default function AdminPage() {
  const [series, setSeries] = useState<AdminSeriesView[] | null>(null);
  const [suspensions, setSuspensions] = useState<SuspensionView[] | null>(null);
  const [reports, setReports] = useState<EscalatedReportView[] | null>(null);
  const [log, setLog] = useState<SiteLogEntryView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Filled in by "Suspend the author" on a report, so the operator only has to give a reason. */
  const [suspendHandle, setSuspendHandle] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(() => {
    Promise.all([adminApi.series(), adminApi.suspensions(), adminApi.reports(), adminApi.log()]).then(
      ([s, u, r, l]) => {
        setSeries(s.series);
        setSuspensions(u.suspensions);
        setReports(r.reports);
        setLog(l.entries);
        setError(null);
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, []);
  const done = useCallback(
    (text: string) => {
      setNotice(text);
      reload();
    },
    [reload],
  );
  useEffect(() => {
    document.title = 'Site administration · TweetJam';
    reload();
  }, [reload]);

  if (error && series === null) {
    return (
      <div className="page">
        <h1>Site administration</h1>
        <p role="alert" className="error">
          {error}
        </p>
      </div>
    );
  }
  return (
    <div className="page admin-page">
      <h1>Site administration</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <section aria-labelledby="admin-reports">
        <h2 id="admin-reports">Escalated reports {reports && <span className="muted">({reports.length})</span>}</h2>
        <p className="muted small">Reports that left the hosts' hands: open for more than a day, reported by three or more people, or about a host's own message.</p>
        {reports === null ? <p className="muted">Loading…</p> : reports.length === 0 ? <p className="muted">Nothing escalated.</p> : <ReportList reports={reports} onSuspend={setSuspendHandle} />}
      </section>
      <section aria-labelledby="admin-suspend" className="panel">
        <h2 id="admin-suspend">Suspend an account</h2>
        <SuspendForm handle={suspendHandle} onHandle={setSuspendHandle} onDone={done} />
        {/* One line for the latest act, so "suspended" never lingers after the lift. */}
        {notice && (
          <p role="status" className="small">
            {notice}
          </p>
        )}
        <h3 className="admin-subhead">Suspended accounts</h3>
        {suspensions === null ? <p className="muted">Loading…</p> : suspensions.length === 0 ? <p className="muted">No account is suspended.</p> : <SuspensionList suspensions={suspensions} onDone={done} onError={setError} />}
      </section>
      <section aria-labelledby="admin-series">
        <h2 id="admin-series">All series {series && <span className="muted">({series.length})</span>}</h2>
        {series === null ? <p className="muted">Loading…</p> : series.length === 0 ? <p className="muted">No series yet.</p> : <SeriesList series={series} onDone={reload} />}
      </section>
      <section aria-labelledby="admin-log">
        <h2 id="admin-log">Operator log</h2>
        <p className="muted small">Every suspension, lifted suspension and take-over, by whom and when (the newest 200).</p>
        {log === null ? <p className="muted">Loading…</p> : log.length === 0 ? <p className="muted">Nothing yet.</p> : <OperatorLog entries={log} />}
      </section>
    </div>
  );
}

const DID: Record<SiteLogAction, string> = { 'account.suspend': 'suspended', 'account.unsuspend': 'lifted the suspension of', 'series.take_over': 'took over' };

function OperatorLog({ entries }: { entries: SiteLogEntryView[] }) {
  return (
    <ul className="stack admin-list">
      {entries.map((e) => (
        <li key={e.id} className="small">
          <span className="muted">{localTime(e.at)}</span> · <strong>@{e.actor ?? 'unknown'}</strong> {DID[e.action]}{' '}
          {e.series ? (
            <>
              <Link href={`/series/${e.series.slug}`}>{e.series.name}</Link>
              {e.account && ` from @${e.account.handle}`}
            </>
          ) : (
            e.account && `@${e.account.handle}`
          )}
          {e.reason && <span className="muted">: “{e.reason}”</span>}
        </li>
      ))}
    </ul>
  );
}

const WHY: Record<EscalationReason, string> = { stale: 'open for over a day', crowd: 'many reporters', host_author: "a host's own message" };

function ReportList({ reports, onSuspend }: { reports: EscalatedReportView[]; onSuspend: (handle: string) => void }) {
  return (
    <ul className="stack admin-list">
      {reports.map((r) => (
        <li key={r.id} className="card">
          <p className="small">
            <Link href={`/series/${r.series.slug}`}>{r.series.name}</Link> · {r.why.map((w) => WHY[w]).join(', ')} · {r.reporters} {r.reporters === 1 ? 'reporter' : 'reporters'}
          </p>
          <blockquote className="admin-quote">
            <strong>@{r.message.author.handle}</strong>: {r.message.text}
          </blockquote>
          <p className="small">
            “{r.reason}” — reported by @{r.reporter.handle}, {localTime(r.createdAt)}
          </p>
          <div className="row">
            <Link href={`/jams/${r.jamSlug}/m/${r.message.id}`}>See it in the jam</Link>
            <button type="button" onClick={() => onSuspend(r.message.author.handle)}>
              Suspend @{r.message.author.handle}…
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

function SuspendForm({ handle, onHandle, onDone }: { handle: string; onHandle: (handle: string) => void; onDone: (notice: string) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const { suspension } = await adminApi.suspend({ handle: handle.replace(/^@/, ''), reason });
      setProblem(null);
      onHandle('');
      setReason('');
      onDone(`@${suspension.account.handle} is suspended: signed out everywhere and unable to sign in.`);
    } catch (e) {
      setProblem(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <label htmlFor="suspend-handle">Handle</label>
      <input id="suspend-handle" value={handle} onChange={(e) => onHandle(e.target.value)} placeholder="@handle" autoComplete="off" required />
      <label htmlFor="suspend-reason">Reason (recorded, and shown to them when they try to sign in)</label>
      <textarea id="suspend-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} minLength={3} maxLength={500} required />
      <button type="submit" className="danger" disabled={busy}>
        {busy ? 'Suspending…' : 'Suspend account'}
      </button>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  );
}

function SuspensionList({ suspensions, onDone, onError }: { suspensions: SuspensionView[]; onDone: (notice: string) => void; onError: (message: string) => void }) {
  const lift = (handle: string) =>
    adminApi.lift(handle).then(
      () => onDone(`Lifted the suspension of @${handle}: they can sign in again.`),
      (e: unknown) => onError(describeError(toApiError(e))),
    );
  return (
    <ul className="stack admin-list">
      {suspensions.map((s) => (
        <li key={s.account.handle} className="row between admin-row">
          <span>
            <strong>@{s.account.handle}</strong> <span className="muted small">since {localTime(s.suspendedAt)}{s.suspendedBy && ` by @${s.suspendedBy}`}: {s.reason}</span>
          </span>
          <button type="button" onClick={() => void lift(s.account.handle)}>
            Lift suspension<span className="visually-hidden"> of @{s.account.handle}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SeriesList({ series, onDone }: { series: AdminSeriesView[]; onDone: () => void }) {
  const me = useStore((s) => s.me);
  return (
    <ul className="cards">
      {series.map((s) => (
        <li key={s.slug} className="card stack">
          <h3>
            <Link href={`/series/${s.slug}`}>{s.name}</Link> {s.abandoned && <span className="badge admin-abandoned">Abandoned</span>}
          </h3>
          <p className="small">
            <span className="hashtag">{s.hashtag}</span> · owner @{s.owner.handle}
            {s.owner.suspended && <strong className="error"> (suspended)</strong>}
          </p>
          <p className="small muted">
            {s.jamCount} {s.jamCount === 1 ? 'jam' : 'jams'} · last {s.lastJamAt ? localTime(s.lastJamAt) : 'never'} · next {s.nextJamAt ? localTime(s.nextJamAt) : 'none scheduled'}
          </p>
          {s.owner.handle.toLowerCase() === me?.handle.toLowerCase() ? (
            <p className="small">
              You own it: <Link href={`/host/series/${s.slug}`}>host console</Link>
            </p>
          ) : (
            <TakeOver series={s} onDone={onDone} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** Two steps, because taking a series from its owner should never be one stray click. */
function TakeOver({ series, onDone }: { series: AdminSeriesView; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Take over<span className="visually-hidden"> {series.name}</span>…
      </button>
    );
  }
  const id = `takeover-${series.slug}`;
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await adminApi.takeOver(series.slug, reason);
      // The reloaded card shows the new owner and the way into the host console.
      onDone();
    } catch (e) {
      setFailure(describeError(toApiError(e)));
    }
  }
  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>Why take over {series.hashtag}? (recorded in its audit log)</label>
      <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} minLength={3} maxLength={500} required />
      <div className="row">
        <button type="submit" className="danger">
          Become owner
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <p className="small muted">@{series.owner.handle} stays on as co-host.</p>
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
    </form>
  );
}

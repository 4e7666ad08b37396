import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { InviteSummary } from '../../../../../shared/console.ts';
import type { PersonRef } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { clockTime } from '../../../lib/time.ts';
import { useStore } from '../../../store/index.ts';
import type { ConsolePanelProps } from './panels.tsx';

/** Co-hosts, panelists (by handle or invite link) and who is here right now. */
export function TeamPanel({ jam, series }: ConsolePanelProps) {
  const me = useStore((s) => s.me);
  const [hosts, setHosts] = useState<PersonRef[]>(series.hosts);
  const [error, setError] = useState<string | null>(null);
  const isOwner = !!me && me.handle.toLowerCase() === series.owner.handle.toLowerCase();
  const act = (run: () => Promise<unknown>) => {
    setError(null);
    return run().then(
      () => true,
      (e: unknown) => {
        setError(describeError(toApiError(e)));
        return false;
      },
    );
  };
  return (
    <>
      <h2>Team</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <WhoIsHere hosts={hosts} panelists={jam.panelists} />
      <section aria-labelledby="cohosts-title">
        <h3 id="cohosts-title">Hosts of {series.hashtag}</h3>
        <ul className="people">
          {hosts.map((h) => {
            const owner = h.handle.toLowerCase() === series.owner.handle.toLowerCase();
            return (
              <li key={h.handle}>
                {h.displayName} <span className="muted">@{h.handle}</span> <span className="badge badge-host">{owner ? 'Owner' : 'Co-host'}</span>
                {!owner && isOwner && (
                  <button type="button" onClick={() => void act(() => hostApi.removeCohost(series.slug, h.handle).then((r) => setHosts(r.series.hosts)))}>
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        {isOwner ? <HandleForm id="add-cohost" label="Add a co-host by handle" button="Add co-host" onAdd={(handle) => act(() => hostApi.addCohost(series.slug, handle).then((r) => setHosts(r.series.hosts)))} /> : <p className="small muted">Only the owner adds or removes co-hosts.</p>}
      </section>
      <section aria-labelledby="panelists-title">
        <h3 id="panelists-title">Panelists of this jam</h3>
        {jam.panelists.length === 0 ? (
          <p className="small muted">No panelists yet.</p>
        ) : (
          <ul className="people">
            {jam.panelists.map((p) => (
              <li key={p.handle}>
                {p.displayName} <span className="muted">@{p.handle}</span>
                <button type="button" onClick={() => void act(() => hostApi.removePanelist(jam.slug, p.handle).then((r) => useStore.getState().openJam(r.jam, useStore.getState().viewer)))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <HandleForm id="add-panelist" label="Add a panelist by handle" button="Add panelist" onAdd={(handle) => act(() => hostApi.addPanelist(jam.slug, handle).then((r) => useStore.getState().openJam(r.jam, useStore.getState().viewer)))} />
        <Invites slug={jam.slug} panelistCount={jam.panelists.length} />
      </section>
    </>
  );
}

function HandleForm({ id, label, button, onAdd }: { id: string; label: string; button: string; onAdd: (handle: string) => Promise<boolean> }) {
  const [handle, setHandle] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onAdd(handle.trim().replace(/^@/, ''))) setHandle('');
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id} className="small">
        {label}
      </label>
      <input id={id} value={handle} onChange={(e) => setHandle(e.target.value)} placeholder="@handle" required />
      <button type="submit">{button}</button>
    </form>
  );
}

/** Invite links: made here, shown once to copy, listed with who accepted, revocable. */
function Invites({ slug, panelistCount }: { slug: string; panelistCount: number }) {
  const [invites, setInvites] = useState<InviteSummary[]>([]);
  const [fresh, setFresh] = useState<{ id: string; url: string } | null>(null);
  const [uses, setUses] = useState(1);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => hostApi.invites(slug).then((r) => setInvites(r.invites), (e: unknown) => setError(describeError(toApiError(e)))), [slug]);
  // Re-read when someone joins as a panelist (the jam's panelists change).
  const [seenCount, setSeenCount] = useState(panelistCount);
  if (seenCount !== panelistCount) {
    setSeenCount(panelistCount);
    void load();
  }
  useEffect(() => void load(), [load]);
  const create = async () => {
    setError(null);
    try {
      const { invite } = await hostApi.createInvite(slug, uses, 7);
      setFresh({ id: invite.id, url: invite.url });
      setCopied(false);
      await load();
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setError('Copying was refused by the browser; select the link and copy it.');
    }
  };
  return (
    <div aria-labelledby="invites-title">
      <h3 id="invites-title">Invite links</h3>
      <div className="inline-form">
        <label htmlFor="invite-uses" className="small">
          People who may use it
        </label>
        <input id="invite-uses" className="minutes" type="number" min={1} max={50} value={uses} onChange={(e) => setUses(Number(e.target.value))} />
        <button type="button" onClick={() => void create()}>
          Create invite link
        </button>
      </div>
      {fresh && (
        <div className="panel">
          <label htmlFor="invite-url" className="small">
            New link (shown once: copy it now)
          </label>
          <div className="inline-form">
            <input id="invite-url" readOnly value={fresh.url} onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void copy(fresh.url)}>
              Copy link
            </button>
            {copied && (
              <span role="status" className="small">
                Copied.
              </span>
            )}
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {invites.length > 0 && (
        <ul className="queue-list" aria-label="Open invite links">
          {invites.map((invite) => (
            <li key={invite.id}>
              <span className="small">
                Made {clockTime(invite.createdAt)}
                {invite.createdBy ? ` by @${invite.createdBy.handle}` : ''} · {invite.usesLeft} {invite.usesLeft === 1 ? 'use' : 'uses'} left · expires {new Date(invite.expiresAt).toLocaleDateString()}
              </span>
              <br />
              <span className="small">{invite.acceptedBy.length ? `Accepted by ${invite.acceptedBy.map((p) => `@${p.handle}`).join(', ')}` : 'Nobody has accepted yet'}</span>{' '}
              <button type="button" onClick={() => void hostApi.revokeInvite(slug, invite.id).then(load)} aria-label={`Revoke the invite made ${clockTime(invite.createdAt)}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Who is here: hosts and panelists online or away, participants and lurkers, live from presence. */
function WhoIsHere({ hosts, panelists }: { hosts: PersonRef[]; panelists: PersonRef[] }) {
  const presence = useStore((s) => s.presence);
  if (!presence) return <p className="small muted">Counting who is here…</p>;
  const online = (list: string[] | undefined, handle: string) => !!list?.some((h) => h.toLowerCase() === handle.toLowerCase());
  const person = (p: PersonRef, role: string, isOnline: boolean) => (
    <li key={`${role}-${p.handle}`}>
      <span className={`presence-dot ${isOnline ? 'online' : ''}`} aria-hidden="true" /> {p.displayName} <span className="muted">@{p.handle}</span> <span className="small">{role}</span> <span className="small">{isOnline ? 'online' : 'away'}</span>
    </li>
  );
  return (
    <section aria-labelledby="here-title">
      <h3 id="here-title">Here now</h3>
      <p className="small">
        <strong>{presence.viewers}</strong> watching · <strong>{presence.participants}</strong> signed in · <strong>{presence.lurkers ?? Math.max(0, presence.viewers - presence.participants)}</strong> lurking
      </p>
      <ul className="people">
        {hosts.map((h) => person(h, 'host', online(presence.hostsOnline, h.handle)))}
        {panelists.map((p) => person(p, 'panelist', online(presence.panelistsOnline, p.handle)))}
      </ul>
    </section>
  );
}

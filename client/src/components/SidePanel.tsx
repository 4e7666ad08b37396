import type { MessageView } from '../../../shared/model.ts';
import { indexOf } from '../store/derived.ts';
import { useStore } from '../store/index.ts';
import { MessageItem } from './MessageItem.tsx';

/** Who is here, new faces, and the open side conversation. */
export function SidePanel() {
  const thread = useStore((s) => s.thread);
  return (
    <aside className={thread ? 'side has-thread' : 'side'} aria-label="People and threads">
      {thread ? <ThreadView id={thread} /> : null}
      <WhoIsHere />
      <NewFaces />
    </aside>
  );
}

export function WhoIsHere() {
  const presence = useStore((s) => s.presence);
  const panelists = useStore((s) => s.jam?.panelists ?? []);
  if (!presence) {
    return (
      <section className="panel" aria-labelledby="here-title">
        <h2 id="here-title">Here now</h2>
        <p className="muted">Counting who is here…</p>
      </section>
    );
  }
  const lurkers = Math.max(0, presence.viewers - presence.participants);
  return (
    <section className="panel" aria-labelledby="here-title">
      <h2 id="here-title">Here now</h2>
      <p>
        <strong>{presence.viewers}</strong> watching · <strong>{presence.participants}</strong> signed in · <strong>{lurkers}</strong> lurking
      </p>
      {panelists.length > 0 && (
        <ul className="plain">
          {panelists.map((p) => {
            const online = presence.panelistsOnline.some((h) => h.toLowerCase() === p.handle.toLowerCase());
            return (
              <li key={p.handle}>
                <span className={`dot ${online ? 'on' : 'off'}`} aria-hidden="true" /> {p.displayName} <span className="muted">@{p.handle}</span> <span className="visually-hidden">{online ? 'online' : 'not here'}</span>
                {!online && <span className="muted small"> (away)</span>}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** People whose first post in this jam came most recently, so a host can welcome them. */
function NewFaces() {
  const firstPosts = useStore((s) => indexOf(s.messages).firstPosts);
  const follows = useStore((s) => s.follows);
  const faces = firstPosts.filter((m) => m.author.role === 'participant').slice(-8).reverse();
  if (faces.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="faces-title">
      <h2 id="faces-title">New faces</h2>
      <p className="small muted">First posts in this jam, newest first.</p>
      <ul className="plain">
        {faces.map((m) => (
          <li key={m.author.handle}>
            {m.author.displayName} <span className="muted">@{m.author.handle}</span>{' '}
            <button type="button" className="link small" aria-pressed={follows.includes(m.author.handle.toLowerCase())} onClick={() => useStore.getState().toggleFollow(m.author.handle)}>
              {follows.includes(m.author.handle.toLowerCase()) ? 'Unfollow' : 'Follow'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ThreadView({ id }: { id: string }) {
  const messages = useStore((s) => s.messages);
  const root = indexOf(messages).byId.get(id);
  const replies: MessageView[] = root ? messages.filter((m) => m.replyTo === id) : [];
  return (
    <section className="panel thread" aria-labelledby="thread-title">
      <div className="row between">
        <h2 id="thread-title">Side conversation</h2>
        <button type="button" onClick={() => useStore.getState().openThread(null)}>
          Close
        </button>
      </div>
      {root ? <MessageItem message={root} /> : <p className="muted">That message is no longer here.</p>}
      <div className="thread-replies">
        {replies.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </div>
    </section>
  );
}

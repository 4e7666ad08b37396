import type { MessageView } from '../../../shared/model.ts';
import { indexOf } from '../store/derived.ts';
import { useStore } from '../store/index.ts';
import { MessageItem } from './MessageItem.tsx';
import { TeamQueuePanel } from './interaction/UnansweredQueue.tsx';
import { MirrorMyPosts } from './MirrorMyPosts.tsx';

/** Who is here, new faces, and the open side conversation. */
export function SidePanel() {
  const thread = useStore((s) => s.thread);
  return (
    // Focusable: the panel scrolls on its own when the page above it (banner, polls) is tall.
    <aside className={thread ? 'side has-thread' : 'side'} aria-label="People and threads" tabIndex={0}>
      {thread ? <ThreadView id={thread} /> : null}
      <TeamQueuePanel />
      <WhoIsHere />
      <NewFaces />
      <MirrorMyPosts />
    </aside>
  );
}

const ROLE_ORDER = { host: 0, panelist: 1, participant: 2 } as const;
const ROLE_NAME = { host: 'Hosts', panelist: 'Panelists', participant: 'Participants' } as const;

/** Everyone here: the signed-in by role (hosts, panelists, participants) and the lurkers, adding up. */
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
  const people = [...(presence.people ?? [])].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.displayName.localeCompare(b.displayName));
  const away = panelists.filter((p) => !presence.panelistsOnline.some((h) => h.toLowerCase() === p.handle.toLowerCase()));
  const groups = (['host', 'panelist', 'participant'] as const).map((role) => ({ role, people: people.filter((p) => p.role === role) }));
  const unnamed = presence.participants - people.length;
  return (
    <section className="panel" aria-labelledby="here-title">
      <h2 id="here-title">Here now</h2>
      <p>
        <strong>{presence.participants + presence.lurkers}</strong> here: <strong>{presence.participants}</strong> signed in · <strong>{presence.lurkers}</strong> lurking
      </p>
      {groups.map(
        (group) =>
          (group.people.length > 0 || (group.role === 'panelist' && away.length > 0)) && (
            <div key={group.role} className="here-group">
              <h3 className="small">
                {ROLE_NAME[group.role]} ({group.people.length})
              </h3>
              <ul className="plain">
                {group.people.map((p) => (
                  <li key={p.handle}>
                    <span className="dot on" aria-hidden="true" /> {p.displayName} <span className="muted">@{p.handle}</span>
                  </li>
                ))}
                {group.role === 'panelist' &&
                  away.map((p) => (
                    <li key={p.handle} className="muted">
                      <span className="dot off" aria-hidden="true" /> {p.displayName} <span className="muted">@{p.handle}</span> <span className="small">(not here)</span>
                    </li>
                  ))}
              </ul>
            </div>
          ),
      )}
      {unnamed > 0 && <p className="small muted">and {unnamed} more signed in</p>}
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
      <p className="small muted">First posts in this jam, newest first. Highlighting is on this device only.</p>
      <ul className="plain">
        {faces.map((m) => (
          <li key={m.author.handle}>
            {m.author.displayName} <span className="muted">@{m.author.handle}</span>{' '}
            <button type="button" className="link small" aria-pressed={follows.includes(m.author.handle.toLowerCase())} onClick={() => useStore.getState().toggleFollow(m.author.handle)}>
              {follows.includes(m.author.handle.toLowerCase()) ? 'Stop highlighting' : 'Highlight'}
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

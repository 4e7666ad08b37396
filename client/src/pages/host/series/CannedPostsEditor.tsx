import { useEffect, useState, type FormEvent } from 'react';
import type { CannedPost } from '../../../../../shared/console.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';

/** The series' canned posts (shown as one-click buttons in the console's composer), edited in place. */
export function CannedPostsEditor({ seriesSlug }: { seriesSlug: string }) {
  const [posts, setPosts] = useState<CannedPost[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    hostApi.cannedPosts(seriesSlug).then(
      (r) => setPosts(r.posts),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [seriesSlug]);
  const set = (i: number, patch: Partial<CannedPost>) => {
    setSaved(false);
    setPosts((ps) => ps!.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setPosts((await hostApi.saveCannedPosts(seriesSlug, posts!.filter((p) => p.label.trim() && p.text.trim()))).posts);
      setSaved(true);
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };
  return (
    <section aria-labelledby="canned-title" className="panel" id="canned-title-section">
      <h2 id="canned-title">Canned posts</h2>
      <p className="small muted">One click in the host console puts these in the composer as announcements.</p>
      {posts === null ? (
        <p className="muted small">Loading…</p>
      ) : (
        <form onSubmit={(e) => void save(e)} className="stack">
          <ol className="plain stack">
            {posts.map((p, i) => (
              <li key={i} className="row">
                <label htmlFor={`canned-${i}-label`} className="visually-hidden">
                  Label of canned post {i + 1}
                </label>
                <input id={`canned-${i}-label`} value={p.label} maxLength={40} onChange={(e) => set(i, { label: e.target.value })} style={{ width: '9rem' }} />
                <label htmlFor={`canned-${i}-text`} className="visually-hidden">
                  Text of canned post {i + 1}
                </label>
                <input id={`canned-${i}-text`} className="grow" value={p.text} maxLength={280} onChange={(e) => set(i, { text: e.target.value })} />
                <button type="button" className="icon" onClick={() => setPosts((ps) => ps!.filter((_, j) => j !== i))} aria-label={`Remove canned post ${p.label || i + 1}`}>
                  ×
                </button>
              </li>
            ))}
          </ol>
          <div className="row">
            <button type="button" disabled={posts.length >= 12} onClick={() => setPosts((ps) => [...ps!, { label: '', text: '' }])}>
              Add a canned post
            </button>
            <button type="submit" className="primary">
              Save canned posts
            </button>
          </div>
          {saved && <p role="status">Saved.</p>}
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { SearchParams } from '../api/endpoints.ts';
import { useStore } from '../store/index.ts';

export interface SearchScope {
  value: string;
  label: string;
  /** The scope's filter: a jam or a series slug (none searches every jam). */
  params: Pick<SearchParams, 'jam' | 'series'>;
}

/**
 * The archive search box with its filters (author, dates) and order (newest or best match), for
 * the home page (every jam) and a transcript (this jam, its series, or every jam).
 */
export function SearchForm({ id, placeholder, label, scopes }: { id: string; placeholder: string; label: string; scopes?: SearchScope[] }) {
  const search = useStore((s) => s.search);
  const [text, setText] = useState('');
  const [scope, setScope] = useState(scopes?.[0]?.value ?? '');
  const [sort, setSort] = useState<SearchParams['sort']>('newest');
  const [author, setAuthor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const within = scopes?.find((s) => s.value === scope)?.params ?? {};
    void useStore.getState().runSearch({ text, ...within, author: author.trim() || undefined, from: from || undefined, to: to || undefined, sort });
  };

  return (
    <form className="search" role="search" onSubmit={submit}>
      <div className="row">
        <label htmlFor={id} className="visually-hidden">
          {label}
        </label>
        <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={placeholder} />
        {scopes && (
          <>
            <label htmlFor={`${id}-scope`} className="visually-hidden">
              Where to search
            </label>
            <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)}>
              {scopes.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">Search</button>
        {search && (
          <button type="button" onClick={() => useStore.getState().clearSearch()}>
            Clear
          </button>
        )}
      </div>
      <details className="search-filters">
        <summary className="small">Order and filters</summary>
        <div className="row">
          <label className="small">
            Order{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as SearchParams['sort'])}>
              <option value="newest">Newest first</option>
              <option value="relevance">Best match first</option>
            </select>
          </label>
          <label className="small">
            By{' '}
            <input type="text" value={author} onChange={(e) => setAuthor(e.target.value)} placeholder="@handle" size={14} autoComplete="off" />
          </label>
          <label className="small">
            From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="small">
            To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </div>
      </details>
    </form>
  );
}

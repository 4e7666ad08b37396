import { useMemo, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { parseColumns, serializeColumns, type ColumnKind, type ColumnSpec, type FilterContext } from '../../../shared/filters.ts';
import { layout } from '../store/columns.ts';
import type { ColumnItem } from './columnItems.ts';
import { StreamColumn } from './StreamColumn.tsx';

const PRESETS: { kind: ColumnKind; label: string }[] = [
  { kind: 'all', label: 'All' },
  { kind: 'question', label: 'This question' },
  { kind: 'panelists', label: 'Panelists' },
  { kind: 'host', label: 'Host' },
  { kind: 'featured', label: 'Featured' },
  { kind: 'mentions', label: 'Mentions of me' },
];

/** The column layout, read from and written to the URL (`?cols=`) so a shared link reproduces it. */
export function useColumnLayout(): [ColumnSpec[], (next: ColumnSpec[]) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const encoded = new URLSearchParams(search).get('cols');
  const columns = useMemo(() => parseColumns(encoded), [encoded]);
  const setColumns = (next: ColumnSpec[]) => {
    const params = new URLSearchParams(search);
    params.set('cols', serializeColumns(next));
    navigate(`${location}?${params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`, { replace: true });
  };
  return [columns, setColumns];
}

interface Props {
  context: FilterContext;
  pending: ColumnItem[];
  highlightId?: string | null;
  interactive: boolean;
}

/** Stream columns side by side, with tools to add, remove and reorder them. */
export function ColumnBoard({ context, pending, highlightId, interactive }: Props) {
  const [columns, setColumns] = useColumnLayout();
  return (
    <>
      <div className="columns" role="region" aria-label="Stream columns">
        {columns.map((column, i) => (
          <StreamColumn
            key={`${column.kind}:${column.value ?? ''}`}
            column={column}
            index={i}
            count={columns.length}
            context={context}
            pending={pending}
            highlightId={highlightId}
            interactive={interactive}
            onMove={(index, by) => setColumns(layout.move(columns, index, by))}
            onRemove={(index) => setColumns(layout.remove(columns, index))}
          />
        ))}
      </div>
    </>
  );
}

export function AddColumnButton() {
  const [columns, setColumns] = useColumnLayout();
  return (
    <details className="add-column-menu">
      <summary>Add column</summary>
      <AddColumn onAdd={(c) => setColumns(layout.add(columns, c))} />
    </details>
  );
}

function AddColumn({ onAdd }: { onAdd: (column: ColumnSpec) => void }) {
  const [kind, setKind] = useState<string>('keyword');
  const [value, setValue] = useState('');
  const needsValue = kind === 'keyword' || kind === 'author';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsValue && !value.trim()) return;
    onAdd(needsValue ? { kind: kind as ColumnKind, value: kind === 'author' ? value.trim().replace(/^@/, '') : value.trim() } : { kind: kind as ColumnKind });
    setValue('');
  };
  return (
    <form className="add-column" onSubmit={submit} aria-label="Add a column">
      <label htmlFor="add-col-kind">Show</label>
      <select id="add-col-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
        <option value="keyword">Keyword…</option>
        <option value="author">Author…</option>
        {PRESETS.map((p) => (
          <option key={p.kind} value={p.kind}>
            {p.label}
          </option>
        ))}
      </select>
      {needsValue && (
        <>
          <label htmlFor="add-col-value" className="visually-hidden">
            {kind === 'keyword' ? 'Keyword' : 'Author handle'}
          </label>
          <input id="add-col-value" value={value} onChange={(e) => setValue(e.target.value)} placeholder={kind === 'keyword' ? 'e.g. pricing' : '@handle'} />
        </>
      )}
      <button type="submit">Add</button>
    </form>
  );
}

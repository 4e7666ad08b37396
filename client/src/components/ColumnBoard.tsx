import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { navigate as navigateBrowser } from 'wouter/use-browser-location';
import { COLUMN_CHOICES, columnFromChoice, columnTitle, isMessageColumn, parseColumns, serializeColumns, type ColumnSpec, type FilterContext } from '../../../shared/filters.ts';
import { layout } from '../store/columns.ts';
import type { ColumnItem } from './columnItems.ts';
import { AudienceColumn } from './interaction/AudienceColumn.tsx';
import { StreamColumn } from './StreamColumn.tsx';

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

/** Adds a column from anywhere (a message's author menu) by editing the URL, as the toolbar does. */
export function addColumn(column: ColumnSpec): void {
  const params = new URLSearchParams(window.location.search);
  params.set('cols', serializeColumns(layout.add(parseColumns(params.get('cols')), column)));
  navigateBrowser(`${window.location.pathname}?${params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`, { replace: true });
}

interface Props {
  context: FilterContext;
  pending: ColumnItem[];
  highlightId?: string | null;
  interactive: boolean;
}

/** Stream columns side by side, with tools to add, remove and reorder them; on a phone, one at a time with tabs. */
export function ColumnBoard({ context, pending, highlightId, interactive }: Props) {
  const [columns, setColumns] = useColumnLayout();
  const board = useRef<HTMLDivElement>(null);
  const [inView, setInView] = useState(0);
  const layoutKey = serializeColumns(columns);

  // Which column fills the view (on a phone the board scrolls sideways, one column per screen).
  useEffect(() => {
    const root = board.current;
    if (!root || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) if (entry.isIntersecting) setInView(Number((entry.target as HTMLElement).dataset.index));
      },
      { root, threshold: 0.6 },
    );
    // The layout key names the columns to observe; re-observe when they change.
    root.dataset.layout = layoutKey;
    root.querySelectorAll<HTMLElement>(':scope > .column').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [layoutKey]);

  const show = (index: number) => {
    const target = board.current?.querySelectorAll<HTMLElement>(':scope > .column')[index];
    target?.scrollIntoView({ inline: 'start', block: 'nearest' });
    setInView(index);
  };

  return (
    <>
      <nav className="column-tabs" aria-label="Columns">
        {columns.map((column, i) => (
          <button key={`${column.kind}:${column.value ?? ''}`} type="button" aria-current={i === inView ? 'true' : undefined} onClick={() => show(i)}>
            {columnTitle(column, context)}
          </button>
        ))}
      </nav>
      <div className="columns" role="region" aria-label="Stream columns" ref={board}>
        {columns.map((column, i) =>
          !isMessageColumn(column) ? (
            <AudienceColumn key={column.kind} column={column} index={i} count={columns.length} context={context} onMove={(index, by) => setColumns(layout.move(columns, index, by))} onRemove={(index) => setColumns(layout.remove(columns, index))} />
          ) : (
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
          ),
        )}
      </div>
    </>
  );
}

/**
 * "Add column": opens a small form inline in the toolbar (so it never covers the column headers),
 * closes after Add or Escape and gives focus back to its button.
 */
export function AddColumnButton() {
  const [columns, setColumns] = useColumnLayout();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="add-column-menu">
      <button type="button" ref={button} aria-expanded={open} aria-controls="add-column-form" onClick={() => (open ? close() : setOpen(true))}>
        Add column
      </button>
      {open && (
        <AddColumn
          onAdd={(c) => {
            setColumns(layout.add(columns, c));
            close();
          }}
          onCancel={close}
        />
      )}
    </div>
  );
}

function AddColumn({ onAdd, onCancel }: { onAdd: (column: ColumnSpec) => void; onCancel: () => void }) {
  const [id, setId] = useState('keyword');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const choice = COLUMN_CHOICES.find((c) => c.id === id) ?? COLUMN_CHOICES[0]!;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const column = columnFromChoice(choice, value);
    if (!column) return setError(choice.value?.numeric ? 'Type a question number, e.g. 2.' : `Type the ${choice.value?.label.toLowerCase() ?? 'value'} first.`);
    onAdd(column);
  };
  return (
    <form id="add-column-form" className="add-column" onSubmit={submit} aria-label="Add a column" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label htmlFor="add-col-kind">Show</label>
      <select
        id="add-col-kind"
        value={id}
        autoFocus
        onChange={(e) => {
          setId(e.target.value);
          setError(null);
        }}
      >
        {COLUMN_CHOICES.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
      {choice.value && (
        <>
          <label htmlFor="add-col-value" className="visually-hidden">
            {choice.value.label}
          </label>
          <input id="add-col-value" value={value} onChange={(e) => setValue(e.target.value)} placeholder={choice.value.placeholder} inputMode={choice.value.numeric ? 'numeric' : undefined} aria-invalid={!!error} aria-describedby={error ? 'add-col-error' : undefined} />
        </>
      )}
      <button type="submit" className="primary">
        Add
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p id="add-col-error" role="alert" className="error small">
          {error}
        </p>
      )}
    </form>
  );
}

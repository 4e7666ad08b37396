import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { clockInZone } from '../../../../../shared/time.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './console.css';

/** Every IANA zone the browser knows (UTC first, as Intl omits it from the list in some engines). */
const ZONES: string[] = (() => {
  const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...list.filter((z) => z !== 'UTC')];
})();
const MAX_SHOWN = 60;

const nowIn = (zone: string) => clockInZone(new Date(), zone);

/**
 * A searchable list of IANA time zones (ARIA 1.2 combobox with a listbox popup): type any part
 * ("york", "Berlin", "pacific"), move with the arrow keys, Enter picks. Only a listed zone can
 * be chosen; leaving the field with a half-typed name keeps the last zone picked.
 */
export function TimeZonePicker({ id, value, onChange }: { id: string; value: string; onChange: (zone: string) => void }) {
  const [query, setQuery] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => {
    const words = query.toLowerCase().replace(/[_/]/g, ' ').split(/\s+/).filter(Boolean);
    const found = query === value ? ZONES : ZONES.filter((z) => words.every((w) => z.toLowerCase().replace(/[_/]/g, ' ').includes(w)));
    return found.slice(0, MAX_SHOWN);
  }, [query, value]);

  const pick = (zone: string) => {
    onChange(zone);
    setQuery(zone);
    setOpen(false);
  };
  const keys = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.max(0, Math.min(matches.length - 1, i + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      if (matches[active]) pick(matches[active]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
      setQuery(value);
    }
  };
  const optionId = (i: number) => `${listId}-opt-${i}`;
  return (
    <div className="zone-picker">
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? optionId(active) : undefined}
        aria-describedby={`${id}-now`}
        autoComplete="off"
        placeholder="Type a city or region"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => e.target.select()}
        onKeyDown={keys}
        onBlur={() => {
          setOpen(false);
          setQuery((q) => (ZONES.includes(q) ? q : value));
          if (ZONES.includes(query) && query !== value) onChange(query);
        }}
      />
      {open && (
        <ul role="listbox" id={listId} aria-label="Time zones">
          {matches.length === 0 && <li className="small muted">No zone matches “{query}”.</li>}
          {matches.map((zone, i) => (
            <li
              key={zone}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(zone);
              }}
            >
              {zone.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      )}
      <span id={`${id}-now`} className="small muted">
        Now {nowIn(value)} there
      </span>
    </div>
  );
}

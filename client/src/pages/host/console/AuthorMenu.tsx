import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SOURCE_LABEL, type MessageView } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';

type Sanction = 'timeout' | 'mute' | 'ban';
const DURATIONS = [
  { minutes: 5, label: '5 minutes' },
  { minutes: 10, label: '10 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 1440, label: '1 day' },
  { minutes: 0, label: 'Until lifted' },
];

/**
 * A message author's menu for hosts: time out (a mute that ends by itself), mute or ban, in this
 * jam or the whole series, with a duration and a reason that go to the audit log. Someone posting
 * through a bridge (X, Bluesky, Mastodon) can only post, so for them a ban (for a while, or until
 * lifted) is what there is: their posts on that network stop coming in.
 */
export function AuthorMenu({ message, slug, seriesSlug, onDone }: { message: MessageView; slug: string; seriesSlug: string; onDone: () => void }) {
  const { author } = message;
  const network = message.source === 'native' ? null : SOURCE_LABEL[message.source];
  const [open, setOpen] = useState(false);
  const [chosen, setKind] = useState<Sanction>('timeout');
  const kind: Sanction = network ? 'ban' : chosen;
  const [minutes, setMinutes] = useState(network ? 0 : 10);
  const [scope, setScope] = useState<'jam' | 'series'>('jam');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  const target = network ? `@${author.handle} on ${network}` : `@${author.handle}`;
  // Opening moves focus into the menu; Escape or Close hands it back to the author's name.
  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const duration = kind === 'timeout' ? minutes || 10 : minutes || undefined;
    const where = { jam: scope === 'jam' ? slug : undefined, minutes: duration, reason: reason || undefined };
    try {
      if (network) await hostApi.banBridged(seriesSlug, { message: message.id, ...where });
      else await hostApi.sanction(seriesSlug, { handle: author.handle, kind: kind === 'ban' ? 'ban' : 'mute', ...where });
      const what = kind === 'ban' ? 'Banned' : kind === 'mute' ? 'Muted' : 'Timed out';
      setDone(`${what} ${target}${duration ? ` for ${DURATIONS.find((d) => d.minutes === duration)?.label ?? `${duration} minutes`}` : ''}.`);
      onDone();
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };

  return (
    <span className="author-menu" onKeyDown={(e) => e.key === 'Escape' && open && close()}>
      <button ref={toggle} type="button" aria-expanded={open} aria-controls={`${id}-menu`} onClick={() => setOpen(!open)} aria-label={`${author.displayName}: moderate this person`}>
        {author.displayName}
      </button>
      {open && (
        <div className="author-menu-pop" id={`${id}-menu`} role="group" aria-label={`Moderate ${target}`}>
          <form className="stack" onSubmit={(e) => void apply(e)}>
            {network ? (
              <p className="small">
                Ban {target}: their {network} posts stop coming in. Nothing is done on {network} itself.
              </p>
            ) : (
              <>
                <label htmlFor={`${id}-kind`}>What</label>
                <select ref={first} id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Sanction)}>
                  <option value="timeout">Time out (cannot post for a while)</option>
                  <option value="mute">Mute (cannot post)</option>
                  <option value="ban">Ban (cannot post, boost or report)</option>
                </select>
              </>
            )}
            <label htmlFor={`${id}-for`}>For how long</label>
            <select ref={network ? first : undefined} id={`${id}-for`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {DURATIONS.filter((d) => kind !== 'timeout' || d.minutes > 0).map((d) => (
                <option key={d.minutes} value={d.minutes}>
                  {d.label}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-scope`}>Where</label>
            <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value as 'jam' | 'series')}>
              <option value="jam">This jam</option>
              <option value="series">Every jam of the series</option>
            </select>
            <label htmlFor={`${id}-reason`}>Reason (kept in the audit log)</label>
            <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            <div className="row">
              <button type="submit" className="danger">
                {network ? `Ban ${target}` : `Apply to ${target}`}
              </button>
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
            {error && (
              <p role="alert" className="error small">
                {error}
              </p>
            )}
            {done && <p role="status" className="small">{done}</p>}
          </form>
        </div>
      )}
    </span>
  );
}

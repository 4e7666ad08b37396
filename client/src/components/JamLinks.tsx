import { Link } from 'wouter';
import type { JamStatus } from '../../../shared/model.ts';

interface Props {
  jam: { slug: string; status: JamStatus; series: { slug: string; name: string } };
  /** The page showing the links leaves itself out. */
  current?: 'report' | 'digest' | 'metrics';
  className?: string;
}

/**
 * The numbers around a jam, for readers and community managers: its report and catch-up digest
 * (once it has started) and its series' metrics. One component, so every page links the same set.
 */
export function JamLinks({ jam, current, className = 'jam-links small' }: Props) {
  const started = jam.status !== 'scheduled';
  return (
    <nav className={className} aria-label="Numbers and summaries">
      <ul className="plain row">
        {started && current !== 'report' && (
          <li>
            <Link href={`/jams/${jam.slug}/report`}>{jam.status === 'live' ? 'Live report' : 'Report'}</Link>
          </li>
        )}
        {started && current !== 'digest' && (
          <li>
            <Link href={`/jams/${jam.slug}/digest`}>Catch-up digest</Link>
          </li>
        )}
        {current !== 'metrics' && (
          <li>
            <Link href={`/series/${jam.series.slug}/metrics`}>{jam.series.name} metrics</Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

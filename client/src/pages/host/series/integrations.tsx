import type { ComponentType } from 'react';
import type { SeriesView } from '../../../../../shared/model.ts';
import { BlueskyLink } from './BlueskyLink.tsx';
import { MastodonLink } from './MastodonLink.tsx';
import { Webhooks } from './Webhooks.tsx';
import { XLink } from './XLink.tsx';

/** One integration of a series: a section of its own on the series page. */
export interface SeriesIntegration {
  id: string;
  title: string;
  Panel: ComponentType<{ series: SeriesView; isOwner: boolean }>;
}

/**
 * The series page's integrations, in order. Another network's bridge (Bluesky, Mastodon) is one
 * entry here and one component of its own.
 */
export const seriesIntegrations: SeriesIntegration[] = [
  { id: 'x', title: 'X', Panel: XLink },
  { id: 'bluesky', title: 'Bluesky', Panel: BlueskyLink },
  { id: 'mastodon', title: 'Mastodon', Panel: MastodonLink },
  { id: 'webhooks', title: 'Webhooks', Panel: Webhooks },
];

export function Integrations({ series, isOwner }: { series: SeriesView; isOwner: boolean }) {
  return (
    <section aria-labelledby="integrations-title" className="panel">
      <h2 id="integrations-title">Integrations</h2>
      {seriesIntegrations.map(({ id, title, Panel }) => (
        <section key={id} aria-labelledby={`integration-${id}`} className="integration">
          <h3 id={`integration-${id}`}>{title}</h3>
          <Panel series={series} isOwner={isOwner} />
        </section>
      ))}
    </section>
  );
}

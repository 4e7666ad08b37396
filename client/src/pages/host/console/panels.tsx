import { useRef, type ComponentType, type KeyboardEvent } from 'react';
import type { ModerationQueueView } from '../../../../../shared/moderation.ts';
import type { JamView, SeriesView } from '../../../../../shared/model.ts';
import { AuditPanel } from './AuditPanel.tsx';
import { ModerationPanel } from './ModerationPanel.tsx';
import { ShowPanel } from './ShowPanel.tsx';
import { TeamPanel } from './TeamPanel.tsx';
import { AudienceConsolePanel, AudienceCount, AutomodConsolePanel, UnansweredConsoleCount, UnansweredConsolePanel } from '../../../components/interaction/InteractionConsole.tsx';

/** What every panel of the console's control pane receives. */
export interface ConsolePanelProps {
  jam: JamView;
  series: SeriesView;
  /** The moderation queue (held, reports, hidden), re-read whenever it may have changed. */
  queue: ModerationQueueView | null;
  refreshQueue: () => void;
}

export interface ConsolePanel {
  id: string;
  label: string;
  Panel: ComponentType<ConsolePanelProps>;
  /** A count shown on the tab (what awaits the host), if any. */
  count?: (props: ConsolePanelProps) => number;
  /** A count that keeps its own data fresh (rendered in the tab instead of `count`). */
  Count?: ComponentType<ConsolePanelProps>;
}

/**
 * The control pane's panels, in tab order. A new console feature is one entry here and one
 * component of its own (e.g. a "not yet answered" queue beside Moderation).
 */
export const consolePanels: ConsolePanel[] = [
  { id: 'show', label: 'Run of show', Panel: ShowPanel },
  { id: 'moderation', label: 'Moderation', Panel: ModerationPanel, count: ({ queue }) => (queue ? queue.held.length + queue.reports.length : 0) },
  { id: 'unanswered', label: 'Not yet answered', Panel: UnansweredConsolePanel, Count: UnansweredConsoleCount },
  { id: 'audience', label: 'Audience Q&A', Panel: AudienceConsolePanel, Count: AudienceCount },
  { id: 'automod', label: 'Auto-moderation', Panel: AutomodConsolePanel },
  { id: 'team', label: 'Team', Panel: TeamPanel },
  { id: 'audit', label: 'Audit log', Panel: AuditPanel },
];

/** An ARIA tab list: arrow keys move between tabs, Home/End jump, Tab enters the panel. */
export function PanelTabs({ props, selected, onSelect }: { props: ConsolePanelProps; selected: string; onSelect: (id: string) => void }) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (event: KeyboardEvent, index: number) => {
    const last = consolePanels.length - 1;
    const to = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (to < 0) return;
    event.preventDefault();
    onSelect(consolePanels[to]!.id);
    tabs.current[to]?.focus();
  };
  const current = consolePanels.find((p) => p.id === selected) ?? consolePanels[0]!;
  return (
    <>
      <div role="tablist" aria-label="Console" className="console-tabs">
        {consolePanels.map((panel, i) => {
          const count = panel.count?.(props) ?? 0;
          const active = panel.id === current.id;
          return (
            <button
              key={panel.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${panel.id}`}
              aria-selected={active}
              aria-controls={`panel-${panel.id}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(panel.id)}
              onKeyDown={(e) => move(e, i)}
            >
              {panel.label}
              {panel.Count && <panel.Count {...props} />}
              {count > 0 && (
                <span className="tab-count">
                  {count}
                  <span className="visually-hidden"> waiting</span>
                </span>
              )}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="console-panel">
        <current.Panel {...props} />
      </div>
    </>
  );
}

import type { JamView } from '../../../../shared/model.ts';
import { useStore } from '../../store/index.ts';
import { AudienceQuestionList } from './AudienceQuestions.tsx';
import { AutomodLog } from './AutomodLog.tsx';
import { PollCard, usePolls } from './PollCard.tsx';
import { PollComposer } from './PollComposer.tsx';
import { UnansweredCount, UnansweredQueue } from './UnansweredQueue.tsx';
// Styles travel with the component (Vite bundles CSS imports), like the reports pages.
// oxlint-disable-next-line import/no-unassigned-import
import './interaction.css';

/** The host console's panels for the audience side (each one tab of the console's control pane). */

const everyPoll = () => true;

/** Audience questions (host actions) and polls (compose, reveal, close). */
export function AudienceConsolePanel({ jam }: { jam: JamView }) {
  const polls = usePolls(everyPoll);
  const asked = useStore((s) => Object.keys(s.audience).length);
  return (
    <div className="interaction-console">
      <section aria-labelledby="console-audience-title">
        <h2 id="console-audience-title">
          Audience questions <span className="count">{asked}</span>
        </h2>
        <AudienceQuestionList host headingId="console-audience-title" />
      </section>
      <section aria-labelledby="console-polls-title">
        <h2 id="console-polls-title">
          Polls <span className="count">{polls.length}</span>
        </h2>
        <PollComposer jam={jam} />
        {polls.map((p) => (
          <PollCard key={p.id} poll={p} />
        ))}
      </section>
    </div>
  );
}

/** Open audience questions, on the tab. */
export function AudienceCount() {
  const open = useStore((s) => Object.values(s.audience).filter((q) => q.status === 'open').length);
  if (open === 0) return null;
  return (
    <span className="tab-count">
      {open}
      <span className="visually-hidden"> open</span>
    </span>
  );
}

export function UnansweredConsolePanel({ jam }: { jam: JamView }) {
  return <UnansweredQueue slug={jam.slug} />;
}

export function UnansweredConsoleCount({ jam }: { jam: JamView }) {
  return <UnansweredCount slug={jam.slug} />;
}

export function AutomodConsolePanel({ jam }: { jam: JamView }) {
  return <AutomodLog slug={jam.slug} />;
}

import { ColumnTools } from '../ColumnTools.tsx';
import { columnTitle, type ColumnSpec, type FilterContext } from '../../../../shared/filters.ts';
import { AudienceQuestionList, useAudienceQuestions } from './AudienceQuestions.tsx';
import { useIsHost } from './PollCard.tsx';

interface Props {
  column: ColumnSpec;
  index: number;
  count: number;
  context: FilterContext;
  onMove?: (index: number, by: -1 | 1) => void;
  onRemove?: (index: number) => void;
}

/** The "Audience questions" column: the audience's questions with their votes, beside the stream columns. */
export function AudienceColumn({ column, index, count, context, onMove, onRemove }: Props) {
  const host = useIsHost();
  const questions = useAudienceQuestions(host);
  const title = columnTitle(column, context);
  const headingId = `col-${index}-title`;
  return (
    <section className="column audience-column" aria-labelledby={headingId} data-column={column.kind} data-index={index}>
      <header className="column-head">
        <h2 id={headingId}>
          {title} <span className="count">{questions.length}</span>
        </h2>
        <ColumnTools title={title} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </header>
      <div className="column-scroll" tabIndex={0} role="group" aria-labelledby={headingId}>
        <AudienceQuestionList host={host} headingId={headingId} />
      </div>
    </section>
  );
}

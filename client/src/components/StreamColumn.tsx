import { ColumnTools } from './ColumnTools.tsx';
import { useMemo, useRef, useState } from 'react';
import type { MessageView } from '../../../shared/model.ts';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { choiceOf, columnTitle, highlightedWords, type ColumnSpec, type FilterContext } from '../../../shared/filters.ts';
import { useReducedMotion } from '../lib/motion.ts';
import { useStore } from '../store/index.ts';
import { ColumnFilter, initialPosition, type ColumnItem } from './columnItems.ts';
import { MessageItem } from './MessageItem.tsx';

interface Props {
  column: ColumnSpec;
  index: number;
  count: number;
  context: FilterContext;
  pending: ColumnItem[];
  highlightId?: string | null;
  onMove?: (index: number, by: -1 | 1) => void;
  onRemove?: (index: number) => void;
  interactive: boolean;
}

/**
 * One stream column, virtualised. It follows new messages only while the reader is at the
 * bottom; scrolled up, nothing moves and an "N new" button says what arrived.
 */
export function StreamColumn({ column, index, count, context, pending, highlightId, onMove, onRemove, interactive }: Props) {
  const messages = useStore((s) => s.messages);
  const hasEarlier = useStore((s) => s.hasEarlier);
  const cutoff = useStore((s) => s.cutoff);
  const reduced = useReducedMotion();
  const list = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [seenCount, setSeenCount] = useState(0);
  const [filter] = useState(() => new ColumnFilter());
  // "This question" keeps the question the reader is reading; a newer one is offered, not forced.
  const follows = column.kind === 'question' && !column.value;
  const [reading, setReading] = useState<number | null>(context.currentQuestion);
  if (follows && reading === null && context.currentQuestion !== null) setReading(context.currentQuestion);
  const newer = follows && reading !== null && context.currentQuestion !== null && context.currentQuestion > reading ? context.currentQuestion : null;
  const shown = useMemo(() => (follows ? { ...context, currentQuestion: reading } : context), [follows, context, reading]);
  const { items, pending: pendingStates, waiting } = useMemo(() => filter.view(column, messages, pending, shown, cutoff), [filter, column, messages, pending, shown, cutoff]);
  const title = columnTitle(column, shown);
  const words = useMemo(() => highlightedWords(column), [column]);
  const unseen = atBottom ? 0 : Math.max(0, items.length - seenCount);
  const headingId = `col-${index}-title`;

  const jumpToEnd = () => {
    list.current?.scrollToIndex({ index: items.length - 1, align: 'end', behavior: reduced ? 'auto' : 'smooth' });
  };

  return (
    <section className="column" aria-labelledby={headingId} data-column={column.kind} data-index={index}>
      <header className="column-head">
        <h2 id={headingId}>
          {title} <span className="count">{items.length}</span>
        </h2>
        <ColumnTools title={title} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </header>
      {newer !== null && (
        <p className="question-out small" role="status">
          Q{newer} is out.{' '}
          <button type="button" onClick={() => setReading(newer)}>
            Switch to Q{newer}
          </button>
        </p>
      )}
      {waiting > 0 && <p className="held small">{waiting} new held while paused</p>}
      {hasEarlier && column.kind === 'all' && (
        <button type="button" className="load-earlier" onClick={() => void useStore.getState().loadEarlier()}>
          Load earlier messages
        </button>
      )}
      {items.length === 0 ? (
        <p className="empty muted">{choiceOf(column).empty}</p>
      ) : (
        <Virtuoso
          ref={list}
          className="column-list"
          // The scroller takes focus so the column scrolls by keyboard.
          tabIndex={0}
          role="group"
          aria-labelledby={headingId}
          data={items}
          computeItemKey={(_, item) => item.id}
          initialTopMostItemIndex={initialPosition(items, highlightId)}
          // Paint messages with the column's first frame, before the list has measured itself.
          initialItemCount={Math.min(items.length, 20)}
          followOutput={(bottom) => (bottom ? (reduced ? 'auto' : 'smooth') : false)}
          atBottomThreshold={80}
          atBottomStateChange={(bottom) => {
            setAtBottom(bottom);
            if (!bottom) setSeenCount(items.length);
          }}
          increaseViewportBy={400}
          context={{ highlightId, interactive, pendingStates, words }}
          itemContent={renderItem}
        />
      )}
      {unseen > 0 && (
        <button type="button" className="new-pill" onClick={jumpToEnd}>
          {unseen} new ↓
        </button>
      )}
    </section>
  );
}

interface ItemContext {
  highlightId?: string | null;
  interactive: boolean;
  pendingStates: Map<string, ColumnItem['pending']>;
  /** A keyword column marks its word in each message. */
  words: string[];
}

function renderItem(_: number, message: MessageView, context: ItemContext) {
  return <MessageItem message={message} pending={context.pendingStates.get(message.id)} highlighted={message.id === context.highlightId} interactive={context.interactive} words={context.words} />;
}


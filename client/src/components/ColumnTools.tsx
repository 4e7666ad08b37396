/** A column's move and remove buttons, shared by every column kind on the board. */
export function ColumnTools({ title, index, count, onMove, onRemove }: { title: string; index: number; count: number; onMove?: (index: number, by: -1 | 1) => void; onRemove?: (index: number) => void }) {
  if (!onMove && !onRemove) return null;
  return (
    <div className="column-tools">
      {onMove && (
        <>
          <button type="button" className="icon" onClick={() => onMove(index, -1)} disabled={index === 0} aria-label={`Move ${title} left`}>
            ←
          </button>
          <button type="button" className="icon" onClick={() => onMove(index, 1)} disabled={index === count - 1} aria-label={`Move ${title} right`}>
            →
          </button>
        </>
      )}
      {onRemove && (
        <button type="button" className="icon" onClick={() => onRemove(index)} disabled={count === 1} aria-label={`Remove column ${title}`}>
          ×
        </button>
      )}
    </div>
  );
}

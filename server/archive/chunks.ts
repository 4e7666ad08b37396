/**
 * Exports as a sequence of text pieces rather than one string, so a big transcript can be sent
 * while it is rendered, a slice at a time, without holding up the event loop.
 */

/**
 * Exactly `JSON.stringify(value, null, indent)`, in pieces: objects and arrays one member at a
 * time, so a transcript of any size never becomes one long synchronous stringify. For plain data
 * (what the presenters build); `toJSON` is honoured as JSON.stringify does.
 */
export function* jsonChunks(value: unknown, indent = 2, prefix = ''): Generator<string> {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(): unknown }).toJSON();
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  // An object holding no arrays (a message, its author) is small: the native stringify, indented
  // to its place, makes it in one piece (raw newlines in JSON are only ever structure).
  if (!Array.isArray(value) && !Object.values(value).some(Array.isArray)) {
    const text = JSON.stringify(value, null, indent);
    yield indent && prefix ? text.replaceAll('\n', `\n${prefix}`) : text;
    return;
  }
  // JSON.stringify with no indent writes no newlines and no space after colons.
  const inner = prefix + ' '.repeat(indent);
  const open = indent ? `\n${inner}` : '';
  const close = indent ? `\n${prefix}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return void (yield '[]');
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[${open}` : `,${open}`;
      const item = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, indent, inner);
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{' : ','}${open}${JSON.stringify(key)}:${indent ? ' ' : ''}`;
    first = false;
    yield* jsonChunks(member, indent, inner);
  }
  yield first ? '{}' : `${close}}`;
}

/** Text pieces as lines: each followed by `end` (what `lines.join(end) + end` makes). */
export function* asLines(lines: Iterable<string>, end: string): Generator<string> {
  for (const line of lines) yield line + end;
}

/**
 * Pieces joined into larger slices, for fewer, fuller writes: a slice ends at about `size`
 * characters or once rendering it took `budgetMs`, whichever comes first, so the caller can yield
 * to the event loop that often whatever a piece costs (a linkified HTML message costs far more
 * than a CSV row).
 */
export function* batched(pieces: Iterable<string>, size = 64 * 1024, budgetMs = 8, now: () => number = performance.now.bind(performance)): Generator<string> {
  let buffer = '';
  let started = now();
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= size || now() - started >= budgetMs) {
      yield buffer;
      buffer = '';
      started = now();
    }
  }
  if (buffer) yield buffer;
}

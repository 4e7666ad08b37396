import type { MessageView } from './model.ts';

/**
 * Stream columns, as pure predicates, so the live view, the archive and the tests agree.
 * A column is serialised into the URL as `kind` or `kind:value` (e.g. `keyword:pricing`).
 */
export const ColumnKind = {
  all: 'all',
  question: 'question',
  panelists: 'panelists',
  host: 'host',
  featured: 'featured',
  mentions: 'mentions',
  keyword: 'keyword',
  author: 'author',
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

export interface ColumnSpec {
  kind: ColumnKind;
  /** Keyword or author handle for those kinds; a question number for a pinned question column. */
  value?: string;
}

/** What a predicate needs to know about the viewer and the jam right now. */
export interface FilterContext {
  currentQuestion: number | null;
  me: string | null;
}

const kinds = new Set<string>(Object.values(ColumnKind));

export function columnMatches(column: ColumnSpec, message: MessageView, context: FilterContext): boolean {
  if (message.hidden) return false;
  switch (column.kind) {
    case 'all':
      return true;
    case 'question': {
      const n = column.value ? Number(column.value) : context.currentQuestion;
      return n !== null && message.question === n;
    }
    case 'panelists':
      return message.author.role === 'panelist';
    case 'host':
      return message.author.role === 'host';
    case 'featured':
      return message.featured;
    case 'mentions':
      return context.me !== null && mentions(message.text, context.me);
    case 'keyword':
      return !!column.value && message.text.toLocaleLowerCase().includes(column.value.toLocaleLowerCase());
    case 'author':
      return !!column.value && message.author.handle.toLowerCase() === column.value.replace(/^@/, '').toLowerCase();
  }
}

function mentions(text: string, handle: string): boolean {
  const escaped = handle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w@])@${escaped}(?![\\w])`, 'i').test(text);
}

/** The column's heading, in the product's words. */
export function columnTitle(column: ColumnSpec, context: FilterContext): string {
  switch (column.kind) {
    case 'all':
      return 'All';
    case 'question': {
      const n = column.value ?? context.currentQuestion;
      return column.value ? `Q${n}` : n === null ? 'This question' : `This question (Q${n})`;
    }
    case 'panelists':
      return 'Panelists';
    case 'host':
      return 'Host';
    case 'featured':
      return 'Featured';
    case 'mentions':
      return 'Mentions of me';
    case 'keyword':
      return `“${column.value ?? ''}”`;
    case 'author':
      return `@${(column.value ?? '').replace(/^@/, '')}`;
  }
}

export const DEFAULT_COLUMNS: ColumnSpec[] = [{ kind: 'all' }, { kind: 'question' }, { kind: 'panelists' }];

/** `all,question,keyword:pricing` ⇄ column specs. Unknown kinds are dropped, not fatal. */
export function serializeColumns(columns: ColumnSpec[]): string {
  return columns.map((c) => (c.value ? `${c.kind}:${encodeURIComponent(c.value)}` : c.kind)).join(',');
}

export function parseColumns(encoded: string | null | undefined): ColumnSpec[] {
  if (!encoded) return DEFAULT_COLUMNS;
  const columns: ColumnSpec[] = [];
  for (const part of encoded.split(',')) {
    const [kind, ...rest] = part.split(':');
    if (!kind || !kinds.has(kind)) continue;
    const raw = rest.join(':');
    let value: string | undefined;
    try {
      value = raw ? decodeURIComponent(raw) : undefined;
    } catch {
      continue;
    }
    if ((kind === 'keyword' || kind === 'author') && !value) continue;
    columns.push(value ? { kind: kind as ColumnKind, value } : { kind: kind as ColumnKind });
  }
  return columns.length > 0 ? columns : DEFAULT_COLUMNS;
}

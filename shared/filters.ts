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
  /** Not a filter of messages: the audience's questions for the panel, with their votes. */
  audience: 'audience',
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
  /** The author's handle of a message in the stream, so a reply to me counts as a mention of me. */
  authorOf?: (id: string) => string | undefined;
}

/**
 * The Add-column menu, one entry per choice. A new column kind is added in this file only: its
 * name above, one entry here, its predicate and title below; the live page's menu, the URL and the
 * empty texts follow from these.
 */
export interface ColumnChoice {
  /** Unique within the menu (two choices may share a kind, e.g. "This question" and "Question N"). */
  id: string;
  kind: ColumnKind;
  label: string;
  /** What to ask for when the column needs a value. */
  value?: { label: string; placeholder: string; numeric?: boolean };
  /** Shown in an empty column. */
  empty: string;
}

export const COLUMN_CHOICES: ColumnChoice[] = [
  { id: 'all', kind: 'all', label: 'All', empty: 'Nothing here yet.' },
  { id: 'question', kind: 'question', label: 'This question (follows the show)', empty: 'No answers to this question yet.' },
  { id: 'question-n', kind: 'question', label: 'Question N…', value: { label: 'Question number', placeholder: 'e.g. 2', numeric: true }, empty: 'No answers to this question yet.' },
  { id: 'panelists', kind: 'panelists', label: 'Panelists', empty: 'No panelist has posted yet.' },
  { id: 'host', kind: 'host', label: 'Host', empty: 'The host has not posted yet.' },
  { id: 'featured', kind: 'featured', label: 'Featured', empty: 'The host has not featured anything yet.' },
  { id: 'mentions', kind: 'mentions', label: 'Mentions of me', empty: 'Nobody has mentioned or replied to you yet.' },
  { id: 'keyword', kind: 'keyword', label: 'Keyword…', value: { label: 'Keyword', placeholder: 'e.g. pricing' }, empty: 'No message has this word yet.' },
  { id: 'author', kind: 'author', label: 'One person…', value: { label: 'Author handle', placeholder: '@handle' }, empty: 'This person has not posted yet.' },
  { id: 'audience', kind: 'audience', label: 'Audience questions (with votes)', empty: 'No questions from the audience yet.' },
];

/** The menu choice a column came from (for its empty text and the like). */
export function choiceOf(column: ColumnSpec): ColumnChoice {
  const id = column.kind === 'question' && column.value ? 'question-n' : column.kind;
  return COLUMN_CHOICES.find((c) => c.id === id) ?? COLUMN_CHOICES[0]!;
}

/** The column a menu choice and its typed value make, or null when the value is missing or wrong. */
export function columnFromChoice(choice: ColumnChoice, raw: string): ColumnSpec | null {
  if (!choice.value) return { kind: choice.kind };
  let value = raw.trim();
  if (choice.kind === 'author') value = value.replace(/^@/, '');
  if (choice.value.numeric && !/^[1-9]\d{0,1}$/.test(value)) return null;
  return value ? { kind: choice.kind, value } : null;
}

/** The words a keyword column highlights in its messages; empty for other columns. */
export function highlightedWords(column: ColumnSpec): string[] {
  return column.kind === 'keyword' && column.value ? [column.value] : [];
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
    case 'mentions': {
      if (context.me === null || message.author.handle.toLowerCase() === context.me.toLowerCase()) return false;
      const repliedTo = message.replyTo ? context.authorOf?.(message.replyTo) : undefined;
      return mentions(message.text, context.me) || repliedTo?.toLowerCase() === context.me.toLowerCase();
    }
    case 'keyword':
      return !!column.value && message.text.toLocaleLowerCase().includes(column.value.toLocaleLowerCase());
    case 'author':
      return !!column.value && message.author.handle.toLowerCase() === column.value.replace(/^@/, '').toLowerCase();
    case 'audience':
      return false;
  }
}

/** Column kinds that show something other than a filtered stream of messages. */
export const isMessageColumn = (column: ColumnSpec) => column.kind !== 'audience';

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
    case 'audience':
      return 'Audience questions';
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

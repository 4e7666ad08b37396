import { z } from './zod.ts';
import { normalizeHashtag } from './hashtag.ts';
import { hasControlCharacters, hasVisibleText } from './unicode.ts';

/** The fields every input is read through (text, slugs, handles, ids, zones, hashtags): each feature's schemas build on these. */

const noControlCharacters = (text: string) => !hasControlCharacters(text);
const CONTROL_MESSAGE = 'contains a control character (such as U+0000) that no text needs';

/**
 * Every free-text field (names, titles, bios, reasons, questions, messages) is read through this:
 * no control character (U+0000 and friends; tab and line breaks are fine), so both stores take
 * exactly the same text and a refused field is a 400 naming it, never a store error.
 */
export const plainText = (max: number) => z.string().max(max).refine(noControlCharacters, CONTROL_MESSAGE);
/** plainText, trimmed (the limit counts the trimmed text). */
export const trimmed = (max: number) => z.string().trim().max(max).refine(noControlCharacters, CONTROL_MESSAGE);
/** Trimmed text that must show something: zero-width and blank look-alike characters alone are refused. */
export const visibleText = (max: number, message = 'needs some visible text') => trimmed(max).refine(hasVisibleText, message);
export const slugSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1–64 characters');
export const handleSchema = z.string().trim().regex(/^[A-Za-z0-9_]{2,30}$/, '2–30 letters, digits or underscores');
/**
 * The one identity of a handle: what handleSchema reads (trimmed of any whitespace, NBSP included),
 * case-folded as the store compares handles. Limits key on this, never on the raw body, so a padded
 * or re-cased handle is the same account. null when the input is no handle at all.
 */
export function handleKey(raw: unknown): string | null {
  const parsed = handleSchema.safeParse(raw);
  return parsed.success ? parsed.data.toLowerCase() : null;
}
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a nanoid: 8–64 URL-safe characters');
export const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a message id');

export const timeZoneSchema = z.string().trim().refine((tz) => {
  try {
    return Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

export const hashtagSchema = z.string().transform((value, ctx) => {
  const tag = normalizeHashtag(value);
  if (!tag) {
    ctx.addIssue({ code: 'custom', message: 'a hashtag: letters, digits or _, not only digits, up to 49 characters' });
    return z.NEVER;
  }
  return tag;
});


/**
 * Explicit bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). They let a
 * message reorder the text around it (the "Trojan Source" trick: `evil\u202Egpj.exe`), and not every
 * place a message ends up can isolate it: Markdown and CSV exports, the X bridge, a copy-paste.
 * Natural right-to-left text needs none of them; the marks LRM/RLM/ALM stay allowed.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** True when the text carries an explicit bidi control that would be stripped. */
export function hasBidiControls(text: string): boolean {
  return /[\u202A-\u202E\u2066-\u2069]/.test(text);
}

/**
 * A message text as it is stored and counted: NFC, without bidi controls. Zero-width joiners and
 * emoji sequences are kept (X counts a ZWJ sequence as one emoji). Lone surrogates are not
 * repaired here: the caller refuses them, so a broken client learns about it.
 */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(BIDI_CONTROLS, '');
}

/**
 * Control characters no text needs: C0 controls but tab, line feed and carriage return; DEL; C1
 * controls. PostgreSQL cannot store U+0000 at all (SQLite can), and the rest only smuggle terminal
 * escapes into logs and exports, so they are refused at the schema edge for both stores alike.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** True when the text carries a control character that is refused (see CONTROL_CHARACTERS). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** Removes refused control characters, for text that arrives from elsewhere (the X bridge). */
export function withoutControlCharacters(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), '');
}

/**
 * Characters that draw nothing: whitespace, format characters (zero-width space and joiners, soft
 * hyphen, BOM, bidi marks, tags), variation selectors and the blank look-alikes (Hangul fillers,
 * the braille blank) that are used to post "empty" messages.
 */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Cc}\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0\p{Variation_Selector}]/gu;

/** True when the text has at least one character that shows. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

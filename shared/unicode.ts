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

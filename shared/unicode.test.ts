import { describe, expect, it } from 'vitest';
import { hasControlCharacters, hasVisibleText, withoutControlCharacters } from './unicode.ts';

describe('control characters', () => {
  it('refuses NUL, other C0 controls, DEL and C1 controls, but not tabs and line breaks', () => {
    for (const bad of ['\u0000', '\u0001', '\u001b', '\u007f', '\u0080', '\u009f']) expect(hasControlCharacters(`a${bad}b`)).toBe(true);
    expect(hasControlCharacters('line\nbreak\r\n\ttab é 🎉')).toBe(false);
  });

  it('strips them from text that arrives from elsewhere', () => {
    expect(withoutControlCharacters('a\u0000b\u0007c\nd')).toBe('abc\nd');
  });
});

describe('visible text', () => {
  it('counts letters, emoji and marks of real words as visible', () => {
    for (const text of ['a', '🎉', '👨‍👩‍👧', 'שלום', '\u200bx']) expect(hasVisibleText(text)).toBe(true);
  });

  it('counts whitespace, zero-width and blank look-alike characters as nothing', () => {
    for (const text of ['', ' \n\t', '\u00a0\u3000', '\u200b\u200c\u200d\u2060\ufeff', '\u00ad', '\u3164\u115f\u1160\uffa0', '\u2800', '\ufe0f', '\u202e\u2066']) expect(hasVisibleText(text)).toBe(false);
  });
});

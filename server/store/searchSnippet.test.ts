import { describe, expect, it } from 'vitest';
import { searchSnippet } from './searchSnippet.ts';

describe('searchSnippet', () => {
  it('marks whole words for the earlier terms and word beginnings for the last, in any case', () => {
    expect(searchSnippet('Pricing pages: we priced it twice, price matters', ['pricing', 'pri'], false)).toBe('[Pricing] pages: we [priced] it twice, [price] matters');
    expect(searchSnippet('repricing is not pricing', ['pricing'], false)).toBe('repricing is not [pricing]');
    expect(searchSnippet('our pricing page', ['pricing', 'page'], false)).toBe('our [pricing] [page]');
  });

  it('shows at most 16 words: the window holding the most matches, with … where the text goes on', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[25] = 'churn';
    words[27] = 'churned';
    const text = `${words.join(' ')}.`;
    const snippet = searchSnippet(text, ['churn'], false);
    expect(snippet).toBe(`…${words.slice(12, 28).join(' ').replace('churned', '[churned]').replace('churn ', '[churn] ')}…`);
    expect(snippet.replace(/…|\[|\]/g, '').split(' ')).toHaveLength(16);
    // Near the start: the text's own beginning, and the end kept when the window reaches it.
    expect(searchSnippet('churn first, then more', ['churn'], false)).toBe('[churn] first, then more');
    expect(searchSnippet(`${words.slice(0, 20).join(' ')} churn!`, ['churn'], false)).toBe(`…${words.slice(5, 20).join(' ')} [churn]!`);
  });

  it('ignores accents only where the store does (SQLite), and leaves a text without words as it is', () => {
    expect(searchSnippet('un café noir', ['cafe'], true)).toBe('un [café] noir');
    expect(searchSnippet('un café noir', ['cafe'], false)).toBe('un café noir');
    expect(searchSnippet('un café noir', ['café'], false)).toBe('un [café] noir');
    expect(searchSnippet('!!! ???', ['x'], false)).toBe('!!! ???');
  });
});

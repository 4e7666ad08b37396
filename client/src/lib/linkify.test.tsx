// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Linkified } from './linkify.tsx';

describe('message text', () => {
  afterEach(cleanup);

  it('links web addresses and renders markup as plain text', () => {
    const { container } = render(<Linkified text={'see example.com/guide <b>bold</b> javascript:alert(1)'} />);
    const links = container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('http://example.com/guide');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<b>bold</b> javascript:alert(1)');
  });

  it("marks a keyword column's word wherever it appears, whatever its case, links untouched", () => {
    const { container } = render(<Linkified text={'Pricing pages, pricing tiers and pricing.example.com: PRICING!'} words={['pricing']} />);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['Pricing', 'pricing', 'PRICING']);
    expect(container.querySelector('a')?.textContent).toBe('pricing.example.com');
  });
});

// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digest, mockFetch } from '../test/reportFixtures.ts';
import Digest from './Digest.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Digest page', () => {
  it('shows each question with its featured answers and busiest threads', async () => {
    mockFetch({ '/api/jams/cx-2026-03-10/digest.json': { body: digest } });
    render(<Digest slug="cx-2026-03-10" />);
    const q1 = within(await screen.findByRole('region', { name: 'Q1: What does fair pricing look like?' }));
    expect(q1.getByText('Featured by the hosts')).toBeTruthy();
    expect(q1.getByText('A1: predictable and explained')).toBeTruthy();
    expect(q1.getByText(/2 replies from 2 people/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Q2: Who should own pricing changes?' })).getByText('No answers.')).toBeTruthy();
    expect(screen.getByText(/about 1 min to read/)).toBeTruthy();
  });

  it('tells a reader the digest comes after the jam ends', async () => {
    mockFetch({ '/api/jams/live-one/digest.json': { status: 409, body: { error: { code: 'conflict', message: 'the digest is ready once the jam ends (it is live)' } } } });
    render(<Digest slug="live-one" />);
    expect((await screen.findByRole('status')).textContent).toContain('ready once the jam ends');
    expect(screen.getByRole('link', { name: 'Follow the jam live' }).getAttribute('href')).toBe('/jams/live-one');
  });
});

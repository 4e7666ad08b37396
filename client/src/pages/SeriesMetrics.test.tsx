// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { metrics, mockFetch } from '../test/reportFixtures.ts';
import { charts, FakePlot } from '../test/uplotMock.ts';
import SeriesMetrics from './SeriesMetrics.tsx';

vi.mock('uplot', () => ({ default: FakePlot }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  charts.length = 0;
});

describe('SeriesMetrics page', () => {
  it('charts months with active, new, returning and viewers, and tables them', async () => {
    mockFetch({ '/api/series/cx/metrics.json': { body: metrics } });
    render(<SeriesMetrics slug="cx" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Community metrics: CX chat' })).toBeTruthy();
    // uPlot is created in an effect, which may run after the heading is on screen.
    const monthly = await waitFor(() => charts.find((c) => c.title === 'Participants and viewers per month') ?? Promise.reject(new Error('no chart yet')));
    expect(monthly.labels).toEqual(['Month', 'Active', 'New', 'Returning', 'Unique viewers']);
    expect(monthly.data.slice(1)).toEqual([
      [4, 3],
      [4, 1],
      [0, 2],
      [4, 1],
    ]);
    const table = screen.getByRole('table', { name: 'Participants and viewers per month' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    // A monthly axis: one tick per month, at the month, labelled as a month.
    const x = monthly.data[0] as number[];
    expect(monthly.xAxis?.splits?.()).toEqual(x);
    expect(monthly.xAxis?.values?.(null, x)).toEqual(x.map((s) => new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(s * 1000))));
    expect(monthly.xAxis?.values?.(null, x)[0]).toMatch(/^[A-Z][a-z]{2} \d{4}$/);
  });

  it('shows retention per jam and the super users', async () => {
    mockFetch({ '/api/series/cx/metrics.json': { body: metrics } });
    render(<SeriesMetrics slug="cx" />);
    const perJam = within(await screen.findByRole('region', { name: 'Per jam' }));
    expect(within(perJam.getByRole('row', { name: /Jam A/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '3', '0', '33%']);
    expect(within(perJam.getByRole('row', { name: /Jam C/ })).getAllByRole('cell').at(-1)!.textContent).toBe('—');
    const supers = within(screen.getByRole('region', { name: 'Super users' }));
    expect(within(supers.getByRole('row', { name: /@cat/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '100%', '6']);
    expect(screen.getByRole('link', { name: 'metrics.csv' }).getAttribute('href')).toBe('/api/series/cx/metrics.csv?download');
  });
});

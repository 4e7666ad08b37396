// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch, report } from '../test/reportFixtures.ts';
import { charts, FakePlot } from '../test/uplotMock.ts';
import JamReport from './JamReport.tsx';

vi.mock('uplot', () => ({ default: FakePlot }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  charts.length = 0;
});

describe('JamReport page', () => {
  it('shows the headline figures, the question table and the panelist grid', async () => {
    const fetchMock = mockFetch({ '/api/jams/cx-2026-03-10/report.json': { body: report } });
    render(<JamReport slug="cx-2026-03-10" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Report: Pricing in public' })).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith('/api/jams/cx-2026-03-10/report.json', expect.anything());

    const glance = within(screen.getByRole('region', { name: 'At a glance' }));
    expect(glance.getByText('Estimated reach').previousElementSibling?.textContent).toBe('10');
    expect(glance.getByText('Lurker peak').previousElementSibling?.textContent).toBe('3');

    const questions = within(screen.getByRole('region', { name: 'Questions' }));
    const q1 = questions.getByRole('row', { name: /Q1: What does fair pricing/ });
    expect(within(q1).getAllByRole('cell').map((c) => c.textContent)).toEqual(['7', '2', '6', '83%']);

    const grid = within(screen.getByRole('region', { name: 'Panelists × questions' }));
    expect(within(grid.getByRole('row', { name: /@ben/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '–', '1/2']);
  });

  it('draws the timeline with uPlot and lists the same numbers in a table', async () => {
    mockFetch({ '/api/jams/cx-2026-03-10/report.json': { body: report } });
    render(<JamReport slug="cx-2026-03-10" />);
    const table = await screen.findByRole('table', { name: 'Messages per minute' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    // uPlot is created in an effect, which may run after the table is on screen.
    const timeline = await waitFor(() => charts.find((c) => c.title === 'Messages per minute') ?? Promise.reject(new Error('no chart yet')));
    expect(timeline.labels).toEqual(['Minute', 'Messages']);
    expect(timeline.data[1]).toEqual([1, 2, 2]);
    expect(timeline.data[0]![1]).toBe(Date.parse('2026-03-10T15:01:00Z') / 1000);
    const viewers = await waitFor(() => charts.find((c) => c.title === 'Concurrent viewers per minute') ?? Promise.reject(new Error('no chart yet')));
    expect(viewers.data.slice(1)).toEqual([
      [4, 6],
      [2, 3],
    ]);
  });

  it("an unknown jam's report is a 'not found' page with a way back", async () => {
    mockFetch({});
    render(<JamReport slug="nope" />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Jam not found');
    expect(screen.getByRole('link', { name: 'Go to the home page' }).getAttribute('href')).toBe('/');
  });
});

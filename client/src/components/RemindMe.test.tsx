// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RemindMe } from './RemindMe.tsx';

const NOW = Date.parse('2026-03-10T14:00:00Z');
const jam = { slug: 'cx-2026-03-10', title: 'Pricing in public', startsAt: '2026-03-10T15:00:00.000Z', hashtag: '#cxchat' };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(NOW);
  localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('RemindMe', () => {
  it('notifies through the Notification API ten minutes before the start once allowed', async () => {
    const shown: string[] = [];
    const FakeNotification = Object.assign(
      vi.fn(function (this: unknown, title: string) {
        shown.push(title);
      }),
      { permission: 'default', requestPermission: vi.fn(async () => ((FakeNotification.permission = 'granted'), 'granted')) },
    );
    vi.stubGlobal('Notification', FakeNotification);
    render(<RemindMe jam={jam} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remind me' })));
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
    expect(screen.getByRole('status').textContent).toContain('notify you 10 minutes before');

    await act(async () => vi.advanceTimersByTime(49 * 60_000));
    expect(shown).toEqual([]);
    await act(async () => vi.advanceTimersByTime(60_000));
    expect(shown).toEqual(['#cxchat “Pricing in public” starts in 10 minutes']);
    expect(localStorage.getItem('tj:reminders')).toBe('{}');
  });

  it('falls back to an in-page toast without notification permission, and survives a reload', async () => {
    vi.stubGlobal('Notification', undefined);
    const first = render(<RemindMe jam={jam} minutesBefore={5} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remind me' })));
    expect(screen.getByRole('status').textContent).toContain('remind you here 5 minutes before');
    first.unmount();

    render(<RemindMe jam={jam} minutesBefore={5} />);
    expect(screen.getByRole('button', { name: 'Cancel reminder' }).getAttribute('aria-pressed')).toBe('true');
    await act(async () => vi.advanceTimersByTime(55 * 60_000));
    expect(screen.getByRole('alert').textContent).toContain('starts in 5 minutes');
    expect(screen.getByRole('link', { name: 'Go to the jam' }).getAttribute('href')).toBe('/jams/cx-2026-03-10');
  });

  it('cancels a reminder, and offers the calendar file', async () => {
    vi.stubGlobal('Notification', undefined);
    render(<RemindMe jam={jam} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remind me' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel reminder' })));
    await act(async () => vi.advanceTimersByTime(60 * 60_000));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('link', { name: 'Add to calendar' }).getAttribute('href')).toBe('/api/jams/cx-2026-03-10/calendar.ics');
  });
});

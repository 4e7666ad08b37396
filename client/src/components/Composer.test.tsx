// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../store/index.ts';
import { liveJam } from '../testing/fixtures.ts';
import Composer from './Composer.tsx';

const realtime = vi.hoisted(() => ({ sendPost: vi.fn(), retryPost: vi.fn() }));
vi.mock('../api/realtime.ts', () => realtime);

describe('the composer', () => {
  beforeEach(() => {
    // The outbox persists per jam in the browser; each test starts with none.
    localStorage.clear();
    useStore.getState().closeJam();
    useStore.getState().openJam(liveJam(), null);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    realtime.sendPost.mockReset();
    realtime.retryPost.mockReset();
  });

  it('shows exactly what will be posted, with the hashtag and characters left as X counts them', () => {
    render(<Composer />);
    fireEvent.change(screen.getByLabelText('Your post'), { target: { value: '你好' } });
    expect(screen.getByText('你好 #chat')).toBeTruthy();
    // Eight characters, but X weighs each CJK character as two: 10 counted, 270 left.
    expect(screen.getByText('270 characters left')).toBeTruthy();
  });

  it('prefixes the current question in one click, replacing another answer prefix', () => {
    render(<Composer />);
    const box = screen.getByLabelText('Your post') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'A2: tickets are research' } });
    fireEvent.click(screen.getByRole('button', { name: /Prefix with A1:/ }));
    expect(box.value).toBe('A1: tickets are research');
    expect(screen.getByText('answers Q1')).toBeTruthy();
  });

  it('sends on Enter with the previewed text and clears the box', () => {
    render(<Composer />);
    const box = screen.getByLabelText('Your post') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'A1: yes' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(realtime.sendPost).toHaveBeenCalledWith('A1: yes', 'A1: yes #chat', null);
    expect(box.value).toBe('');
  });

  it('refuses a post over 280 characters', () => {
    render(<Composer />);
    fireEvent.change(screen.getByLabelText('Your post'), { target: { value: 'x'.repeat(280) } });
    expect((screen.getByRole('button', { name: 'Post' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('-6 characters left')).toBeTruthy();
  });

  it('asks to accept the rules, then retries the same post', async () => {
    const fetchMock = vi.fn(async () => new Response('{"accepted":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    useStore.getState().queuePost({ clientId: 'client-rules-1', text: 'hi', display: 'hi #chat', replyTo: null, state: 'needs-rules', attempts: 1, error: { code: 'forbidden', field: 'rules', message: 'accept first' } });
    render(<Composer />);
    expect(screen.getByText('Be kind.')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Accept the rules and send' }));
    });
    expect(fetchMock).toHaveBeenCalledWith('/api/series/chat/rules/accept', expect.objectContaining({ method: 'POST' }));
    expect(realtime.retryPost).toHaveBeenCalledWith('client-rules-1');
  });

  it('shows the series rules on first focus, before any post, while they are not accepted', () => {
    useStore.getState().setViewer({ role: 'participant', acceptedRules: false } as never);
    render(<Composer />);
    expect(screen.queryByText(/Before your first post/)).toBeNull();
    fireEvent.focus(screen.getByLabelText('Your post'));
    expect(screen.getByText(/Before your first post/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'I accept the rules' })).toBeTruthy();
  });

  it('announces the character count only at thresholds: 20 left, none left, over', () => {
    render(<Composer />);
    const box = screen.getByLabelText('Your post');
    const region = screen.getByTestId('count-announcer');
    const said: string[] = [];
    // "#chat" and its space take 6 of the 280.
    for (const length of [10, 200, 250, 255, 256, 260, 270, 274, 275]) {
      fireEvent.change(box, { target: { value: 'x'.repeat(length) } });
      if (said[said.length - 1] !== region.textContent) said.push(region.textContent ?? '');
    }
    expect(said).toEqual(['', '20 characters or fewer left', 'No characters left', 'Too long: over the limit']);
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByText('-1 characters left').getAttribute('aria-live')).toBeNull();
  });
});

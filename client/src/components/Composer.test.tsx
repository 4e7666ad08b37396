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
});

import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/model.ts';
import { computeDigest, digestMarkdown } from './digest.ts';
import { fixtureJam, fixtureMessages } from './fixture.ts';

const digest = computeDigest(fixtureJam, fixtureMessages);

describe('catch-up digest on the fixture transcript', () => {
  it('shows featured answers for a question that has them, else the most boosted', () => {
    const [q1, q2] = digest.questions;
    expect(q1).toMatchObject({ n: 1, messages: 7, pickedBy: 'featured' });
    expect(q1!.highlights.map((h) => h.id)).toEqual(['msg00002']);
    expect(q2).toMatchObject({ n: 2, messages: 5, pickedBy: 'boosts' });
    expect(q2!.highlights.map((h) => [h.id, h.boosts])).toEqual([
      ['msg00011', 4],
      ['msg00010', 1],
    ]);
  });

  it('lists the busiest threads with their replies and people', () => {
    expect(digest.questions[0]!.threads.map((t) => [t.root.id, t.replies, t.participants])).toEqual([['msg00004', 2, 2]]);
    // Q2's only thread starts at a highlighted message: it is not shown twice.
    expect(digest.questions[1]!.threads).toEqual([]);
  });

  it('includes only visible messages, even a hidden one that was featured and boosted most', () => {
    const ids = digest.questions.flatMap((q) => [...q.highlights, ...q.threads.map((t) => t.root)].map((i) => i.id));
    expect(ids).not.toContain('msg00008');
    expect(digestMarkdown(digest, 'https://tj.example')).not.toContain('message 8 ');
    expect(digest.stats).toEqual({ messages: 12, participants: 7, questions: 2 });
  });

  it('reads in two minutes or less, trimming threads first when a jam is long', () => {
    expect(digest.readingMinutes).toBe(1);
    const long = 'word '.repeat(60).trim();
    const many: MessageView[] = Array.from({ length: 40 }, (_, i) => ({
      ...fixtureMessages[1]!,
      id: `long${String(i).padStart(5, '0')}`,
      seq: 100 + i,
      text: long,
      featured: true,
      question: (i % 2) + 1,
      replyTo: i >= 2 ? `long${String(i - 2).padStart(5, '0')}` : null,
    }));
    const trimmed = computeDigest(fixtureJam, many);
    expect(trimmed.readingMinutes).toBeLessThanOrEqual(2);
    expect(trimmed.questions.every((q) => q.highlights.length >= 1)).toBe(true);
  });

  it('renders markdown with each question, its highlights and permalinks', () => {
    const md = digestMarkdown(digest, 'https://tj.example');
    expect(md).toContain('## Q1: What does fair pricing look like?');
    expect(md).toContain('- **@ana**: A1: message 2 from ana #cxchat ★ · 3 boosts ([link](https://tj.example/jams/cx-2026-03-10/m/msg00002))');
    expect(md).toContain('— 2 replies from 2 people');
  });
});

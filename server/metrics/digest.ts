import type { JamView, MessageView, TranscriptThread } from '../../shared/model.ts';
import type { Digest, DigestItem, DigestQuestion, DigestThread } from '../../shared/reports.ts';
import { buildTranscript } from '../archive/transcript.ts';
import { escapeMarkdown } from '../archive/markdown.ts';
import { keyOf, jamRef } from './people.ts';

const HIGHLIGHTS = 3;
const THREADS = 2;
/** About two minutes of reading at 200 words a minute. */
const WORD_BUDGET = 400;
const WORDS_PER_MINUTE = 200;

const item = (m: MessageView): DigestItem => ({ id: m.id, author: m.author, text: m.text, boosts: m.boosts, featured: m.featured, permalink: m.permalink });
const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

function flatten(thread: TranscriptThread): MessageView[] {
  return [thread.message, ...thread.replies.flatMap(flatten)];
}

/**
 * The catch-up digest: per question, the host-featured answers (or, when none, the most boosted),
 * and the busiest threads not already highlighted. Built from the transcript, so hidden messages never appear. When it
 * would take more than two minutes to read, threads and then extra highlights are dropped.
 */
export function computeDigest(jam: JamView, messages: MessageView[]): Digest {
  const transcript = buildTranscript(jam, messages, new Date(0));
  const questions: DigestQuestion[] = transcript.sections.flatMap((section) => {
    if (!section.question) return [];
    const all = section.threads.flatMap(flatten);
    const featured = all.filter((m) => m.featured);
    const boosted = all.filter((m) => m.boosts > 0);
    const pickedBy: DigestQuestion['pickedBy'] = featured.length ? 'featured' : boosted.length ? 'boosts' : 'none';
    const highlights = (featured.length ? featured : boosted).sort((a, b) => b.boosts - a.boosts || a.seq - b.seq).slice(0, HIGHLIGHTS).map(item);
    const threads: DigestThread[] = section.threads
      .map((t) => ({ thread: t, all: flatten(t) }))
      // A highlighted root is already shown; its thread gives way to the next busiest.
      .filter(({ thread, all: inThread }) => inThread.length > 1 && !highlights.some((h) => h.id === thread.message.id))
      .sort((a, b) => b.all.length - a.all.length || a.thread.message.seq - b.thread.message.seq)
      .slice(0, THREADS)
      .map(({ thread, all: inThread }) => ({ root: item(thread.message), replies: inThread.length - 1, participants: new Set(inThread.map(keyOf)).size }));
    return [{ n: section.question.n, text: section.question.text, messages: all.length, pickedBy, highlights, threads }];
  });

  const count = () => questions.reduce((sum, q) => sum + wordsIn(q.text) + [...q.highlights, ...q.threads.map((t) => t.root)].reduce((s, i) => s + wordsIn(i.text), 0), 0);
  // Trim from the least essential end: second threads, first threads, then highlights beyond one.
  for (const keep of [1, 0]) if (count() > WORD_BUDGET) questions.forEach((q) => (q.threads = q.threads.slice(0, keep)));
  for (const keep of [2, 1]) if (count() > WORD_BUDGET) questions.forEach((q) => (q.highlights = q.highlights.slice(0, keep)));

  const words = count();
  const visibleMessages = transcript.sections.flatMap((s) => s.threads.flatMap(flatten));
  return {
    jam: jamRef(jam),
    stats: { messages: transcript.messageCount, participants: new Set(visibleMessages.map(keyOf)).size, questions: jam.questions.length },
    questions,
    words,
    readingMinutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)),
  };
}

export function digestMarkdown(digest: Digest, origin: string): string {
  const { jam } = digest;
  const out = [
    `# Catch-up: ${escapeMarkdown(jam.title)}`,
    '',
    `${escapeMarkdown(jam.series.hashtag)} · ${digest.stats.messages} messages from ${digest.stats.participants} people · about ${digest.readingMinutes} min to read`,
    '',
    `Full transcript: ${origin}/jams/${jam.slug}`,
  ];
  const line = (i: DigestItem, extra: string) => `- **@${escapeMarkdown(i.author.handle)}**: ${escapeMarkdown(i.text)}${extra} ([link](${origin}${i.permalink}))`;
  for (const q of digest.questions) {
    out.push('', `## Q${q.n}: ${escapeMarkdown(q.text)}`, '');
    if (q.highlights.length === 0 && q.threads.length === 0) out.push(q.messages ? `_${q.messages} messages; nothing featured or boosted._` : '_No answers._');
    for (const h of q.highlights) out.push(line(h, `${h.featured ? ' ★' : ''}${h.boosts ? ` · ${h.boosts} boost${h.boosts === 1 ? '' : 's'}` : ''}`));
    if (q.threads.length) out.push('', 'Busiest threads:', '');
    for (const t of q.threads) out.push(line(t.root, ` — ${t.replies} repl${t.replies === 1 ? 'y' : 'ies'} from ${t.participants} ${t.participants === 1 ? 'person' : 'people'}`));
  }
  return out.join('\n') + '\n';
}

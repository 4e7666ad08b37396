import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import type { MessageView } from '../../shared/model.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';
import type { DemoCrowd } from './crowd.ts';
import { DEMO_HOST, LIVE, LIVE_LINES, PANELISTS, PARTICIPANTS, VOICES, WELCOMES } from './script.ts';

const MINUTE = 60_000;
const DEMO_HANDLES = new Set([DEMO_HOST, ...PANELISTS, ...PARTICIPANTS].map((p) => p.handle));

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A few words of a message, without its answer prefix and hashtag, to quote in a reply. */
export function quoteOf(text: string, words = 7): string {
  // A reply's own words, not the mention and quote it opened with (no quotes within quotes).
  const bare = text
    .replace(/^\s*[AQ]\d{1,2}\s*[:.)\-–—]\s*/i, '')
    .replace(/^(@\w+\s+)+/u, '')
    .replace(/^“[^”]*”\s*/u, '')
    .replace(/\s*#\w+\s*$/u, '')
    .trim();
  const all = bare.split(/\s+/);
  return all.length <= words ? bare : `${all.slice(0, words).join(' ')}…`;
}

/**
 * Simulated panelists and participants in the live jam, and a host who posts each question.
 * Each answer is said once per jam, in its speaker's voice; replies quote what they answer and
 * name its author; a real newcomer who posts gets a reply from someone in the room. Everyone who
 * posts is in the room (see DemoCrowd), so presence shows them online while they post.
 */
export class LiveSimulator {
  #timer: NodeJS.Timeout | undefined;
  #off: (() => void)[] = [];
  #slug = '';
  #recent: MessageView[] = [];
  #said = new Set<string>();
  #used = new Set<string>();
  /** Every line posted in this jam: nobody in the room repeats one word for word. */
  #texts = new Set<string>();
  #turn = 0;

  constructor(
    private readonly services: Services,
    private readonly people: Map<string, UserRow>,
    private readonly crowd: DemoCrowd | null,
    private readonly log: Logger,
    /** Milliseconds between posts, at least and at most (tests run the room faster). */
    private readonly pace: [number, number] = [3000, 8000],
  ) {}

  async start(): Promise<void> {
    await this.enter(await this.ensureLiveJam());
    const { events } = this.services.deps;
    this.#off.push(
      events.on('question:released', ({ jamSlug, question }) => {
        if (jamSlug === this.#slug) void this.say(DEMO_HOST.handle, `Q${question.n}: ${question.text}`);
      }),
      events.on('jam:updated', ({ jamSlug, reason }) => {
        if (jamSlug === this.#slug && reason === 'ended') setTimeout(() => void this.ensureLiveJam().then((slug) => this.enter(slug)), 30_000).unref();
      }),
      events.on('message:created', ({ jamSlug, message }) => {
        if (jamSlug !== this.#slug) return;
        this.#recent = [message, ...this.#recent].slice(0, 16);
        // Someone real joined in: a person in the room answers them, by name, within seconds.
        if (!DEMO_HANDLES.has(message.author.handle)) setTimeout(() => void this.answerNewcomer(message), 4000 + Math.random() * 5000).unref();
      }),
    );
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#off.forEach((off) => off());
  }

  private async enter(slug: string): Promise<void> {
    this.#slug = slug;
    this.#said.clear();
    this.#used.clear();
    this.#texts.clear();
    this.#recent = [];
    this.crowd?.watch(slug);
    // The host and panelists are in the room from the start, as they would be.
    for (const handle of [DEMO_HOST.handle, ...PANELISTS.map((p) => p.handle)]) await this.arrive(handle);
  }

  private async arrive(handle: string): Promise<void> {
    if (!this.crowd) return;
    const { token } = await this.services.accounts.openSession(this.people.get(handle)!);
    this.crowd.arrive(handle, token);
  }

  /** The series' live jam, or a new one that started seven minutes ago (Q2 is about to drop). */
  private async ensureLiveJam(): Promise<string> {
    const live = await this.services.jams.list({ seriesSlug: 'cxjam', status: 'live', limit: 1 });
    if (live[0]) return live[0].slug;
    const now = this.services.deps.clock.now();
    const jam = await this.services.jams.create(this.people.get(DEMO_HOST.handle)!, 'cxjam', {
      title: LIVE.title,
      description: LIVE.description,
      startsAt: new Date(now.getTime() - 7 * MINUTE).toISOString(),
      durationMin: 60,
      questions: LIVE.questions.map((text, i) => ({ text, offsetMin: i * 8 })),
      panelists: PANELISTS.map((p) => p.handle),
    });
    return jam.slug;
  }

  private schedule(): void {
    const [least, most] = this.pace;
    this.#timer = setTimeout(() => void this.step().finally(() => this.schedule()), least + Math.random() * (most - least));
    this.#timer.unref();
  }

  private async step(): Promise<void> {
    const view = await this.services.jams.view(this.#slug, null).catch(() => null);
    const n = view?.show.currentQuestion;
    if (!view || view.show.status !== 'live' || !n) return;
    const turn = this.#turn++;
    const who = pick(turn % 3 !== 2 ? PANELISTS : PARTICIPANTS).handle;
    const answer = this.answerFor(n, who);
    const replied = (turn % 4 === 3 || !answer) && (await this.reply(who));
    if (!replied && answer) await this.say(who, answer);
    if (turn % 4 === 1 && this.#recent[1]) {
      const fan = PARTICIPANTS[turn % PARTICIPANTS.length]!.handle;
      await this.services.boosts.boost(this.people.get(fan)!, this.#slug, this.#recent[1].id, true).catch(() => {});
    }
  }

  /** An answer to question n not yet given in this jam, in the speaker's voice; null when all are given. */
  private answerFor(n: number, handle: string): string | null {
    const lines = (LIVE_LINES[n - 1] ?? []).filter((line) => !this.#used.has(`${n}:${line}`));
    if (lines.length === 0) return null;
    const line = pick(lines);
    this.#used.add(`${n}:${line}`);
    const opener = pick(VOICES[handle]?.openers ?? ['']);
    // "Operationally: it answers…" reads on; "Honestly? It answers…" starts a new sentence.
    const joined = /[:,]\s$/.test(opener) ? line[0]!.toLowerCase() + line.slice(1) : line;
    return `A${n}: ${opener}${joined}`;
  }

  /** A reply that quotes what it answers and names its author; false when nothing fits. */
  private async reply(handle: string): Promise<boolean> {
    const fits = (m: MessageView) => m.author.handle !== handle && !/^Q\d/.test(m.text) && !this.#said.has(`${handle}>${m.id}`);
    // Mostly answers get replies; now and then a reply does, as side conversations go.
    const parent = this.#recent.find((m) => fits(m) && (!m.replyTo || Math.random() < 0.25)) ?? this.#recent.find(fits);
    if (!parent) return false;
    this.#said.add(`${handle}>${parent.id}`);
    // Replies to replies quote only a short reaction, so the same words can come round again.
    const opening = `@${parent.author.handle} “${quoteOf(parent.text)}” `;
    const reactions = (VOICES[handle]?.reactions ?? ['Agreed.']).filter((r) => !this.#texts.has(opening + r));
    if (reactions.length === 0) return false;
    return this.say(handle, opening + pick(reactions), parent.id);
  }

  private async answerNewcomer(message: MessageView): Promise<void> {
    const first = this.#recent.filter((m) => m.author.handle === message.author.handle).length <= 1;
    if (first) {
      await this.say(DEMO_HOST.handle, `@${message.author.handle} ${pick(WELCOMES).replace('{n}', String(message.question ?? 1))}`, message.id);
      return;
    }
    const who = pick(PARTICIPANTS).handle;
    await this.say(who, `@${message.author.handle} “${quoteOf(message.text)}” ${pick(VOICES[who]!.reactions)}`, message.id);
  }

  /** Posts as a demo person; false when that exact line was already said in this jam. */
  private async say(handle: string, text: string, replyTo?: string): Promise<boolean> {
    if (this.#texts.has(text)) return false;
    this.#texts.add(text);
    // Whoever posts is in the room first, so presence shows them online while they post.
    await this.arrive(handle).catch(() => undefined);
    try {
      await this.services.posting.post(this.people.get(handle)!, this.#slug, { clientId: nanoid(), text, replyTo: replyTo ?? null });
      return true;
    } catch (error) {
      this.log.warn({ err: error, handle }, 'demo post refused');
      return false;
    }
  }
}

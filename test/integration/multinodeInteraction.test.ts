import { nanoid } from 'nanoid';
import { expect, it } from 'vitest';
import type { AudienceQuestionView, PollView } from '../../shared/interaction.ts';
import { ApiClient, until } from '../support/harness.ts';
import { twoNodes } from '../support/cluster.ts';
import { describeWithServices } from '../support/services.ts';

/**
 * Two server processes behind one PostgreSQL and one Redis count the same upvotes and poll ballots
 * exactly, and read the same archive after moderation on either.
 */

describeWithServices(['postgres', 'redis'], 'audience interaction across two nodes', () => {
  const nodes = twoNodes();
  const sockets = nodes.sockets;

  /** A lurker's socket on a node, keeping the highest version of every question and poll it hears of. */
  async function watcher(url: string, slug: string) {
    const socket = await new ApiClient(url).connect();
    sockets.push(socket);
    const questions = new Map<string, AudienceQuestionView>();
    const polls = new Map<string, PollView>();
    socket.on('audience:updated', (q) => (questions.get(q.id)?.version ?? -1) < q.version && questions.set(q.id, q));
    socket.on('poll:updated', (p) => (polls.get(p.id)?.version ?? -1) < p.version && polls.set(p.id, p));
    await socket.emitWithAck('jam:join', { slug });
    return { questions, polls };
  }

  it('concurrent upvotes, un-votes and ballots through both nodes: every node and every viewer ends on the exact counts', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const onA = await watcher(nodes.a.url, jam.slug);
    const onB = await watcher(nodes.b.url, jam.slug);

    const asker = await new ApiClient(nodes.a.url).signUp();
    const question = (await asker.post<{ question: AudienceQuestionView }>(`/api/jams/${jam.slug}/audience`, { clientId: nanoid(), text: 'What is the one metric you would keep?' })).body.question;
    const poll = (await host.post<{ poll: PollView }>(`/api/jams/${jam.slug}/polls`, { clientId: nanoid(), text: 'Pick one', options: ['Red', 'Green', 'Blue'], results: 'live' })).body.poll;

    // 24 people, half signed up through each node; each acts through the other node too.
    const people = await Promise.all(Array.from({ length: 24 }, (_, i) => new ApiClient(i % 2 ? nodes.b.url : nodes.a.url).signUp()));
    const through = (person: ApiClient, i: number) => Object.assign(new ApiClient(i % 3 === 0 ? nodes.a.url : nodes.b.url), { token: person.token });
    await Promise.all(
      people.map(async (person, i) => {
        const client = through(person, i);
        // Everyone votes twice (the second is a no-op) and casts a ballot, then a third change their mind.
        await Promise.all([client.post(`/api/jams/${jam.slug}/audience/${question.id}/vote`, { voted: true }), through(person, i + 1).post(`/api/jams/${jam.slug}/audience/${question.id}/vote`, { voted: true })]);
        await client.post(`/api/jams/${jam.slug}/polls/${poll.id}/vote`, { option: i % 3 });
        if (i % 3 === 0) {
          await through(person, i + 1).post(`/api/jams/${jam.slug}/audience/${question.id}/vote`, { voted: false });
          await through(person, i + 2).post(`/api/jams/${jam.slug}/polls/${poll.id}/vote`, { option: 2 });
        }
      }),
    );
    // 24 votes, 8 withdrawn; ballots: 8 chose Red then Blue, 8 Green, 8 Blue.
    const votes = 16;
    const ballots = [0, 8, 16];
    const versions: number[] = [];
    for (const url of [nodes.a.url, nodes.b.url]) {
      const listed = await new ApiClient(url).get<{ questions: AudienceQuestionView[] }>(`/api/jams/${jam.slug}/audience`);
      expect(listed.body.questions[0]!.votes).toBe(votes);
      versions.push(listed.body.questions[0]!.version);
      const polls = await new ApiClient(url).get<{ polls: PollView[] }>(`/api/jams/${jam.slug}/polls`);
      expect(polls.body.polls[0]!.options.map((o) => o.votes)).toEqual(ballots);
    }
    expect(versions[0]).toBe(versions[1]);
    // Wait for the last version, not the count: an earlier version can hold the same count
    // (a vote and a withdrawal still on their way), and the viewers must end on the last one.
    for (const seen of [onA, onB]) {
      await until(async () => (seen.questions.get(question.id)?.version ?? -1) >= versions[0]! && seen.polls.get(poll.id)?.options.map((o) => o.votes).join() === ballots.join(), 10_000);
      expect(seen.questions.get(question.id)).toMatchObject({ votes, version: versions[0] });
    }
  }, 60_000);

  it('a message hidden through one node leaves the archive every node keeps in memory', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const kept = (await host.postMessage(jam.slug, 'A1: this one stays')).body.message;
    const hidden = (await host.postMessage(jam.slug, 'A1: this one goes')).body.message;
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);
    // Node B reads the ended jam, and from then on answers from memory.
    const reader = new ApiClient(nodes.b.url);
    const texts = async (format: 'json' | 'rows') => {
      const res = format === 'json' ? await reader.get<{ questions: { messages: { id: string }[] }[] }>(`/api/jams/${jam.slug}/transcript.json`) : await reader.get<{ rows: { kind: string; message?: { id: string } }[] }>(`/api/jams/${jam.slug}/transcript/rows`);
      return JSON.stringify(res.body);
    };
    expect(await texts('json')).toContain(hidden.id);
    expect(await texts('rows')).toContain(hidden.id);
    expect((await host.post(`/api/jams/${jam.slug}/messages/${hidden.id}/moderation`, { action: 'hide' })).status).toBe(200);
    await until(async () => !(await texts('json')).includes(hidden.id) && !(await texts('rows')).includes(hidden.id), 10_000);
    expect(await texts('json')).toContain(kept.id);
  }, 60_000);
});

import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnansweredQueue } from '../../shared/interaction.ts';
import type { JamReport } from '../../shared/reports.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

/** The not-yet-answered queue for the team, the acknowledgement share in the report, and the audience in every export. */

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function live() {
  const host = await new ApiClient(server.url).signUp();
  const panelist = await new ApiClient(server.url).signUp();
  const series = await host.createSeries();
  const jam = await host.createJam(series.slug, { live: true, panelists: [panelist.user!.handle] });
  const people = await Promise.all([1, 2, 3].map(() => new ApiClient(server.url).signUp()));
  return { host, panelist, jam, people };
}

const queue = (client: ApiClient, slug: string) => client.get<UnansweredQueue>(`/api/jams/${slug}/unanswered`);
const ids = (q: UnansweredQueue) => q.groups.map((g) => [g.question, g.messages.map((m) => m.text.split(' #')[0])]);

describe('the not-yet-answered queue', () => {
  it('lists participants’ messages nobody on the team replied to, boosted or featured, per question, oldest first', async () => {
    const { host, panelist, jam, people } = await live();
    const [alice, bob, carol] = people as [ApiClient, ApiClient, ApiClient];
    const a1 = (await alice.postMessage(jam.slug, 'A1: first from alice')).body.message;
    const b1 = (await bob.postMessage(jam.slug, 'A1: then bob')).body.message;
    const c1 = (await carol.postMessage(jam.slug, 'A1: carol too')).body.message;
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await alice.postMessage(jam.slug, 'A2: alice on two');
    await panelist.postMessage(jam.slug, 'A2: a panelist never waits in the queue');
    // A participant replying does not acknowledge anyone.
    await bob.postMessage(jam.slug, 'nice one', { replyTo: a1.id });

    expect((await queue(alice, jam.slug)).status).toBe(403);
    const before = (await queue(panelist, jam.slug)).body;
    expect(ids(before)).toEqual([
      [1, ['A1: first from alice', 'A1: then bob', 'A1: carol too', 'nice one']],
      [2, ['A2: alice on two']],
    ]);
    expect(before.total).toBe(5);

    await panelist.postMessage(jam.slug, 'great point', { replyTo: a1.id });
    await host.post(`/api/jams/${jam.slug}/messages/${b1.id}/boost`, { boosted: true });
    await host.post(`/api/jams/${jam.slug}/messages/${c1.id}/moderation`, { action: 'feature' });
    // A boost by a participant is not an acknowledgement by the team.
    const after = (await queue(host, jam.slug)).body;
    expect(ids(after)).toEqual([
      [1, ['nice one']],
      [2, ['A2: alice on two']],
    ]);

    const report = (await host.get<JamReport>(`/api/jams/${jam.slug}/report.json`)).body;
    // alice, bob, carol were each acknowledged within 5 minutes (a reply, a boost, a feature).
    expect(report.interaction!.acknowledgement).toEqual({ participants: 3, acknowledgedWithin5Min: 3, share: 1 });
    const csv = (await host.get<string>(`/api/jams/${jam.slug}/report.csv`)).body;
    expect(csv).toContain('acknowledgement,within 5 min,share,1');
  });

  it('the report counts audience questions, and every export carries them with their votes and answers', async () => {
    const { host, panelist, jam, people } = await live();
    const [alice, bob, carol] = people as [ApiClient, ApiClient, ApiClient];
    const ask = async (who: ApiClient, text: string) => (await who.post<{ question: { id: string } }>(`/api/jams/${jam.slug}/audience`, { clientId: nanoid(), text })).body.question;
    const loved = await ask(alice, 'What would you do with a bigger budget?');
    const other = await ask(bob, 'Is NPS dead?');
    const hidden = await ask(carol, 'Something rude to hide');
    await bob.post(`/api/jams/${jam.slug}/audience/${loved.id}/vote`, { voted: true });
    await carol.post(`/api/jams/${jam.slug}/audience/${loved.id}/vote`, { voted: true });
    await carol.post(`/api/jams/${jam.slug}/audience/${other.id}/vote`, { voted: true });
    await host.post(`/api/jams/${jam.slug}/audience/${hidden.id}/moderation`, { action: 'hide' });
    await host.post(`/api/jams/${jam.slug}/audience/${loved.id}/promote`);
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    const answer = (await panelist.postMessage(jam.slug, 'A2: hire researchers')).body.message;
    await host.post(`/api/jams/${jam.slug}/audience/${loved.id}/moderation`, { action: 'answered', answerIds: [answer.id] });
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' });

    const report = (await host.get<JamReport>(`/api/jams/${jam.slug}/report.json`)).body;
    expect(report.interaction!.audienceQuestions).toEqual({ asked: 2, votes: 3, answered: 1, promoted: 1, voters: 2 });
    expect(report.questions.map((q) => q.text)).toContain('What would you do with a bigger budget?');

    const md = (await host.get<string>(`/api/jams/${jam.slug}/transcript.md`)).body;
    expect(md).toContain('## Questions from the audience');
    expect(md).toMatch(/\*\*2 votes\*\* · @\w+: What would you do with a bigger budget\? \(answered\) — asked as Q2 Answers: \[1\]\(http/);
    expect(md).not.toContain('Something rude');
    const html = (await host.get<string>(`/api/jams/${jam.slug}/transcript.html`)).body;
    expect(html).toContain('Questions from the audience');
    expect(html).toContain('asked as <a href="#q2">Q2</a>');
    const csv = (await host.get<string>(`/api/jams/${jam.slug}/transcript.csv`)).body;
    expect(csv).toMatch(new RegExp(`,${loved.id},.*,What would you do with a bigger budget\\?,,,audience_question:answered,2\\r\\n`));
    const json = (await host.get<{ audienceQuestions: { id: string; votes: number }[] }>(`/api/jams/${jam.slug}/transcript.json`)).body;
    expect(json.audienceQuestions.map((q) => [q.id, q.votes])).toEqual([
      [loved.id, 2],
      [other.id, 1],
    ]);
  });
});

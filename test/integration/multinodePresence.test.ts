import { expect, it } from 'vitest';
import type { PresenceView } from '../../shared/protocol.ts';
import { ApiClient, type JamSocket } from '../support/harness.ts';
import { twoNodes } from '../support/cluster.ts';
import { describeWithServices } from '../support/services.ts';

/** Presence counted as people come and go on two real nodes (PostgreSQL and Redis shared), until one is killed. */
describeWithServices(['postgres', 'redis'], 'presence across two nodes', () => {
  const nodes = twoNodes();
  const sockets = nodes.sockets;

  async function joined(api: ApiClient, slug: string): Promise<JamSocket> {
    const socket = await api.connect();
    sockets.push(socket);
    const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('jam:join', { slug }, (a) => resolve(a as { ok: boolean })));
    expect(ack.ok).toBe(true);
    return socket;
  }

  /** Waits for the presence the watcher is told to reach `want` (updates come within 2 s of a change, heartbeats every 2 s). */
  async function settles(watcher: JamSocket, latest: { view?: PresenceView }, want: Pick<PresenceView, 'viewers' | 'participants' | 'lurkers'>, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    const now = () => latest.view && { viewers: latest.view.viewers, participants: latest.view.participants, lurkers: latest.view.lurkers };
    while (JSON.stringify(now()) !== JSON.stringify(want)) {
      if (Date.now() > deadline) throw new Error(`presence stuck at ${JSON.stringify(now())}, wanted ${JSON.stringify(want)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('counts a person with tabs on both nodes once, lurkers per connection, and forgets a node killed with -9', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const onB = Object.assign(new ApiClient(nodes.b.url), { token: host.token });
    const watcher = await joined(new ApiClient(nodes.b.url), jam.slug);
    const latest: { view?: PresenceView } = {};
    watcher.on('presence:updated', (view: PresenceView) => (latest.view = view));

    // Node A: the host in two tabs and three lurkers; node B: the host's third tab, the watcher and one lurker.
    const hostTabsA = [await joined(host, jam.slug), await joined(host, jam.slug)];
    const lurkersA = [await joined(new ApiClient(nodes.a.url), jam.slug), await joined(new ApiClient(nodes.a.url), jam.slug), await joined(new ApiClient(nodes.a.url), jam.slug)];
    await joined(onB, jam.slug);
    await joined(new ApiClient(nodes.b.url), jam.slug);
    await settles(watcher, latest, { viewers: 8, participants: 1, lurkers: 5 });
    expect(latest.view!.hostsOnline).toEqual([host.user!.handle]);
    // What hosts and the jam page are shown agrees, on either node, once each has heard the
    // other's latest heartbeat (every 2 s): node A may still hold B's count from before B's joins.
    const viewersOn = async (url: string) => (await new ApiClient(url).get<{ jam: { viewers: number } }>(`/api/jams/${jam.slug}`)).body.jam.viewers;
    for (const node of [nodes.a, nodes.b]) await expect.poll(() => viewersOn(node.url), { timeout: 10_000 }).toBe(8);

    // One of the host's tabs on A closes (they are still here twice), a lurker leaves the jam without disconnecting.
    hostTabsA[0]!.disconnect();
    await new Promise((resolve) => lurkersA[0]!.emit('jam:leave', { slug: jam.slug }, resolve));
    await settles(watcher, latest, { viewers: 6, participants: 1, lurkers: 4 });

    // Node A dies without a word: what it held stops counting on B.
    await nodes.a.kill('SIGKILL');
    await settles(watcher, latest, { viewers: 3, participants: 1, lurkers: 2 });
    expect(latest.view!.hostsOnline).toEqual([host.user!.handle]);
    expect(await viewersOn(nodes.b.url)).toBe(3);
  }, 60_000);
});

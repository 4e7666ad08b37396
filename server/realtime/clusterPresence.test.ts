import { EventEmitter } from 'node:events';
import { Adapter } from 'socket.io-adapter';
import type { Server } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClusterPresence } from './clusterPresence.ts';

/** Work done on the room's members: each member a walk visits, each socket looked up. */
const work = { steps: 0 };

/** A room's members, counting every member a walk over them visits. */
class CountedSet<T> extends Set<T> {
  override *[Symbol.iterator](): SetIterator<T> {
    for (const value of super.values()) {
      work.steps++;
      yield value;
    }
  }
  override values() {
    return this[Symbol.iterator]();
  }
  override keys() {
    return this[Symbol.iterator]();
  }
  override forEach(fn: (value: T, key: T, set: Set<T>) => void) {
    for (const value of this) fn(value, value, this);
  }
}

/** The adapter's rooms, whose member sets count walks. */
class CountedRooms extends Map<string, Set<string>> {
  override set(room: string, ids: Set<string>) {
    return super.set(room, ids instanceof CountedSet ? ids : new CountedSet(ids));
  }
}

class CountedSockets<V> extends Map<string, V> {
  override get(id: string) {
    work.steps++;
    return super.get(id);
  }
}

interface FakeSocket {
  id: string;
  data: { user: { id: string } | null };
  rooms: Set<string>;
}

/** One node: the real in-memory adapter under a namespace stub, its sockets, and its presence. */
class Node {
  readonly nsp = Object.assign(new EventEmitter(), { server: { encoder: {} }, sockets: new CountedSockets<FakeSocket>() });
  readonly adapter = new Adapter(this.nsp as never);
  readonly listeners: ((beat: unknown) => void)[] = [];
  readonly presence: ClusterPresence;
  /** Heartbeats reach the other nodes only while connected (a Redis outage cuts this node off). */
  connected = true;
  #next = 0;

  constructor(
    readonly cluster: Node[] | null,
    readonly name = 'n',
  ) {
    (this.adapter as unknown as { rooms: Map<string, Set<string>> }).rooms = new CountedRooms();
    (this.nsp as unknown as { adapter: Adapter }).adapter = this.adapter;
    const io = {
      of: () => this.nsp,
      on: (_event: string, listener: (beat: unknown) => void) => this.listeners.push(listener),
      serverSideEmit: (_event: string, beat: unknown) => {
        if (!this.connected) return;
        for (const node of this.cluster ?? []) if (node !== this && node.connected) node.listeners.forEach((l) => l(structuredClone(beat)));
      },
    };
    this.presence = new ClusterPresence(io as unknown as Server, cluster !== null, () => {});
    cluster?.push(this);
  }

  /** A socket connects (as `user`, or as a lurker) and joins `room`. */
  open(user: string | null, room = 'jam:a'): FakeSocket {
    const socket: FakeSocket = { id: `${this.name}${this.#next++}`, data: { user: user ? { id: user } : null }, rooms: new Set() };
    this.nsp.sockets.set(socket.id, socket);
    this.nsp.emit('connection', socket);
    this.join(socket, room);
    return socket;
  }

  join(socket: FakeSocket, room: string): void {
    socket.rooms.add(room);
    this.adapter.addAll(socket.id, new Set([room]));
  }

  leave(socket: FakeSocket, room: string): void {
    socket.rooms.delete(room);
    this.adapter.del(socket.id, room);
  }

  close(socket: FakeSocket): void {
    this.adapter.delAll(socket.id);
    this.nsp.sockets.delete(socket.id);
  }

  /** Socket.IO recovering a session: the socket rejoins its rooms before it connects, then connects. */
  recover(socket: FakeSocket): void {
    this.adapter.addAll(socket.id, socket.rooms);
    this.nsp.sockets.set(socket.id, socket);
    this.nsp.emit('connection', socket);
  }

  /** What the counts should be, recounted from every socket of every node in the room. */
  static truth(nodes: Node[], room = 'jam:a') {
    const users = new Set<string>();
    let viewers = 0;
    let lurkers = 0;
    for (const node of nodes) {
      for (const id of node.adapter.rooms.get(room) ?? []) {
        const user = node.nsp.sockets.get(id)?.data.user;
        viewers++;
        if (user) users.add(user.id);
        else lurkers++;
      }
    }
    return { viewers, lurkers, users: [...users].sort() };
  }

  counts(room = 'jam:a') {
    return { viewers: this.presence.viewers(room), lurkers: this.presence.lurkers(room), users: [...this.presence.users(room).keys()].sort() };
  }
}

describe('presence counting', () => {
  it('counts each join in constant work: 3,000 lurkers joining one by one, each asking who is here', () => {
    const node = new Node(null);
    const joins = 3000;
    work.steps = 0;
    let told = 0;
    for (let i = 0; i < joins; i++) {
      node.open(i % 10 === 0 ? `user${i}` : null);
      // What a join asks for (RoomPresence.here).
      told += node.presence.users('jam:a').size + node.presence.viewers('jam:a') + node.presence.lurkers('jam:a');
    }
    // Each join was told counts with itself in: viewers 1..joins, and as many users plus lurkers (each user has one tab).
    expect(told).toBe(joins * (joins + 1));
    expect(node.counts()).toMatchObject({ viewers: joins, lurkers: joins - joins / 10 });
    // Walking the room on every join took ~4 × joins² / 2 steps (18M here); a few per join now.
    expect(work.steps).toBeLessThan(10 * joins);
  });

  it('counts a person once however many tabs they have, and lets them go with their last tab', () => {
    const node = new Node(null);
    const tabs = [node.open('ada'), node.open('ada'), node.open('ada')];
    const lurker = node.open(null);
    expect(node.counts()).toEqual({ viewers: 4, lurkers: 1, users: ['ada'] });
    node.close(tabs[0]!);
    node.leave(tabs[1]!, 'jam:a');
    expect(node.counts()).toEqual({ viewers: 2, lurkers: 1, users: ['ada'] });
    node.close(tabs[2]!);
    node.close(lurker);
    expect(node.counts()).toEqual({ viewers: 0, lurkers: 0, users: [] });
  });

  it('counts a recovered socket once it connects, as the handshake now says it is, and not one refused before connecting', () => {
    const node = new Node(null);
    const ada = node.open('ada');
    node.join(ada, 'jam:b');
    node.close(ada);
    expect(node.counts()).toEqual({ viewers: 0, lurkers: 0, users: [] });
    // Signed out while away: back as a lurker, in both its rooms.
    ada.data.user = null;
    node.recover(ada);
    expect(node.counts()).toEqual({ viewers: 1, lurkers: 1, users: [] });
    expect(node.counts('jam:b')).toEqual({ viewers: 1, lurkers: 1, users: [] });
    // Rejoined its rooms but refused at the handshake: left them without ever being counted.
    const bob = node.open('bob');
    node.close(bob);
    node.adapter.addAll(bob.id, bob.rooms);
    node.adapter.delAll(bob.id);
    expect(node.counts()).toEqual({ viewers: 1, lurkers: 1, users: [] });
  });

  it('counts a socket whose session ended as a lurker from then on', () => {
    const node = new Node(null);
    const ada = node.open('ada');
    ada.data.user = null;
    node.presence.reidentify(ada as never);
    expect(node.counts()).toEqual({ viewers: 1, lurkers: 1, users: [] });
    node.close(ada);
    expect(node.counts()).toEqual({ viewers: 0, lurkers: 0, users: [] });
  });

  describe('across nodes', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('stays exact through random joins, leaves, tabs, recoveries, outages and a dead node', () => {
      const cluster: Node[] = [];
      const nodes = [new Node(cluster, 'a'), new Node(cluster, 'b'), new Node(cluster, 'c')];
      const open = new Map<Node, FakeSocket[]>(nodes.map((n) => [n, []]));
      const away = new Map<Node, FakeSocket[]>(nodes.map((n) => [n, []]));
      let seed = 7;
      const random = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
      const live = () => nodes.filter((n) => !dead.has(n));
      const dead = new Set<Node>();
      const settle = () => vi.advanceTimersByTime(2000);

      for (let round = 0; round < 60; round++) {
        for (let step = 0; step < 40; step++) {
          const node = live()[random(live().length)]!;
          const mine = open.get(node)!;
          const roll = random(10);
          if (roll < 4 || mine.length === 0) mine.push(node.open(random(3) === 0 ? null : `user${random(15)}`, random(4) === 0 ? 'jam:b' : 'jam:a'));
          else if (roll < 6) node.close(mine.splice(random(mine.length), 1)[0]!);
          else if (roll < 7) {
            // Dropped, to come back by recovery.
            const socket = mine.splice(random(mine.length), 1)[0]!;
            node.close(socket);
            away.get(node)!.push(socket);
          } else if (roll < 8 && away.get(node)!.length) {
            const socket = away.get(node)!.pop()!;
            node.recover(socket);
            mine.push(socket);
          } else if (roll < 9) {
            const socket = mine[random(mine.length)]!;
            if (socket.rooms.has('jam:b')) node.leave(socket, 'jam:b');
            else node.join(socket, 'jam:b');
          } else {
            // A session that ended: counted as a lurker from then on.
            const socket = mine[random(mine.length)]!;
            socket.data.user = null;
            node.presence.reidentify(socket as never);
          }
        }
        // A node cut off from Redis for ten rounds (its clients keep coming and going), then back.
        if (round === 20) nodes[1]!.connected = false;
        if (round === 30) nodes[1]!.connected = true;
        // Node c dies: nobody closes its sockets; the others stop counting them once it is stale.
        if (round === 40) {
          nodes[2]!.presence.close();
          nodes[2]!.connected = false;
          dead.add(nodes[2]!);
        }
        settle();
        // Until the silent node is stale (STALE_MS) the others still count what it last said.
        if ((round >= 20 && round < 24) || (round >= 40 && round < 43)) continue;
        if (round < 30 && round >= 24) {
          // Cut off: node b counts only its own sockets.
          expect(nodes[1]!.counts()).toEqual(Node.truth([nodes[1]!]));
          expect(nodes[0]!.counts()).toEqual(Node.truth([nodes[0]!, nodes[2]!]));
          continue;
        }
        for (const node of live()) {
          for (const room of ['jam:a', 'jam:b']) expect(node.counts(room), `round ${round}, node ${node.name}, ${room}`).toEqual(Node.truth(live(), room));
        }
      }
    });
  });
});

import { nanoid } from 'nanoid';
import type { Server } from 'socket.io';

/** How often each node tells the others who is in its jam rooms. */
const HEARTBEAT_MS = 2000;
/** A node not heard from for this long has gone; its viewers stop counting. */
const STALE_MS = 3 * HEARTBEAT_MS + 500;

interface RoomCount {
  viewers: number;
  /** Signed-in users in the room (lurkers are anonymous and only counted). */
  users: string[];
  /** Connections without an account. */
  lurkers?: number;
}
interface Heartbeat {
  node: string;
  rooms: Record<string, RoomCount>;
}

const EVENT = 'tj:presence';

/**
 * Who is watching each jam, across every node. Each node counts its own sockets and, when
 * clustered, broadcasts those counts to the other nodes every two seconds through the adapter's
 * server-side events; viewers() adds the fresh remote counts to the local ones. One small
 * message per node per heartbeat, whatever the audience, instead of fetching every socket.
 */
export class ClusterPresence {
  readonly node = nanoid(8);
  #remote = new Map<string, { at: number; rooms: Record<string, RoomCount> }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: Server,
    clustered: boolean,
    /** Called with a room whose count changed on another node. */
    private readonly onRemoteChange: (room: string) => void,
  ) {
    if (!clustered) return;
    (io.on as (event: string, listener: (beat: Heartbeat) => void) => void)(EVENT, (beat) => this.receive(beat));
    this.#timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.#timer.unref();
  }

  /** Sockets in a room on every live node. */
  viewers(room: string): number {
    let count = this.io.of('/').adapter.rooms.get(room)?.size ?? 0;
    for (const node of this.#fresh()) count += node.rooms[room]?.viewers ?? 0;
    return count;
  }

  /** Connections without an account in a room, on every live node. */
  lurkers(room: string): number {
    let count = this.#localLurkers(room);
    for (const node of this.#fresh()) count += node.rooms[room]?.lurkers ?? 0;
    return count;
  }

  /** Distinct signed-in users in a room on every live node. */
  users(room: string): Set<string> {
    const users = new Set(this.#localUsers(room));
    for (const node of this.#fresh()) for (const id of node.rooms[room]?.users ?? []) users.add(id);
    return users;
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #localUsers(room: string): string[] {
    const users: string[] = [];
    for (const id of this.io.of('/').adapter.rooms.get(room) ?? []) {
      const user = (this.io.of('/').sockets.get(id)?.data as { user?: { id: string } | null } | undefined)?.user;
      if (user) users.push(user.id);
    }
    return users;
  }

  #localLurkers(room: string): number {
    return [...(this.io.of('/').adapter.rooms.get(room) ?? [])].filter((id) => !(this.io.of('/').sockets.get(id)?.data as { user?: unknown } | undefined)?.user).length;
  }

  *#fresh() {
    const now = Date.now();
    for (const node of this.#remote.values()) if (now - node.at < STALE_MS) yield node;
  }

  private beat(): void {
    const rooms: Record<string, RoomCount> = {};
    for (const [room, ids] of this.io.of('/').adapter.rooms) {
      if (room.startsWith('jam:')) rooms[room] = { viewers: ids.size, users: [...new Set(this.#localUsers(room))], lurkers: this.#localLurkers(room) };
    }
    this.io.serverSideEmit(EVENT, { node: this.node, rooms } satisfies Heartbeat);
    // A node that stopped beating takes its viewers with it.
    const now = Date.now();
    for (const [node, seen] of this.#remote) {
      if (now - seen.at < STALE_MS) continue;
      this.#remote.delete(node);
      Object.keys(seen.rooms).forEach((room) => this.onRemoteChange(room));
    }
  }

  private receive(beat: Heartbeat): void {
    if (beat.node === this.node) return;
    const before = this.#remote.get(beat.node)?.rooms ?? {};
    this.#remote.set(beat.node, { at: Date.now(), rooms: beat.rooms });
    for (const room of new Set([...Object.keys(before), ...Object.keys(beat.rooms)])) {
      if (before[room]?.viewers !== beat.rooms[room]?.viewers || before[room]?.users.length !== beat.rooms[room]?.users.length) this.onRemoteChange(room);
    }
  }
}

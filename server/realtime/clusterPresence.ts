import { nanoid } from 'nanoid';
import type { Server, Socket } from 'socket.io';
import type { UserIds } from '../jams/joining.ts';

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

/** This node's sockets in one jam room, kept as they join and leave. */
interface LocalTally {
  lurkers: number;
  /** Signed-in user → how many of their sockets (tabs) are in the room. */
  users: Map<string, number>;
}

const EVENT = 'tj:presence';
const isJamRoom = (room: string) => room.startsWith('jam:');
const userOf = (socket: Socket | undefined) => (socket?.data as { user?: { id: string } | null } | undefined)?.user?.id ?? null;

/**
 * Who is watching each jam, across every node. Each node keeps its own counts up to date as
 * sockets join and leave rooms (the adapter's join-room/leave-room events: O(1) each, whatever
 * the audience) and, when clustered, broadcasts them to the other nodes every two seconds
 * through the adapter's server-side events. A heartbeat carries the whole state, not changes,
 * so a beat lost to a Redis outage costs nothing once the next arrives, and a node that stops
 * beating (dead, or cut off) stops counting after STALE_MS.
 */
export class ClusterPresence {
  readonly node = nanoid(8);
  /** Per jam room, this node's lurkers and users. */
  readonly #local = new Map<string, LocalTally>();
  /** How each local socket in a jam room is counted (user id or null for a lurker), and in how many jam rooms. */
  readonly #counted = new Map<string, { user: string | null; rooms: number }>();
  /** Per jam room, distinct users on every live node: user → holders (this node once, each remote node once). */
  readonly #everyone = new Map<string, Map<string, number>>();
  #remote = new Map<string, { at: number; rooms: Record<string, RoomCount> }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: Server,
    clustered: boolean,
    /** Called with a room whose count changed on another node. */
    private readonly onRemoteChange: (room: string) => void,
  ) {
    const nsp = io.of('/');
    nsp.adapter.on('join-room', (room: string, id: string) => {
      // A socket Socket.IO is recovering rejoins its rooms before it is connected (and before the
      // handshake says who it is): it is counted at `connection` instead.
      if (isJamRoom(room) && nsp.sockets.has(id)) this.#enter(room, id, nsp.sockets.get(id));
    });
    nsp.adapter.on('leave-room', (room: string, id: string) => {
      if (isJamRoom(room)) this.#leave(room, id);
    });
    nsp.on('connection', (socket: Socket) => {
      for (const room of socket.rooms) if (isJamRoom(room)) this.#enter(room, socket.id, socket);
    });
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
    let count = this.#local.get(room)?.lurkers ?? 0;
    for (const node of this.#fresh()) count += node.rooms[room]?.lurkers ?? 0;
    return count;
  }

  /** Distinct signed-in users in a room on every live node (read it now: it changes as they come and go). */
  users(room: string): UserIds {
    return this.#everyone.get(room) ?? new Map<string, number>();
  }

  /** The socket's user changed (signed out, expired): it counts as who it is now. */
  reidentify(socket: Socket): void {
    const counted = this.#counted.get(socket.id);
    if (!counted || counted.user === userOf(socket)) return;
    const rooms = [...socket.rooms].filter(isJamRoom);
    for (const room of rooms) this.#leave(room, socket.id);
    for (const room of rooms) this.#enter(room, socket.id, socket);
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #enter(room: string, id: string, socket: Socket | undefined): void {
    let counted = this.#counted.get(id);
    if (!counted) this.#counted.set(id, (counted = { user: userOf(socket), rooms: 0 }));
    counted.rooms++;
    let tally = this.#local.get(room);
    if (!tally) this.#local.set(room, (tally = { lurkers: 0, users: new Map() }));
    if (counted.user === null) tally.lurkers++;
    else {
      const tabs = tally.users.get(counted.user) ?? 0;
      tally.users.set(counted.user, tabs + 1);
      if (tabs === 0) this.#hold(room, counted.user);
    }
  }

  #leave(room: string, id: string): void {
    const counted = this.#counted.get(id);
    const tally = this.#local.get(room);
    // Not counted: a recovering socket refused before it connected.
    if (!counted || !tally) return;
    if (--counted.rooms === 0) this.#counted.delete(id);
    if (counted.user === null) tally.lurkers--;
    else {
      const tabs = tally.users.get(counted.user)! - 1;
      if (tabs > 0) tally.users.set(counted.user, tabs);
      else {
        tally.users.delete(counted.user);
        this.#release(room, counted.user);
      }
    }
    if (tally.lurkers === 0 && tally.users.size === 0) this.#local.delete(room);
  }

  /** One more holder (this node, or a remote one) of a user in a room. */
  #hold(room: string, user: string): void {
    let holders = this.#everyone.get(room);
    if (!holders) this.#everyone.set(room, (holders = new Map()));
    holders.set(user, (holders.get(user) ?? 0) + 1);
  }

  #release(room: string, user: string): void {
    const holders = this.#everyone.get(room);
    const left = (holders?.get(user) ?? 0) - 1;
    if (left > 0) holders!.set(user, left);
    else {
      holders?.delete(user);
      if (holders?.size === 0) this.#everyone.delete(room);
    }
  }

  /** Remote nodes heard from lately; a node gone quiet is forgotten here, its users released. */
  *#fresh() {
    const now = Date.now();
    for (const [node, seen] of this.#remote) {
      if (now - seen.at < STALE_MS) yield seen;
      else this.#forget(node, seen.rooms);
    }
  }

  #forget(node: string, rooms: Record<string, RoomCount>): void {
    this.#remote.delete(node);
    for (const [room, count] of Object.entries(rooms)) {
      for (const user of count.users) this.#release(room, user);
      this.onRemoteChange(room);
    }
  }

  private beat(): void {
    const rooms: Record<string, RoomCount> = {};
    const adapterRooms = this.io.of('/').adapter.rooms;
    for (const [room, tally] of this.#local) rooms[room] = { viewers: adapterRooms.get(room)?.size ?? 0, users: [...tally.users.keys()], lurkers: tally.lurkers };
    this.io.serverSideEmit(EVENT, { node: this.node, rooms } satisfies Heartbeat);
    // A node that stopped beating takes its viewers with it.
    for (const _ of this.#fresh());
  }

  private receive(beat: Heartbeat): void {
    if (beat.node === this.node) return;
    const before = this.#remote.get(beat.node)?.rooms ?? {};
    this.#remote.set(beat.node, { at: Date.now(), rooms: beat.rooms });
    for (const room of new Set([...Object.keys(before), ...Object.keys(beat.rooms)])) {
      const was = before[room];
      const now = beat.rooms[room];
      const had = new Set(was?.users);
      const has = new Set(now?.users);
      for (const user of has) if (!had.has(user)) this.#hold(room, user);
      for (const user of had) if (!has.has(user)) this.#release(room, user);
      if (was?.viewers !== now?.viewers || (was?.lurkers ?? 0) !== (now?.lurkers ?? 0) || had.size !== has.size || was?.users.some((user) => !has.has(user))) this.onRemoteChange(room);
    }
  }
}

import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import type { UserRow } from '../store/users.ts';

export interface SocketData {
  /** Without its password hash: socket data crosses nodes (fetchSockets) with a Redis adapter. */
  user: UserRow | null;
  /** Hash of the session token (never the token): names the room sign-out disconnects. */
  sessionId: string | null;
}
export type JamServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type JamSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Everyone watching a jam. */
export const roomOf = (slug: string) => `jam:${slug}`;
export const isJamRoom = (room: string) => room.startsWith('jam:');
export const slugOfRoom = (room: string) => room.slice(4);
/** Hosts' sockets in a jam also join this room: hidden poll counts, held questions and automatic actions go there. */
export const hostRoomOf = (slug: string) => `hosts:${slug}`;
export const isHostRoom = (room: string) => room.startsWith('hosts:');
export const slugOfHostRoom = (room: string) => room.slice(6);
/** Puts a socket (local, or on another node) in a jam's hosts' room, or takes it out. */
export async function placeInHostRoom(socket: { join(room: string): unknown; leave(room: string): unknown }, slug: string, hosts: boolean): Promise<void> {
  await (hosts ? socket.join(hostRoomOf(slug)) : socket.leave(hostRoomOf(slug)));
}
/** Every socket of one session, so a sign-out disconnects them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * Servers on one core, load generators on the other, where the machine allows (Linux `taskset`,
 * two cores or more): then the server under test never competes with the clients measuring it.
 */
export const SERVER_CPU = 0;
export const CLIENT_CPU = 1;

let available: boolean | null = null;

export function pinningAvailable(): boolean {
  if (available === null) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      available = os.cpus().length >= 2;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Pins a process and all its threads to one CPU; false when pinning is not available. */
export function pin(pid: number, cpu: number): boolean {
  if (!pinningAvailable()) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

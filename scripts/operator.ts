import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirOf, readConfig, type Env } from '../server/config.ts';
import { OperatorError } from '../server/operations/backup.ts';

/** Shared by the operator commands (backup, restore, move-store): the validated env and one way to fail. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function operatorEnv(): Env & { dataDir: string } {
  const config = readConfig();
  if (!config.ok) {
    console.error(config.problems.map((p) => `  - ${p}`).join('\n'));
    process.exit(2);
  }
  return { ...config.env, dataDir: dataDirOf(config.env, root) };
}

/** Runs a command: an OperatorError is one line on stderr and exit 1; anything else shows its stack. */
export async function runCommand(usage: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof OperatorError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\nusage: ${usage}`);
      process.exit(2);
    }
    throw error;
  }
}

/** A progress line rewritten in place on a terminal, one line per step otherwise. */
export function progressLine(label: string): (done: number, total: number) => void {
  let last = -1;
  let lastDecile = -1;
  return (done, total) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    const line = `${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${percent === 100 ? '\n' : ''}`);
    else if (Math.floor(percent / 10) !== lastDecile) {
      // Into a log: a line each time another tenth is done, not one per batch.
      lastDecile = Math.floor(percent / 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

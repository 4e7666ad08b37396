import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `npm start`: build the client when it is missing or older than its sources, then serve. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'client', 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'client'), path.join(root, 'shared')].filter((d) => fs.existsSync(d));
const stale = !fs.existsSync(built) || Math.max(...sources.map(newestSource)) > fs.statSync(built).mtimeMs;
// --check-config only reads the environment: no build for it.
if (stale && !process.argv.includes('--check-config') && fs.existsSync(path.join(root, 'client', 'index.html'))) {
  console.log('Building the web client…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('../server/main.ts');

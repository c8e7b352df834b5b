/**
 * `npm start`: runs the compiled server (dist/, `npm run build`) in this process, or, when dist/ is
 * missing or older than a source file, the TypeScript sources through tsx (a fresh clone works
 * without a build; a forgotten rebuild never runs stale code). One process either way, so the
 * SIGTERM a process manager sends reaches the server itself.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/src/server.js');

/** The newest modification time under the compiled folders (and the entry file). */
function newestSource() {
  let newest = statSync(join(root, 'server.ts')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of ['src', 'handlers', 'cards', 'db']) walk(join(root, dir));
  return newest;
}

let server;
let note;
if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) {
  server = await import(pathToFileURL(built).href);
} else {
  // Said once the server is up: a start-up error stays the one line it names.
  note = existsSync(built)
    ? 'dist/ is older than the sources: running them through tsx (npm run build to compile).'
    : 'no dist/: running the sources through tsx (npm run build to compile).';
  const { register } = await import('tsx/esm/api');
  register();
  server = await import(pathToFileURL(join(root, 'src/server.ts')).href);
}
server.main(note);

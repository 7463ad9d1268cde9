#!/usr/bin/env node
// The `orchestra` command. Orchestra runs its TypeScript sources directly, which needs Node ≥ 22.18
// (type stripping). On an older Node, re-run with the node@24 that `npm install` put beside us.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const local = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (existsSync(local)) {
    const r = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`orchestra: Node.js ${process.version}은(는) 너무 오래되었다. 22.19 이상이 필요하다 / Node.js ${process.version} is too old: 22.19 or newer is needed (run 'npm install' to get node@24).\n`);
  process.exit(2);
}
// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { run } = await import('../src/cli/main.ts');
await run();

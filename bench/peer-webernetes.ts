/**
 * The peer: @ngrok/webernetes, a TypeScript port of Kubernetes (Apache-2.0), driven in the same process
 * for the comparison benches. Its dist needs bundling before Node can import it (its imports lack file
 * extensions), so it is bundled with esbuild into node_modules/.cache on first use. Its clock is paused
 * and stepped by hand, yielding to the event loop between steps, as its README describes.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

type Webernetes = typeof import('@ngrok/webernetes');

let loaded: Promise<Webernetes> | undefined;

export function loadWebernetes(): Promise<Webernetes> {
  loaded ??= (async () => {
    const entry = fileURLToPath(new URL('../node_modules/@ngrok/webernetes/dist/index.js', import.meta.url));
    const out = join(fileURLToPath(new URL('../node_modules/.cache/orchestra-bench/', import.meta.url)), 'webernetes.mjs');
    mkdirSync(dirname(out), { recursive: true });
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'error' });
    return (await import(pathToFileURL(out).href)) as Webernetes;
  })();
  return loaded;
}

/** Yields to the event loop so the peer's promises can run between clock steps. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

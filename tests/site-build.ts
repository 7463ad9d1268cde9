/**
 * The course site, built once for all the site tests: `astro build` into the temp folder, keyed by a
 * hash of every input of the build (sources, lessons, labs, graders, scenarios, lockfile, the
 * environment switches). Test files run in parallel workers; the first one builds under a lock and
 * the others wait for it, so a test run builds the site once, and a rerun with unchanged sources
 * builds nothing.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;
// This file too: how the site is built is part of what was built.
const INPUTS = ['astro.config.mjs', 'package-lock.json', 'tsconfig.json', 'src', 'content', 'public', 'labs', 'graders', 'scenarios', 'tests/site-build.ts'];
const ENV = ['ORCHESTRA_CHROMIUM', 'ORCHESTRA_CLIENT_MERMAID'];
const PREFIX = 'orchestra-site-cache-';
/** A cached build nobody has used for this long is removed when a new one is made. */
const KEEP_MS = 60 * 60 * 1000;

/** Every file under `dir` (symbolic links are not followed: src/content/docs points at content/). */
export function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const full = join(dir, n);
      const st = lstatSync(full);
      return st.isSymbolicLink() ? [] : st.isDirectory() ? files(full) : [full];
    });
}

/** A hash of everything the build reads. */
export function siteKey(env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const full = join(ROOT, input);
    if (!existsSync(full)) continue;
    for (const f of statSync(full).isDirectory() ? files(full) : [full]) hash.update(`${f.slice(ROOT.length)}\0`).update(readFileSync(f)).update('\0');
  }
  for (const name of ENV) hash.update(`${name}=${env[name] ?? ''}\0`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The environment without what the test runner adds: Vitest sets NODE_ENV=test and mirrors
 * `import.meta.env` into DEV=1, PROD, MODE, SSR, BASE_URL, which Astro reads as a development build
 * (Starlight then ships no search, only a "works in production builds" note). Build what
 * `npm run build` ships.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(VITEST.*|TEST|NODE_ENV|DEV|PROD|SSR|MODE|BASE_URL)$/.test(name)) delete env[name];
  return env;
}

/**
 * Runs `astro build --outDir <outDir>` in `root` (the project's by default) and returns its exit
 * status, log and duration. Each build gets its own Astro and Vite caches: builds running at the same
 * time in one project would otherwise overwrite each other's (and lose, for one, scripts).
 */
export async function buildSite(outDir: string, env: Record<string, string> = {}, root = ROOT): Promise<{ status: number | null; output: string; ms: number }> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'orchestra-astro-cache-'));
  const started = performance.now();
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--outDir', outDir], {
        cwd: root,
        env: { ...buildEnvironment(), ORCHESTRA_ASTRO_CACHE_DIR: cacheDir, ...env },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, output, ms: performance.now() - started }));
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function holderAlive(lock: string): boolean {
  const pidFile = join(lock, 'pid');
  if (!existsSync(pidFile)) return Date.now() - statSync(lock).mtimeMs < 10 * 60 * 1000;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` holding a lock (a folder) that other processes wait for. */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && !holderAlive(lock)) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function pruneOldBuilds(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    const full = join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || full === keep || name.includes('.')) continue;
    if (Date.now() - statSync(full).mtimeMs <= KEEP_MS) continue;
    rmSync(full, { recursive: true, force: true });
    rmSync(`${full}.log`, { force: true });
  }
}

/** The build of the sources as they are now, made unless one with the same key exists. */
async function buildOfCurrentSources(): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${siteKey()}`);
  if (existsSync(join(dir, 'index.html'))) {
    utimesSync(dir, new Date(), new Date());
    return dir;
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const { status, output } = await buildSite(tmp);
  writeFileSync(`${dir}.log`, output);
  if (status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`astro build failed (exit ${status}):\n${output}`);
  }
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another run made the same build meanwhile
  }
  pruneOldBuilds(dir);
  return dir;
}

/**
 * The built site for this test run: the first test file to ask builds it (or reuses a build of the
 * same sources) and the others wait and get the same one, even if sources change meanwhile. The
 * build log is `<folder>.log`.
 */
export async function builtSite(): Promise<string> {
  // Vitest's workers are children of one process per run.
  const marker = join(tmpdir(), `${PREFIX}run-${process.ppid}`);
  return withLock(`${marker}.lock`, async () => {
    if (existsSync(marker)) {
      const dir = readFileSync(marker, 'utf8');
      if (existsSync(join(dir, 'index.html'))) return dir;
    }
    const dir = await buildOfCurrentSources();
    writeFileSync(marker, dir);
    return dir;
  });
}

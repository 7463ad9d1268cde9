/**
 * `orchestra export gradescope <lab>`: the autograder zip Gradescope asks for (autograder_samples,
 * docs/specs.md). At its root, `setup.sh` installs Node.js and the CLI's runtime dependencies, and
 * `run_autograder` grades /autograder/submission and writes /autograder/results/results.json. Beside
 * them, `orchestra/` carries the CLI's sources, the lab's lab.yaml (not its solution or cases) and
 * its grader. Built with fflate; the same inputs give the same zip, byte for byte.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Lang } from '../kube/text.ts';
import { PROJECT_ROOT, type LabOnDisk } from './labs.ts';

/** The source folders the CLI runs from (tests excluded). */
const SOURCE_DIRS = ['src/cli', 'src/grading', 'src/backends', 'src/sim', 'src/kube'];
const FIXED_TIME = new Date('2026-01-01T00:00:00Z');

export interface ExportOptions {
  lang: Lang;
  /** The Node.js version setup.sh installs (default: the one running this command). */
  nodeVersion?: string;
}

export function gradescopeZip(lab: LabOnDisk, options: ExportOptions): Uint8Array {
  const files = new Map<string, Uint8Array>();
  const add = (rel: string, content: Uint8Array | string): void => void files.set(rel, typeof content === 'string' ? strToU8(content) : content);
  const sources = SOURCE_DIRS.flatMap((d) => walk(join(PROJECT_ROOT, d))).filter((f) => (f.endsWith('.ts') && !f.endsWith('.test.ts')) || f.endsWith('.json'));
  for (const file of sources) add(`orchestra/${relative(PROJECT_ROOT, file).split(sep).join('/')}`, readFileSync(file));
  add('orchestra/bin/orchestra.js', readFileSync(join(PROJECT_ROOT, 'bin', 'orchestra.js')));
  add(`orchestra/labs/${lab.lab.id}/lab.yaml`, readFileSync(join(lab.dir, 'lab.yaml')));
  const graderSource = readFileSync(lab.graderPath, 'utf8');
  add(`orchestra/graders/${lab.lab.id}.ts`, graderSource);
  add('orchestra/package.json', packageJson([...sources.map((f) => readFileSync(f, 'utf8')), graderSource]));
  const nodeVersion = (options.nodeVersion ?? process.version).replace(/^v/, '');
  add('setup.sh', setupSh(nodeVersion));
  add('run_autograder', runAutograder(lab.lab.id, options.lang));
  const zippable: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    const executable = name === 'setup.sh' || name === 'run_autograder';
    zippable[name] = [files.get(name)!, { mtime: FIXED_TIME, os: 3, attrs: ((executable ? 0o100755 : 0o100644) << 16) >>> 0, level: 9 }];
  }
  return zipSync(zippable);
}

/** Runtime dependencies the sources import (type-only imports aside), at the versions of the project's package.json. */
export function runtimeDependencies(sources: readonly string[]): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const names = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'".][^'"]*)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('node:')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return Object.fromEntries([...names].sort().filter((n) => pkg.dependencies[n]).map((n) => [n, pkg.dependencies[n]!]));
}

function packageJson(sources: readonly string[]): string {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify({ name: 'orchestra-autograder', version: pkg.version, private: true, type: 'module', bin: { orchestra: 'bin/orchestra.js' }, dependencies: runtimeDependencies(sources) }, null, 2)}\n`;
}

function setupSh(nodeVersion: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built: Node.js ${nodeVersion} and the CLI's dependencies.
set -euo pipefail
apt-get update -qq
apt-get install -y -qq ca-certificates curl xz-utils >/dev/null
arch="$(uname -m)"; case "$arch" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
curl -fsSL "https://nodejs.org/dist/v${nodeVersion}/node-v${nodeVersion}-linux-$arch.tar.xz" | tar -xJ -C /usr/local --strip-components=1
node --version
cd /autograder/source/orchestra
npm install --omit=dev --no-audit --no-fund --ignore-scripts
`;
}

function runAutograder(labId: string, lang: Lang): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission. Nothing the student submitted is executed: the manifests
# are read and run on Orchestra's simulator. Results go to /autograder/results/results.json.
set -uo pipefail
A="\${AUTOGRADER_ROOT:-/autograder}"
mkdir -p "$A/results"
cd "$A/source/orchestra"
if node bin/orchestra.js grade ${labId} "$A/submission" --format gradescope --lang ${lang} > "$A/results/results.json.tmp" 2> "$A/results/stderr.txt"; then
  mv "$A/results/results.json.tmp" "$A/results/results.json"
else
  # Never leave Gradescope without a results.json: say what went wrong instead.
  msg="$(head -n 20 "$A/results/stderr.txt" | tr -d '\\000-\\037"\\\\')"
  printf '{"score":0,"output":"orchestra could not grade this submission: %s","tests":[]}\\n' "$msg" > "$A/results/results.json"
fi
`;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORCHESTRA_VERSION } from '../src/grading/version.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  version: string;
  devDependencies: Record<string, string>;
};

describe('toolchain', () => {
  it('runs on Node 22.19 or newer (Astro 7, Vitest 5 and client-node 2 need it)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(major > 22 || (major === 22 && minor >= 19), `running on ${process.version}`).toBe(true);
  });

  it('npm scripts use the node@24 devDependency, not the machine Node', () => {
    expect(pkg.devDependencies.node).toMatch(/^\^?24\./);
    // npm run puts node_modules/.bin first on PATH, so `node` there is v24.
    if (process.env.npm_lifecycle_event) expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('declares the engine floor', () => {
    expect(pkg.engines.node).toBe('>=22.19.0');
  });

  it('writes the package version into grade results', () => {
    expect(ORCHESTRA_VERSION).toBe(pkg.version);
  });
});

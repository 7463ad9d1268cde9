import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simRun } from '../src/cli/sim-run.ts';

const ROOT = new URL('..', import.meta.url).pathname;

describe('README', () => {
  it('shows the example scenario output that `orchestra sim run` really prints', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const block = /\$ npx orchestra sim run examples\/rolling-update\/scenario\.yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(simRun(`${ROOT}examples/rolling-update/scenario.yaml`, {}, 'en')).toBe(block);
  });
});

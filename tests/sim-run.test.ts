import { describe, expect, it } from 'vitest';
import { simRun } from '../src/cli/sim-run.ts';
import { UsageError } from '../src/cli/usage-error.ts';

const EXAMPLE = new URL('../examples/rolling-update/scenario.yaml', import.meta.url).pathname;

describe('orchestra sim run', () => {
  it('prints the scenario result as JSON, the same for the same seed', () => {
    const a = JSON.parse(simRun(EXAMPLE, { json: true }, 'en')) as { seed: number; endTime: number; samples: unknown[] };
    expect(a).toMatchObject({ seed: 7, endTime: 270 });
    expect(a.samples).toHaveLength(55);
    expect(simRun(EXAMPLE, { json: true, seed: 3 }, 'en')).toBe(simRun(EXAMPLE, { json: true, seed: 3 }, 'en'));
    expect(JSON.parse(simRun(EXAMPLE, { json: true, seed: 3 }, 'en')).seed).toBe(3);
  });

  it('prints a short report by default', () => {
    expect(simRun(EXAMPLE, {}, 'en')).toMatch(/^simulated 270 s \(seed 7\)\n4 pod\(s\):\n/);
    expect(simRun(EXAMPLE, {}, 'ko')).toMatch(/^시뮬레이션 270초 \(시드 7\)\n파드 4개:\n/);
  });

  it('refuses a missing file or an invalid scenario with file:line', () => {
    expect(() => simRun('/no/such.yaml', {}, 'en')).toThrow(UsageError);
    try {
      simRun(new URL('./fixtures/bad-scenario.yaml', import.meta.url).pathname, {}, 'en');
      expect.unreachable();
    } catch (e) {
      expect((e as UsageError).text.en).toMatch(/bad-scenario\.yaml:3:5: unknown step 'teleport'/);
    }
  });
});

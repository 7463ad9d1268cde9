import { describe, expect, it } from 'vitest';
import { text } from '../kube/text.ts';
import { simulatorOnly } from './simulator-only.ts';

describe('simulatorOnly', () => {
  it('skips the check, naming the scenario that needs the simulator', () => {
    expect(simulatorOnly()).toEqual({ fraction: 0, skipped: true, message: text('이 시나리오는 시뮬레이터에서만 돌린다.', 'this scenario runs on the simulator only.') });
    expect(simulatorOnly(text('롤아웃 시나리오', 'the rollout scenario')).message).toEqual(text('롤아웃 시나리오는 시뮬레이터에서만 돌린다.', 'the rollout scenario runs on the simulator only.'));
  });
});

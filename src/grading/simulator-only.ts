/** What a check whose scenario needs the simulator (traffic, failing nodes, images that misbehave on cue) gives on a real cluster. */
import { text, type Text } from '../kube/text.ts';
import { skip, type Outcome } from './grader.ts';

/** Skipped, naming the scenario: "the rollout scenario" (Korean: a name ending in 시나리오), "this scenario" by default. */
export function simulatorOnly(scenario: Text = text('이 시나리오', 'this scenario')): Outcome {
  return skip(text(`${scenario.ko}는 시뮬레이터에서만 돌린다.`, `${scenario.en} runs on the simulator only.`));
}

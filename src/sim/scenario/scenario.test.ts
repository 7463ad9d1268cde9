import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from './scenario.ts';
import { runScenario } from './run.ts';

const EXAMPLE = new URL('../../../examples/rolling-update/scenario.yaml', import.meta.url).pathname;
const readNear = (file: string) => (path: string): string => readFileSync(join(dirname(file), path), 'utf8');

function example(seed?: number) {
  const text = readFileSync(EXAMPLE, 'utf8').replace(/^seed: \d+/m, seed === undefined ? '$&' : `seed: ${seed}`);
  return runScenario(parseScenario('scenario.yaml', text, readNear(EXAMPLE)));
}

describe('scenarios', () => {
  it('run the example: a rollout, a bad release stopped by maxUnavailable, a rollback', () => {
    const result = example();
    expect(result.endTime).toBe(270);
    expect(result.errors).toEqual([]);
    const last = result.samples!.at(-1)!;
    expect(last.t).toBe(270);
    expect(last.deployments).toEqual([{ name: 'web', namespace: 'default', replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 }]);
    expect(last.services).toMatchObject([{ name: 'web', namespace: 'default', readyEndpoints: 4, rps: 200, ok: 200, failed: 0 }]);
    // Readiness probes kept every request on a pod that answers, through the rollout, the bad release and the rollback.
    expect(result.samples!.filter((s) => s.t > 60).every((s) => s.services[0]!.failed === 0 && s.services[0]!.rps === 200)).toBe(true);
    // While v3 crashed, at least 3 replicas (4 − maxUnavailable 1) stayed ready.
    const during = result.samples!.filter((s) => s.t > 150 && s.t <= 210);
    expect(Math.min(...during.map((s) => s.deployments[0]!.readyReplicas))).toBeGreaterThanOrEqual(3);
    expect(during.some((s) => s.pods.some((p) => p.reason === 'CrashLoopBackOff' || p.reason === 'Error'))).toBe(true);
    const rs = result.objects.filter((o) => o.kind === 'ReplicaSet');
    expect(rs.map((o) => o.metadata.annotations?.['deployment.kubernetes.io/revision'])).toEqual(['1', '4', '3']);
    expect(result.events.some((e) => e.reason === 'ScalingReplicaSet')).toBe(true);
  });

  it('give byte-identical JSON for the same seed', () => {
    expect(JSON.stringify(example(11))).toBe(JSON.stringify(example(11)));
    expect(JSON.stringify(example(11))).not.toBe(JSON.stringify(example(12)));
  });

  it('name an unknown step and a bad argument by line', () => {
    const text = 'steps:\n  - advance: 10s\n  - explode: now\n  - scale: { deployment: web, replicas: -1 }\n  - advance: soon\n';
    try {
      parseScenario('s.yaml', text, () => '');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const problems = (e as ScenarioError).problems.map((p) => [p.position.line, p.message.en.split(':')[0]]);
      expect(problems).toEqual([
        [3, "unknown step 'explode'"],
        [4, 'scale'],
        [5, 'advance'],
      ]);
    }
  });

  it('add a node that joins while the scenario runs, and refuse a malformed one by line', () => {
    const text = 'cluster: { nodes: [{ name: node-1 }] }\nsteps:\n  - advance: 5s\n  - addNode: { name: node-2, cpu: "4", labels: { disk: ssd } }\n  - advance: 5s\n';
    const result = runScenario(parseScenario('s.yaml', text, () => ''));
    expect(result.errors).toEqual([]);
    expect(result.objects.filter((o) => o.kind === 'Node').map((o) => `${o.metadata.name}:${o.metadata.labels?.disk ?? ''}`)).toEqual(['node-1:', 'node-2:ssd']);
    try {
      parseScenario('s.yaml', 'steps:\n  - addNode: { name: node-2, gpus: 1 }\n', () => '');
      expect.unreachable();
    } catch (e) {
      expect((e as ScenarioError).problems.map((p) => [p.position.line, p.message.en.split(':')[0]])).toEqual([[2, 'addNode']]);
    }
  });

  it('report a step naming a missing object with its line, and keep going', () => {
    const scenario = parseScenario('s.yaml', 'steps:\n  - setImage: { deployment: nope, container: c, image: x }\n  - advance: 5s\n', () => '');
    const result = runScenario(scenario);
    expect(result.errors).toEqual([{ position: { file: 's.yaml', line: 2, column: 5 }, t: 0, step: 'setImage', reason: 'NotFound', message: { ko: 'deployments.apps "nope"을(를) 찾을 수 없다', en: 'deployments.apps "nope" not found' } }]);
    expect(result.endTime).toBe(5);
  });

  it('report manifests the API server rejects', () => {
    const scenario = parseScenario('s.yaml', 'manifests:\n  - { apiVersion: v1, kind: Service, metadata: { name: Bad_Name }, spec: { ports: [{ port: 80 }] } }\n', () => '');
    expect(runScenario(scenario).errors[0]).toMatchObject({ step: 'manifests', reason: 'Invalid' });
  });
});

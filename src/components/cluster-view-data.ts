/**
 * Build-time data for <ClusterView>: runs a scenario from scenarios/ on the simulator and keeps, per
 * sample, what the drawing needs (nodes, pods with their state, ready endpoints, traffic).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runScenario } from '../sim/scenario/run.ts';
import { parseScenario } from '../sim/scenario/scenario.ts';

export interface Frame {
  t: number;
  nodes: { name: string; ready: string; unschedulable: boolean }[];
  pods: { name: string; node: string | null; state: 'running' | 'ready' | 'pending' | 'failing' | 'terminating'; reason: string }[];
  services: { name: string; readyEndpoints: number; rps: number; failed: number }[];
}

export function clusterTimeline(name: string): Frame[] {
  const file = join(process.cwd(), 'scenarios', `${name}.yaml`);
  const scenario = parseScenario(file, readFileSync(file, 'utf8'), (p) => readFileSync(join(dirname(file), p), 'utf8'));
  const result = runScenario(scenario);
  return (result.samples ?? []).map((s) => ({
    t: s.t,
    nodes: s.nodes.map((n) => ({ name: n.name, ready: n.ready, unschedulable: n.unschedulable })),
    pods: s.pods.map((p) => ({
      name: p.name,
      node: p.node,
      reason: p.reason,
      state: p.reason === 'Terminating' ? 'terminating' : p.ready ? 'ready' : p.phase === 'Running' ? 'running' : /BackOff|Error|Err|OOM/.test(p.reason) ? 'failing' : 'pending',
    })),
    services: s.services.map((x) => ({ name: x.name, readyEndpoints: x.readyEndpoints, rps: x.rps, failed: x.failed })),
  }));
}

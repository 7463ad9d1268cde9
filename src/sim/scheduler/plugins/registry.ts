/**
 * The default plugins and their order and weights (pkg/scheduler/apis/config/v1/default_plugins.go):
 * SchedulingGates, PrioritySort (the queue's ordering), NodeUnschedulable, NodeName,
 * TaintToleration (3), NodeAffinity (2), NodePorts, NodeResourcesFit (1), VolumeBinding (the storage
 * hook; VolumeRestrictions, NodeVolumeLimits and VolumeZone are not simulated), PodTopologySpread (2),
 * InterPodAffinity (2), DefaultPreemption, NodeResourcesBalancedAllocation (1), ImageLocality (1),
 * DefaultBinder (the scheduler's bind).
 */
import { Framework } from '../framework/framework.ts';
import type { Handle } from '../framework/handle.ts';
import type { ResolvedSchedulerOptions } from '../options.ts';
import type { SchedulerCache } from '../cache/cache.ts';
import { DefaultPreemption } from './default-preemption.ts';
import { ImageLocality } from './image-locality.ts';
import { InterPodAffinity } from './interpodaffinity/plugin.ts';
import { NodeAffinity } from './node-affinity.ts';
import { NodeName } from './node-name.ts';
import { NodePorts } from './node-ports.ts';
import { NodeUnschedulable } from './node-unschedulable.ts';
import { NodeResourcesBalancedAllocation } from './noderesources/balanced-allocation.ts';
import { NodeResourcesFit } from './noderesources/fit.ts';
import { PodTopologySpread } from './podtopologyspread/plugin.ts';
import { SchedulingGates } from './scheduling-gates.ts';
import { TaintToleration } from './taint-toleration.ts';
import { VolumeBinding } from './volume-binding.ts';

export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

/** The default profile's framework. `h.framework` may be set after this returns; plugins read it at run time. */
export function newDefaultFramework(h: Handle, cache: SchedulerCache, options: ResolvedSchedulerOptions): Framework {
  const gates = new SchedulingGates();
  const unschedulable = new NodeUnschedulable(cache);
  const nodeName = new NodeName();
  const taints = new TaintToleration(cache);
  const nodeAffinity = new NodeAffinity();
  const ports = new NodePorts();
  const fit = new NodeResourcesFit(options);
  const volumes = new VolumeBinding(h);
  const spread = new PodTopologySpread(h);
  const interPod = new InterPodAffinity(h);
  const preemption = new DefaultPreemption(h);
  const balanced = new NodeResourcesBalancedAllocation(options);
  const images = new ImageLocality(cache);
  const w = DEFAULT_SCORE_WEIGHTS;
  return new Framework({
    preEnqueue: [gates],
    preFilter: [nodeAffinity, ports, fit, volumes, spread, interPod],
    filter: [unschedulable, nodeName, taints, nodeAffinity, ports, fit, volumes, spread, interPod],
    postFilter: [preemption],
    preScore: [taints, nodeAffinity, fit, spread, interPod, balanced],
    score: [
      { plugin: taints, weight: w.TaintToleration! },
      { plugin: nodeAffinity, weight: w.NodeAffinity! },
      { plugin: fit, weight: w.NodeResourcesFit! },
      { plugin: spread, weight: w.PodTopologySpread! },
      { plugin: interPod, weight: w.InterPodAffinity! },
      { plugin: balanced, weight: w.NodeResourcesBalancedAllocation! },
      { plugin: images, weight: w.ImageLocality! },
    ],
    reserve: [volumes],
    preBind: [volumes],
  });
}

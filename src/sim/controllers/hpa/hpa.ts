/**
 * The HorizontalPodAutoscaler controller (kubernetes pkg/controller/podautoscaler/horizontal.go):
 * every 15 s (--horizontal-pod-autoscaler-sync-period) it reads each HPA's target scale, computes the
 * replicas every metric asks for (the largest wins), applies the behaviour (stabilisation and rate
 * limits) and minReplicas / maxReplicas, scales the target, and reports status, the AbleToScale,
 * ScalingActive and ScalingLimited conditions, and SuccessfulRescale events.
 */
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../../kube/object.ts';
import { bytes, milliCpu } from '../../../kube/quantity.ts';
import { matchesSelector } from '../../../kube/selector.ts';
import type { SimContext } from '../../context.ts';
import type { MetricsServer } from '../../metrics/metrics-server.ts';
import { limitRate, rules, stabilize, type Recommendation, type ScaleEvent } from './behavior.ts';
import { MetricsError, resourceReplicas, type ReplicaResult, type Resource } from './replica-calculator.ts';

export const SYNC_PERIOD_MS = 15_000;
const COMPONENT = 'horizontal-pod-autoscaler';

interface State {
  recommendations: Recommendation[];
  upEvents: ScaleEvent[];
  downEvents: ScaleEvent[];
}

export class HorizontalPodAutoscalerController {
  private readonly ctx: SimContext;
  private readonly metrics: MetricsServer;
  private readonly state = new Map<string, State>();

  constructor(ctx: SimContext, metrics: MetricsServer) {
    this.ctx = ctx;
    this.metrics = metrics;
    ctx.clock.after(SYNC_PERIOD_MS, () => this.resync());
  }

  private resync(): void {
    for (const obj of this.ctx.store.list('HorizontalPodAutoscaler')) this.sync(obj);
    this.ctx.clock.after(SYNC_PERIOD_MS, () => this.resync());
  }

  private sync(obj: KubeObject): void {
    const { store, clock, api } = this.ctx;
    const hpa = obj as unknown as HorizontalPodAutoscaler;
    const spec = hpa.spec!;
    const key = `${obj.metadata.namespace}/${obj.metadata.name}/${obj.metadata.uid}`;
    const state = this.state.get(key) ?? { recommendations: [], upEvents: [], downEvents: [] };
    this.state.set(key, state);
    const now = clock.now;
    const ts = clock.timestamp();
    const conditions = [...(hpa.status?.conditions ?? [])];
    const set = (type: string, status: string, reason: string, message: string): void => setCondition(conditions, ts, type, status, reason, message);
    const ref = spec.scaleTargetRef;
    const target = store.get(ref.kind, ref.name, obj.metadata.namespace);
    const write = (status: HorizontalPodAutoscalerStatus): void => {
      const current = store.get('HorizontalPodAutoscaler', obj.metadata.name!, obj.metadata.namespace);
      if (current && JSON.stringify(current.status) !== JSON.stringify(status)) api.updateStatus(current, status);
    };
    if (!target) {
      set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${ref.kind.toLowerCase()}s.apps "${ref.name}" not found`);
      this.ctx.events.record(obj, 'Warning', 'FailedGetScale', `${ref.kind.toLowerCase()}s.apps "${ref.name}" not found`, COMPONENT);
      write({ ...(hpa.status ?? {}), currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0, conditions });
      return;
    }
    set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current = (target.spec as { replicas?: number }).replicas ?? 1;
    const selector = (target.spec as { selector?: LabelSelector }).selector;
    const min = spec.minReplicas ?? 1;
    const max = spec.maxReplicas;
    /** Writes the target's new scale and records it (the rate limiter's history, an event); returns the scale time, if it scaled. */
    const rescale = (desired: number, why: string): string | undefined => {
      if (desired === current) {
        set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
        return undefined;
      }
      api.update({ ...target, spec: { ...(target.spec as object), replicas: desired } });
      (desired > current ? state.upEvents : state.downEvents).push({ change: Math.abs(desired - current), atMs: now });
      const pruneBefore = now - 30 * 60_000;
      state.upEvents = state.upEvents.filter((e) => e.atMs > pruneBefore);
      state.downEvents = state.downEvents.filter((e) => e.atMs > pruneBefore);
      this.ctx.events.record(obj, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${why}`, COMPONENT);
      set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      return ts;
    };
    const base = { currentReplicas: current, desiredReplicas: hpa.status?.desiredReplicas ?? current, ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}) };
    if (current === 0 && min !== 0) {
      set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      write({ ...base, desiredReplicas: 0, conditions });
      return;
    }
    if (current > max || current < min) {
      // reconcileAutoscaler (pkg/controller/podautoscaler/horizontal.go): a target outside the bounds is
      // brought to the nearest bound at once, without reading metrics.
      const desired = current > max ? max : min;
      const why = current > max ? 'Current number of replicas above Spec.MaxReplicas' : 'Current number of replicas below Spec.MinReplicas';
      const lastScaleTime = rescale(desired, why) ?? hpa.status?.lastScaleTime;
      write({ observedGeneration: obj.metadata.generation, ...(lastScaleTime ? { lastScaleTime } : {}), currentReplicas: current, desiredReplicas: desired, conditions });
      return;
    }
    const pods = store.list('Pod', obj.metadata.namespace).filter((p) => matchesSelector(selector, p.metadata.labels)) as unknown as Pod[];
    // computeReplicasForMetrics: the largest proposal of all metrics.
    let proposal = 0;
    let proposalReason = '';
    const currentMetrics: MetricStatus[] = [];
    let failure: MetricsError | undefined;
    for (const metric of spec.metrics?.length ? spec.metrics : defaultMetrics()) {
      if (metric.type !== 'Resource' || !metric.resource) continue;
      const resource = metric.resource.name as Resource;
      const t = metric.resource.target;
      const target = t.type === 'Utilization' ? { utilization: t.averageUtilization ?? 80 } : { averageValue: (resource === 'cpu' ? milliCpu(t.averageValue) : bytes(t.averageValue)) ?? 0 };
      let r: ReplicaResult;
      try {
        r = resourceReplicas({ resource, target, currentReplicas: current, pods, metrics: (p) => this.metrics.pod(p.metadata!.namespace!, p.metadata!.name!), nowMs: now, parse: (x) => clock.parse(x) });
      } catch (e) {
        if (!(e instanceof MetricsError)) throw e;
        failure = e;
        continue;
      }
      currentMetrics.push({ type: 'Resource', resource: { name: resource, current: { ...(r.utilization !== undefined ? { averageUtilization: r.utilization } : {}), averageValue: resource === 'cpu' ? `${r.averageValue}m` : String(r.averageValue) } } });
      if (r.replicas > proposal) {
        proposal = r.replicas;
        proposalReason = `${resource} resource${t.type === 'Utilization' ? ' utilization (percentage of request)' : ''}`;
      }
    }
    if (currentMetrics.length === 0 && failure) {
      set('ScalingActive', 'False', failure.reason, `the HPA was unable to compute the replica count: ${failure.message}`);
      this.ctx.events.record(obj, 'Warning', failure.reason, failure.message, COMPONENT);
      write({ ...base, conditions, currentMetrics: [] });
      return;
    }
    set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${proposalReason}`);
    const { up, down } = rules(spec.behavior);
    const stabilized = stabilize(state.recommendations, proposal, current, now, up, down);
    const limited = limitRate(stabilized, current, min, max, up, down, state.upEvents, state.downEvents, now);
    set('ScalingLimited', limited.condition.status, limited.condition.reason, limited.condition.message);
    const desired = limited.replicas;
    const why = desired > current ? `${proposalReason} above target` : 'All metrics below target';
    const lastScaleTime = rescale(desired, why) ?? hpa.status?.lastScaleTime;
    write({
      observedGeneration: obj.metadata.generation,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      currentReplicas: current,
      desiredReplicas: desired,
      currentMetrics,
      conditions,
    });
  }
}

/** autoscaling/v2 defaulting (pkg/apis/autoscaling/v2/defaults.go): no metrics, or an empty list, means 80 % CPU utilisation. */
function defaultMetrics(): MetricSpec[] {
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
}

function setCondition(conditions: HorizontalPodAutoscalerCondition[], now: string, type: string, status: string, reason: string, message: string): void {
  const i = conditions.findIndex((c) => c.type === type);
  const prev = conditions[i];
  const next: HorizontalPodAutoscalerCondition = { type, status, reason, message, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}

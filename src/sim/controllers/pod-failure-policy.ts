/**
 * A Job's podFailurePolicy (kubernetes pkg/controller/job/pod_failure_policy.go matchPodFailurePolicy):
 * the first rule that matches a failed pod decides. `onExitCodes` matches a terminated container (app
 * containers first, then init containers; the one named, if a name is given) whose non-zero exit code
 * is In / NotIn the values; `onPodConditions` matches a condition of the pod by type and status (such as
 * DisruptionTarget, set on eviction and preemption). FailJob fails the Job at once, Ignore keeps the
 * failure out of the count towards backoffLimit, Count counts it (as without a policy). FailIndex needs
 * backoffLimitPerIndex, which the simulator does not have: such a rule is skipped.
 */
import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export interface PolicyMatch {
  /** Whether the failure counts towards backoffLimit. */
  count: boolean;
  /** Set when a FailJob rule matched: the Job's failure message. */
  failJob?: string;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return { count: true };
  const where = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    let subject: string | undefined;
    if (rule.onExitCodes) {
      const c = matchOnExitCodes(pod, rule.onExitCodes);
      if (c) subject = `Container ${c.name} for pod ${where} failed with exit code ${c.state!.terminated!.exitCode}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((pc) => rule.onPodConditions!.some((p) => p.type === pc.type && (p.status ?? 'True') === pc.status));
      if (cond) subject = `Pod ${where} has condition ${cond.type}`;
    }
    if (subject === undefined) continue;
    if (rule.action === 'Ignore') return { count: false };
    if (rule.action === 'Count') return { count: true };
    if (rule.action === 'FailJob') return { count: true, failJob: `${subject} matching FailJob rule at index ${index}` };
  }
  return { count: true };
}

function matchOnExitCodes(pod: Pod, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  const matching = (statuses: ContainerStatus[] | undefined): ContainerStatus | undefined =>
    (statuses ?? []).find((s) => {
      const code = s.state?.terminated?.exitCode;
      if (code === undefined || code === 0) return false;
      if (req.containerName && req.containerName !== s.name) return false;
      return req.operator === 'In' ? req.values.includes(code) : req.operator === 'NotIn' ? !req.values.includes(code) : false;
    });
  return matching(pod.status?.containerStatuses) ?? matching(pod.status?.initContainerStatuses);
}

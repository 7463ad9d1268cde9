/**
 * The Priority admission plugin (plugin/pkg/admission/priority/admission.go).
 * On Pod create it resolves `spec.priority` (and `spec.preemptionPolicy`) from `priorityClassName`, or
 * from the PriorityClass marked `globalDefault` (the lowest, if several) — then `priorityClassName`
 * names it — or 0 when there is none. An unknown class, or a `spec.priority` that disagrees with the
 * class, is Forbidden. On PriorityClass create it refuses a second global default.
 * The API server's built-in classes system-cluster-critical and system-node-critical always resolve.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../../kube/object.ts';
import { text } from '../../kube/text.ts';
import { ApiError } from '../api-error.ts';
import type { Store } from '../store.ts';

/** scheduling.DefaultPriorityWhenNoDefaultClassExists */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;

/** The classes the API server creates at start-up (pkg/apis/scheduling SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' },
];

function forbidden(resource: string, name: string | undefined, en: string, ko: string): ApiError {
  // errors.NewForbidden: `pods "x" is forbidden: …`, or `pods is forbidden: …` before a name is generated.
  const q = name ? `${resource} "${name}"` : resource;
  return new ApiError('Forbidden', text(`${q}이(가) 금지되었다: ${ko}`, `${q} is forbidden: ${en}`), { ...(name ? { name } : {}), kind: resource });
}

function lookup(store: Store, name: string): PriorityClass | undefined {
  return (store.get('PriorityClass', name) as unknown as PriorityClass | undefined) ?? SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name);
}

/** getDefaultPriorityClass: the global default with the lowest value. */
function defaultPriorityClass(store: Store): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  for (const obj of store.list('PriorityClass')) {
    const pc = obj as unknown as PriorityClass;
    if (pc.globalDefault && (!best || best.value > pc.value)) best = pc;
  }
  return best;
}

function admitPod(obj: KubeObject, store: Store): KubeObject {
  const pod = obj as unknown as Pod;
  const spec = { ...(pod.spec ?? { containers: [] }) };
  let priority: number;
  let policy: string | undefined;
  if (!spec.priorityClassName) {
    const dpc = defaultPriorityClass(store);
    if (dpc) {
      spec.priorityClassName = dpc.metadata!.name!;
      priority = dpc.value;
      policy = dpc.preemptionPolicy ?? 'PreemptLowerPriority';
    } else {
      priority = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
      policy = 'PreemptLowerPriority';
    }
  } else {
    const pc = lookup(store, spec.priorityClassName);
    if (!pc) {
      throw forbidden('pods', pod.metadata?.name, `no PriorityClass with name ${spec.priorityClassName} was found`, `이름이 ${spec.priorityClassName}인 PriorityClass가 없다`);
    }
    priority = pc.value;
    policy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw forbidden(
      'pods',
      pod.metadata?.name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      `파드 spec에 priority 정수값(${spec.priority})을 직접 지정하면 안 된다. priority 어드미션 컨트롤러가 PriorityClass 이름에서 ${priority}을(를) 계산했다`,
    );
  }
  spec.priority = priority;
  if (policy) {
    if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
      throw forbidden(
        'pods',
        pod.metadata?.name,
        `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
        `파드 spec에 PreemptionPolicy 문자열값(${spec.preemptionPolicy})을 직접 지정하면 안 된다. priority 어드미션 컨트롤러가 PriorityClass 이름에서 ${policy}을(를) 계산했다`,
      );
    }
    spec.preemptionPolicy = policy;
  }
  return { ...obj, spec } as KubeObject;
}

function validatePriorityClass(obj: KubeObject, store: Store): KubeObject {
  const pc = obj as unknown as PriorityClass;
  if (!pc.globalDefault) return obj;
  const dpc = defaultPriorityClass(store);
  if (dpc && dpc.metadata?.name !== pc.metadata?.name) {
    throw forbidden(
      'priorityclasses.scheduling.k8s.io',
      pc.metadata?.name,
      `PriorityClass ${dpc.metadata?.name} is already marked as default. Only one default can exist`,
      `PriorityClass ${dpc.metadata?.name}이(가) 이미 기본값으로 지정되어 있다. 기본값은 하나만 둘 수 있다`,
    );
  }
  return obj;
}

/** The admission plugin: Pod create resolves priority; PriorityClass create checks the global default. */
export function priorityAdmission(obj: KubeObject, store: Store): KubeObject {
  if (obj.kind === 'Pod') return admitPod(obj, store);
  if (obj.kind === 'PriorityClass') return validatePriorityClass(obj, store);
  return obj;
}

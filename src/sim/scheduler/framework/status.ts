/**
 * framework.Status (k8s.io/kube-scheduler/framework/interface.go): what a plugin says about a pod.
 * Unschedulable can be fixed by preemption; UnschedulableAndUnresolvable cannot; Skip tells the
 * framework to leave the plugin out of the rest of the cycle.
 */
export type Code = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Wait' | 'Skip' | 'Pending';

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that returned it. */
  readonly plugin: string;
}

export function newStatus(code: Code, plugin: string, ...reasons: string[]): Status {
  return { code, reasons, plugin };
}

/** Status.Message(): the reasons joined by ", ". */
export function statusMessage(s: Status): string {
  return s.reasons.join(', ');
}

/** Status.IsRejected(): Unschedulable, UnschedulableAndUnresolvable or Pending. */
export function isRejected(s: Status | null): boolean {
  return s !== null && (s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable' || s.code === 'Pending');
}

export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: [], plugin: '' }) as Status;

/** The same status, attributed to a plugin. */
export function withPlugin(s: Status, plugin: string): Status {
  return s.plugin === plugin ? s : { code: s.code, reasons: s.reasons, plugin };
}

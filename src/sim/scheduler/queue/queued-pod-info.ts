/**
 * framework.QueuedPodInfo: a pod in the scheduling queue with its queueing history — when it was
 * (re)queued, how many attempts it has had, which plugins rejected it last time.
 */
import type { PodInfo } from '../framework/pod-info.ts';

export type QueueName = 'active' | 'backoff' | 'errorBackoff' | 'unschedulable' | 'inFlight';

export class QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was added to the queue, or last failed (ms of virtual time). */
  timestamp: number;
  /** Tie-breaker for equal timestamps: the order pods were queued in (FIFO). */
  seq: number;
  initialAttemptTimestamp: number | undefined;
  attempts = 0;
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  /** The PreEnqueue plugin keeping it out of the active queue, if any. */
  gatingPlugin: string | undefined;
  backoffExpiration: number | undefined;
  where: QueueName | undefined;

  constructor(podInfo: PodInfo, timestamp: number, seq: number) {
    this.podInfo = podInfo;
    this.timestamp = timestamp;
    this.seq = seq;
  }

  get uid(): string {
    return this.podInfo.uid;
  }
}

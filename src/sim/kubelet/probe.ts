/**
 * Probe results as pkg/kubelet/prober/worker.go keeps them: a result changes only after
 * `failureThreshold` consecutive failures or `successThreshold` consecutive successes. Readiness starts
 * as Failure, liveness as Success, startup as Unknown (worker.go newWorker: initialValue).
 */
import type { Probe } from 'kubernetes-types/core/v1';
import type { ImageBehavior } from './images.ts';

export type ProbeType = 'readiness' | 'liveness' | 'startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

export class ProbeState {
  result: ProbeResult;
  private successes = 0;
  private failures = 0;
  readonly spec: Probe;

  constructor(type: ProbeType, spec: Probe) {
    this.spec = spec;
    this.result = type === 'readiness' ? 'Failure' : type === 'liveness' ? 'Success' : 'Unknown';
  }

  /** Records one probe outcome; returns true when the result changed. */
  observe(ok: boolean): boolean {
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (this.result !== 'Success' && this.successes >= (this.spec.successThreshold ?? 1)) {
        this.result = 'Success';
        return true;
      }
    } else {
      this.successes = 0;
      this.failures++;
      if (this.result !== 'Failure' && this.failures >= (this.spec.failureThreshold ?? 3)) {
        this.result = 'Failure';
        return true;
      }
    }
    return false;
  }
}

export interface ProbeOutcome {
  ok: boolean;
  /** What the kubelet reports in the Unhealthy event when it fails. */
  message: string;
}

/**
 * Runs a probe against a simulated container: a TCP or HTTP probe succeeds when the image listens on
 * that port (and, for HTTP, serves the path); an exec probe succeeds while the container runs.
 */
export function runProbe(
  spec: Probe,
  behavior: ImageBehavior,
  listening: boolean,
  podIp: string,
  resolvePort: (port: number | string) => number | undefined,
): ProbeOutcome {
  const refused = (port: number | undefined): ProbeOutcome => ({ ok: false, message: `dial tcp ${podIp}:${port ?? 0}: connect: connection refused` });
  if (spec.tcpSocket || spec.grpc) {
    const port = spec.tcpSocket ? resolvePort(spec.tcpSocket.port) : spec.grpc!.port;
    return listening && port !== undefined && (behavior.ports ?? []).includes(port) ? { ok: true, message: '' } : refused(port);
  }
  if (spec.httpGet) {
    const port = resolvePort(spec.httpGet.port);
    const path = spec.httpGet.path ?? '/';
    if (!listening || port === undefined || !(behavior.ports ?? []).includes(port)) {
      return { ok: false, message: `Get "http://${podIp}:${port ?? 0}${path}": dial tcp ${podIp}:${port ?? 0}: connect: connection refused` };
    }
    const healthy = behavior.healthPaths === undefined || behavior.healthPaths.includes(path);
    return healthy ? { ok: true, message: '' } : { ok: false, message: 'HTTP probe failed with statuscode: 404' };
  }
  return { ok: true, message: '' };
}

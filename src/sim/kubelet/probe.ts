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
  readonly type: ProbeType;
  readonly spec: Probe;
  result: ProbeResult;
  private successes = 0;
  private failures = 0;

  constructor(type: ProbeType, spec: Probe) {
    this.type = type;
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

export interface ProbeTarget {
  behavior: ImageBehavior;
  podIp: string;
  /** The app's ports answer (started up, not crashed). */
  listening: boolean;
  /** The process runs but no longer answers requests. */
  hung: boolean;
  resolvePort(port: number | string): number | undefined;
}

export interface ProbeOutcome {
  ok: boolean;
  /** What the kubelet reports in the Unhealthy event when it fails (pkg/kubelet/prober/prober.go). */
  message: string;
}

/**
 * Runs a probe against a simulated container. A TCP probe succeeds when the port is open, even if the
 * app is hung (the kernel still accepts the connection); an HTTP or gRPC probe also needs the app to
 * answer (and, for HTTP, to serve the path); an exec probe succeeds unless the app is hung.
 */
export function runProbe(spec: Probe, t: ProbeTarget): ProbeOutcome {
  const open = (port: number | undefined): boolean => t.listening && port !== undefined && (t.behavior.ports ?? []).includes(port);
  if (spec.tcpSocket) {
    const port = t.resolvePort(spec.tcpSocket.port);
    return open(port) ? { ok: true, message: '' } : { ok: false, message: `dial tcp ${t.podIp}:${port ?? 0}: connect: connection refused` };
  }
  if (spec.httpGet) {
    const port = t.resolvePort(spec.httpGet.port);
    const path = spec.httpGet.path ?? '/';
    const url = `http://${t.podIp}:${port ?? 0}${path}`;
    if (!open(port)) return { ok: false, message: `Get "${url}": dial tcp ${t.podIp}:${port ?? 0}: connect: connection refused` };
    if (t.hung) return { ok: false, message: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` };
    const healthy = t.behavior.healthPaths === undefined || t.behavior.healthPaths.includes(path);
    return healthy ? { ok: true, message: '' } : { ok: false, message: 'HTTP probe failed with statuscode: 404' };
  }
  if (spec.grpc) {
    if (!open(spec.grpc.port)) return { ok: false, message: `timeout: failed to connect service "${t.podIp}:${spec.grpc.port}" within 1s: context deadline exceeded` };
    return t.hung ? { ok: false, message: `timeout: health rpc did not complete within 1s` } : { ok: true, message: '' };
  }
  return t.hung ? { ok: false, message: `command timed out: "${(spec.exec?.command ?? []).join(' ')}" timed out after ${spec.timeoutSeconds ?? 1}s` } : { ok: true, message: '' };
}

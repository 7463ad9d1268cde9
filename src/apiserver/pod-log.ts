/**
 * `pods/log` (`kubectl logs`): a container's log lines from the simulated kubelet, as text/plain,
 * with `container`, `previous`, `tailLines`, `limitBytes` and `follow` (lines as they are written,
 * until the container stops or the client goes away), and the kubelet's refusals as 400s.
 */
import type { ServerResponse } from 'node:http';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Cluster } from '../sim/cluster.ts';
import { badRequest } from './status.ts';

export interface LogOptions {
  container?: string | null;
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  follow: boolean;
  /** Wall milliseconds between checks for new lines when following. */
  pollMs: number;
}

function containerOf(pod: Pod, requested: string | null | undefined): string {
  const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
  if (requested) {
    if (!names.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${pod.metadata!.name}`);
    return requested;
  }
  const main = (pod.spec?.containers ?? []).map((c) => c.name);
  if (main.length === 1) return main[0]!;
  const defaulted = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  if (defaulted && names.includes(defaulted)) return defaulted;
  throw badRequest(
    `a container name must be specified for pod ${pod.metadata!.name}, choose one of: [${main.join(' ')}]${pod.spec?.initContainers?.length ? ` or one of the init containers: [${pod.spec.initContainers.map((c) => c.name).join(' ')}]` : ''}`,
  );
}

function waitingReason(pod: Pod, container: string): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const s = statuses.find((c) => c.name === container);
  if (!s) return 'ContainerCreating';
  if (s.state?.waiting && !s.lastState?.terminated) return s.state.waiting.reason ?? 'ContainerCreating';
  return undefined;
}

export function servePodLog(res: ServerResponse, cluster: Cluster, pod: Pod, o: LogOptions): void {
  const name = pod.metadata!.name!;
  const namespace = pod.metadata!.namespace ?? 'default';
  const container = containerOf(pod, o.container);
  if (!pod.spec?.nodeName) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ContainerCreating`);
  const waiting = waitingReason(pod, container);
  const read = (): string[] | undefined => cluster.logs(name, container, { namespace, previous: o.previous });
  let lines = read();
  if (o.previous && (!lines || lines.length === 0)) {
    const restarted = (pod.status?.containerStatuses ?? []).find((c) => c.name === container)?.lastState?.terminated;
    if (!restarted) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  }
  if (!o.previous && waiting && (!lines || lines.length === 0)) throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting}`);
  lines ??= [];
  const shown = o.tailLines !== undefined ? lines.slice(Math.max(0, lines.length - o.tailLines)) : lines;
  let text = shown.map((l) => `${l}\n`).join('');
  if (o.limitBytes !== undefined) text = text.slice(0, o.limitBytes);
  if (!o.follow) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (text) res.write(text);
  let seen = lines.length;
  const uid = pod.metadata!.uid;
  const timer = setInterval(() => {
    const current = cluster.ctx.store.get('Pod', name, namespace) as unknown as Pod | undefined;
    const now = read() ?? [];
    if (now.length < seen) seen = 0;
    if (now.length > seen) {
      res.write(
        now
          .slice(seen)
          .map((l) => `${l}\n`)
          .join(''),
      );
      seen = now.length;
    }
    const status = current?.status?.containerStatuses?.find((c) => c.name === container);
    if (!current || current.metadata?.uid !== uid || status?.state?.terminated || current.metadata?.deletionTimestamp) {
      clearInterval(timer);
      res.end();
    }
  }, o.pollMs);
  res.on('close', () => clearInterval(timer));
}

/**
 * Defaults the API server fills in, from kubernetes pkg/apis/apps/v1/defaults.go and
 * pkg/apis/core/v1/defaults.go. Each function returns a new object; the input is not changed.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Container, Pod, PodSpec, PodTemplateSpec, Probe, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from './object.ts';

export function applyDefaults<T extends KubeObject>(obj: T): T {
  const copy = structuredClone(obj);
  switch (copy.kind) {
    case 'Deployment':
      defaultDeployment(copy as unknown as Deployment);
      break;
    case 'ReplicaSet':
      defaultReplicaSet(copy as unknown as ReplicaSet);
      break;
    case 'Pod':
      if ((copy as unknown as Pod).spec) defaultPodSpec((copy as unknown as Pod).spec!);
      break;
    case 'Service':
      defaultService(copy as unknown as Service);
      break;
  }
  return copy;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
function defaultDeployment(d: Deployment): void {
  const spec = d.spec;
  if (!spec) return;
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template);
}

/** SetDefaults_ReplicaSet: replicas 1. */
function defaultReplicaSet(rs: ReplicaSet): void {
  if (!rs.spec) return;
  rs.spec.replicas ??= 1;
  defaultTemplate(rs.spec.template);
}

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (t?.spec) defaultPodSpec(t.spec);
}

/** SetDefaults_PodSpec and the container defaults it pulls in. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
}

function defaultContainer(c: Container): void {
  // SetDefaults_Container: Always for an untagged or :latest image, otherwise IfNotPresent.
  c.imagePullPolicy ??= imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  // SetDefaults_ResourceList via defaultRequests: requests copy limits that have no request.
  const limits = c.resources?.limits;
  if (limits && c.resources) {
    const requests = { ...(c.resources.requests ?? {}) };
    for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
    c.resources.requests = requests;
  }
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
}

/** SetDefaults_Probe plus SetDefaults_HTTPGetAction. */
function defaultProbe(p: Probe): void {
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

/** SetDefaults_Service: type ClusterIP, sessionAffinity None, protocol TCP, targetPort = port. */
function defaultService(s: Service): void {
  const spec = s.spec;
  if (!spec) return;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    (p as Mutable<typeof p>).targetPort ??= p.port;
  }
}

/** The tag of an image reference (`nginx:1.27` → `1.27`; `nginx` and `nginx:latest` → `latest`; digests → ''). */
export function imageTag(image: string): string {
  if (image.includes('@')) return '';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

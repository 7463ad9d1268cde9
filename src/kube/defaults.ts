/**
 * Defaults the API server fills in, from kubernetes pkg/apis/apps/v1/defaults.go and
 * pkg/apis/core/v1/defaults.go. Each function returns a new object; the input is not changed.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job, JobSpec } from 'kubernetes-types/batch/v1';
import type { Container, Pod, PodSpec, PodTemplateSpec, Probe, Secret, Service } from 'kubernetes-types/core/v1';
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
    case 'StatefulSet':
      defaultStatefulSet(copy as unknown as StatefulSet);
      break;
    case 'DaemonSet':
      defaultDaemonSet(copy as unknown as DaemonSet);
      break;
    case 'Job':
      if ((copy as unknown as Job).spec) defaultJobSpec((copy as unknown as Job).spec!);
      break;
    case 'CronJob':
      defaultCronJob(copy as unknown as CronJob);
      break;
    case 'Secret':
      // SetDefaults_Secret: an empty type is Opaque.
      (copy as unknown as Mutable<Secret>).type ||= 'Opaque';
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

/** apps/v1 SetDefaults_StatefulSet. */
function defaultStatefulSet(sts: StatefulSet): void {
  const spec = sts.spec;
  if (!spec) return;
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  for (const claim of spec.volumeClaimTemplates ?? []) {
    if (claim.spec) claim.spec.volumeMode ??= 'Filesystem';
  }
  defaultTemplate(spec.template);
}

/** apps/v1 SetDefaults_DaemonSet. */
function defaultDaemonSet(ds: DaemonSet): void {
  const spec = ds.spec;
  if (!spec) return;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template);
}

/** batch/v1 SetDefaults_Job: completions and parallelism 1 when both are unset, backoffLimit 6. */
function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= undefined;
  if (spec.manualSelector === undefined) delete spec.manualSelector;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultTemplate(spec.template);
}

/** batch/v1 SetDefaults_CronJob: Allow, not suspended, keep 3 successful and 1 failed job. */
function defaultCronJob(cj: CronJob): void {
  const spec = cj.spec;
  if (!spec) return;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  if (spec.jobTemplate?.spec) defaultJobSpec(spec.jobTemplate.spec);
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

/** PodSpec rules from kubernetes pkg/apis/core/validation/validation.go (ValidatePodSpec and friends). */
import { milliCpu, parseQuantity } from '../quantity.ts';
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { dns1123Label, portName } from './names.ts';
import { validateTolerations, validateTopologySpreadConstraints } from './scheduling.ts';
import { asInt, asIntOrString, asList, asMap, asString, nonNegative, portNumber, type Json } from './values.ts';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export function validatePodSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const names = new Set<string>();
  // Validation sees the defaulted spec: terminationGracePeriodSeconds 30 when absent.
  const grace = typeof s.terminationGracePeriodSeconds === 'number' ? s.terminationGracePeriodSeconds : 30;
  const containers = asList(s.containers, errs.at('containers'));
  if (!containers || containers.length === 0) errs.at('containers').required();
  (containers ?? []).forEach((c, i) => validateContainer(c, errs.at('containers', i), names, grace, false));
  (asList(s.initContainers, errs.at('initContainers')) ?? []).forEach((c, i) => validateContainer(c, errs.at('initContainers', i), names, grace, true));
  const restartPolicy = asString(s.restartPolicy, errs.at('restartPolicy'));
  if (restartPolicy !== undefined && !(RESTART_POLICIES as readonly string[]).includes(restartPolicy)) errs.at('restartPolicy').notSupported(restartPolicy, RESTART_POLICIES);
  nonNegative(asInt(s.terminationGracePeriodSeconds, errs.at('terminationGracePeriodSeconds')), errs.at('terminationGracePeriodSeconds'));
  const nodeSelector = asMap(s.nodeSelector, errs.at('nodeSelector'));
  for (const [k, v] of Object.entries(nodeSelector ?? {})) asString(v, errs.at('nodeSelector', k));
  asString(s.nodeName, errs.at('nodeName'));
  validateTolerations(s.tolerations, errs.at('tolerations'));
  validateTopologySpreadConstraints(s.topologySpreadConstraints, errs.at('topologySpreadConstraints'));
}

function validateContainer(container: unknown, errs: Errors, names: Set<string>, grace: number, init: boolean): void {
  const c = asMap(container, errs);
  if (!c) return;
  const name = asString(c.name, errs.at('name'));
  if (!name) errs.at('name').required();
  else {
    for (const p of dns1123Label(name)) errs.at('name').invalid(name, p);
    if (names.has(name)) errs.at('name').duplicate(name);
    names.add(name);
  }
  const image = asString(c.image, errs.at('image'));
  if (!image || image.trim() === '') errs.at('image').required();
  else if (image !== image.trim()) errs.at('image').invalid(image, text('앞뒤에 공백이 있으면 안 된다', 'must not have leading or trailing whitespace'));
  const pull = asString(c.imagePullPolicy, errs.at('imagePullPolicy'));
  if (pull !== undefined && !(PULL_POLICIES as readonly string[]).includes(pull)) errs.at('imagePullPolicy').notSupported(pull, PULL_POLICIES);
  for (const key of ['command', 'args'] as const) {
    (asList(c[key], errs.at(key)) ?? []).forEach((a, i) => asString(a, errs.at(key, i)));
  }
  validatePorts(c.ports, errs.at('ports'));
  validateEnv(c.env, errs.at('env'));
  validateResources(c.resources, errs.at('resources'));
  // validateInitContainers / validateContainers: a container's restartPolicy makes an init container a
  // sidecar (only Always); app containers may not set it (ContainerRestartRules is alpha in v1.34).
  const restart = asString(c.restartPolicy, errs.at('restartPolicy'));
  if (restart !== undefined && init && restart !== 'Always') errs.at('restartPolicy').notSupported(restart, ['Always']);
  if (restart !== undefined && !init) errs.at('restartPolicy').forbidden(text('초기화 컨테이너가 아닌 컨테이너에는 지정할 수 없다', 'may not be set for non-init containers'));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    if (init && c[probe] !== undefined && restart !== 'Always') errs.at(probe).forbidden(text('restartPolicy=Always가 아닌 초기화 컨테이너에는 지정할 수 없다', 'may not be set for init containers without restartPolicy=Always'));
    else validateProbe(c[probe], errs.at(probe), probe);
  }
  // validateInitContainers: only a sidecar (restartPolicy Always) may have lifecycle hooks.
  if (init && c.lifecycle !== undefined && c.restartPolicy !== 'Always')
    errs.at('lifecycle').forbidden(text('restartPolicy=Always가 아닌 초기화 컨테이너에는 지정할 수 없다', 'may not be set for init containers without restartPolicy=Always'));
  else validateLifecycle(c.lifecycle, errs.at('lifecycle'), grace);
}

const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;

/**
 * validateLifecycle / validateLifecycleHandler / validateSleepAction: each hook has exactly one handler;
 * a sleep lasts from 0 seconds (PodLifecycleSleepActionAllowZero, GA in v1.34) up to the grace period.
 */
function validateLifecycle(lifecycle: unknown, errs: Errors, grace: number): void {
  const l = asMap(lifecycle, errs);
  if (!l) return;
  for (const hook of ['postStart', 'preStop'] as const) {
    const e = errs.at(hook);
    const h = asMap(l[hook], e);
    if (!h) continue;
    const handlers = LIFECYCLE_HANDLERS.filter((k) => h[k] !== undefined);
    if (handlers.length === 0) e.required(text('훅 방식(exec, httpGet, sleep) 하나를 지정해야 한다', 'must specify a handler type'));
    if (handlers.length > 1) e.at(handlers[1]!).forbidden(text('훅 방식은 하나만 지정할 수 있다', 'may not specify more than 1 handler type'));
    const exec = asMap(h.exec, e.at('exec'));
    if (exec) {
      const command = asList(exec.command, e.at('exec', 'command'));
      if (!command || command.length === 0) e.at('exec', 'command').required();
      (command ?? []).forEach((a, i) => asString(a, e.at('exec', 'command', i)));
    }
    const http = asMap(h.httpGet, e.at('httpGet'));
    if (http) probePort(http.port, e.at('httpGet', 'port'));
    const tcp = asMap(h.tcpSocket, e.at('tcpSocket'));
    if (tcp) probePort(tcp.port, e.at('tcpSocket', 'port'));
    const sleep = asMap(h.sleep, e.at('sleep'));
    const seconds = sleep ? asInt(sleep.seconds ?? 0, e.at('sleep', 'seconds')) : undefined;
    if (seconds !== undefined && (seconds < 0 || seconds > grace))
      e.at('sleep').invalid(seconds, text(`0 이상, terminationGracePeriodSeconds(${grace}) 이하여야 한다`, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`));
  }
}

function validatePorts(ports: unknown, errs: Errors): void {
  const names = new Set<string>();
  (asList(ports, errs) ?? []).forEach((p, i) => {
    const port = asMap(p, errs.at(i));
    if (!port) return;
    const e = errs.at(i);
    const containerPort = asInt(port.containerPort, e.at('containerPort'));
    if (containerPort === undefined) e.at('containerPort').required();
    portNumber(containerPort, e.at('containerPort'));
    portNumber(asInt(port.hostPort, e.at('hostPort')), e.at('hostPort'));
    const protocol = asString(port.protocol, e.at('protocol'));
    if (protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(protocol)) e.at('protocol').notSupported(protocol, PROTOCOLS);
    const name = asString(port.name, e.at('name'));
    if (name !== undefined) {
      for (const msg of portName(name)) e.at('name').invalid(name, msg);
      if (names.has(name)) e.at('name').duplicate(name);
      names.add(name);
    }
  });
}

function validateEnv(env: unknown, errs: Errors): void {
  (asList(env, errs) ?? []).forEach((v, i) => {
    const e = asMap(v, errs.at(i));
    if (!e) return;
    const name = asString(e.name, errs.at(i, 'name'));
    if (!name) errs.at(i, 'name').required();
    if (e.value !== undefined) asString(e.value, errs.at(i, 'value'));
    if (e.value !== undefined && e.valueFrom !== undefined)
      errs.at(i, 'valueFrom').invalid('', text('value가 비어 있지 않으면 valueFrom을 지정할 수 없다', 'may not be specified when `value` is not empty'));
  });
}

function validateResources(resources: unknown, errs: Errors): void {
  const r = asMap(resources, errs);
  if (!r) return;
  const limits = asMap(r.limits, errs.at('limits')) ?? {};
  const requests = asMap(r.requests, errs.at('requests')) ?? {};
  for (const [group, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(values)) {
      const e = errs.at(group, name);
      const n = parseQuantity(q);
      if (n === undefined) e.invalid(q, text("수량 형식이어야 한다 (예: '500m', '1', '128Mi')", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
      else if (n < 0) e.invalid(q, text('0 이상이어야 한다', 'must be greater than or equal to 0'));
    }
  }
  for (const [name, req] of Object.entries(requests)) {
    if (!(name in limits)) continue;
    const a = name === 'cpu' ? milliCpu(req) : parseQuantity(req);
    const b = name === 'cpu' ? milliCpu(limits[name]) : parseQuantity(limits[name]);
    if (a !== undefined && b !== undefined && a > b)
      errs.at('requests', name).invalid(req, text(`${name} limit(${String(limits[name])}) 이하여야 한다`, `must be less than or equal to ${name} limit of ${String(limits[name])}`));
  }
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

function validateProbe(probe: unknown, errs: Errors, kind: string): void {
  const p = asMap(probe, errs);
  if (!p) return;
  const handlers = HANDLERS.filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.required(text('프로브 방식(exec, httpGet, tcpSocket, grpc) 하나를 지정해야 한다', 'must specify a handler type'));
  if (handlers.length > 1) errs.at(handlers[1]!).forbidden(text('프로브 방식은 하나만 지정할 수 있다', 'may not specify more than 1 handler type'));
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    nonNegative(asInt(p[field], errs.at(field)), errs.at(field));
  }
  const success = p.successThreshold;
  if ((kind === 'livenessProbe' || kind === 'startupProbe') && typeof success === 'number' && success !== 1)
    errs.at('successThreshold').invalid(success, text('1이어야 한다', 'must be 1'));
  const http = asMap(p.httpGet, errs.at('httpGet'));
  if (http) probePort(http.port, errs.at('httpGet', 'port'));
  const tcp = asMap(p.tcpSocket, errs.at('tcpSocket'));
  if (tcp) probePort(tcp.port, errs.at('tcpSocket', 'port'));
  const exec = asMap(p.exec, errs.at('exec'));
  if (exec) (asList(exec.command, errs.at('exec', 'command')) ?? []).forEach((a, i) => asString(a, errs.at('exec', 'command', i)));
  const grpc = asMap(p.grpc, errs.at('grpc'));
  if (grpc) portNumber(asInt(grpc.port, errs.at('grpc', 'port')), errs.at('grpc', 'port'));
}

function probePort(port: unknown, errs: Errors): void {
  const v = asIntOrString(port, errs);
  if (v === undefined) errs.required();
  else if (typeof v === 'number') portNumber(v, errs);
  else for (const msg of portName(v)) errs.invalid(v, msg);
}

/** Pod template labels/annotations plus spec, as used by Deployments and ReplicaSets. */
export function validatePodTemplate(template: unknown, errs: Errors): Json | undefined {
  const t = asMap(template, errs);
  if (!t) {
    errs.required();
    return undefined;
  }
  validatePodSpec(t.spec, errs.at('spec'));
  return t;
}

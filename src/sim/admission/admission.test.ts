import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/object.ts';
import { createCluster } from '../cluster.ts';
import { deployment } from '../testing.ts';

const quota = (hard: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'quota' }, spec: { hard } });
const pod = (name: string, resources?: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...(resources ? { resources } : {}) }] } });

// plugin/pkg/admission/resourcequota, pkg/controller/resourcequota
describe('ResourceQuota', () => {
  it('a quota of 2 pods rejects the third with the upstream "exceeded quota" message', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([quota({ pods: '2' }), pod('a'), pod('b')]);
    const [out] = c.apply([pod('c')]);
    expect(out!.error!.toStatus()).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "c" is forbidden: exceeded quota: quota, requested: pods=1, used: pods=2, limited: pods=2' });
    c.advance('1s');
    expect(c.get<ResourceQuota>('ResourceQuota', 'quota')!.status).toEqual({ hard: { pods: '2' }, used: { pods: '2' } });
  });

  it('a ReplicaSet over quota reports FailedCreate and ReplicaFailure, and catches up when room frees', () => {
    const c = createCluster({ nodes: 2 });
    c.apply([quota({ pods: '2' }), deployment({ replicas: 3 })]);
    c.advance('5s');
    expect(c.list('Pod')).toHaveLength(2);
    const [rs] = c.list<ReplicaSet>('ReplicaSet');
    expect(rs!.status!.conditions![0]).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(c.events({ kind: 'ReplicaSet', reason: 'FailedCreate' })[0]!.message).toMatch(/^Error creating: pods "web-\w+-\w+" is forbidden: exceeded quota: quota, requested: pods=1, used: pods=2, limited: pods=2$/);
    c.apply([quota({ pods: '3' })]);
    c.advance('15s');
    expect(c.list('Pod')).toHaveLength(3);
  });

  it('a pod must state what a quota tracks', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([quota({ 'requests.cpu': '1', 'limits.memory': '1Gi' })]);
    expect(c.apply([pod('x')])[0]!.error!.message).toBe('pods "x" is forbidden: failed quota: quota: must specify limits.memory for: app; requests.cpu for: app');
    expect(c.apply([pod('y', { requests: { cpu: '2' }, limits: { memory: '100Mi' } })])[0]!.error!.message).toBe('pods "y" is forbidden: exceeded quota: quota, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1');
  });
});

// plugin/pkg/admission/limitranger
describe('LimitRange', () => {
  const range = (limits: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits: [{ type: 'Container', ...limits }] } });

  it('fills in default limits and requests', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([range({ default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } }), pod('a')]);
    expect(c.get<Pod>('Pod', 'a')!.spec!.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '256Mi' } });
  });

  it('refuses containers outside min and max', () => {
    const c = createCluster({ nodes: 1 });
    c.apply([range({ min: { cpu: '100m' }, max: { memory: '1Gi' } })]);
    expect(c.apply([pod('a', { requests: { cpu: '50m' }, limits: { memory: '2Gi' } })])[0]!.error!.message).toBe('pods "a" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
  });
});

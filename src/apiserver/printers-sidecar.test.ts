// kubectl get pods for a pod with a sidecar (pkg/printers/internalversion/printers.go printPod): READY
// counts started and ready sidecars, RESTARTS their restarts, STATUS is not Init once they have started.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/object.ts';
import { createCluster } from '../sim/cluster.ts';
import { printerFor } from './printers.ts';

describe('pod rows with sidecars', () => {
  it('show READY 2/2 Running for the Pods lesson\'s web-with-sidecar, and Init while the sidecar has not started', () => {
    const images = { 'shop/slow-agent:1.0': { pullSeconds: 60, startSeconds: 1 } };
    const pod = (name: string, image: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        initContainers: [{ name: 'log-agent', image, restartPolicy: 'Always', command: ['sh', '-c', 'tail -F /logs/access.log'] }],
        containers: [{ name: 'nginx', image: 'nginx:1.27' }],
      },
    });
    // Image pulls are serialized per node: each pod on a cluster of its own.
    const row = (name: string, image: string): unknown[] => {
      const c = createCluster({ nodes: 1, images });
      c.apply([pod(name, image)]);
      c.advance('30s');
      return printerFor('Pod', false).row(c.get('Pod', name)!, c.ctx.clock.epochMs + c.ctx.clock.now).slice(1, 4);
    };
    expect(row('web', 'busybox:1.37')).toEqual(['2/2', 'Running', '0']);
    expect(row('slow', 'shop/slow-agent:1.0')).toEqual(['0/2', 'Init:0/1', '0']);
  });
});

/** Small builders shared by the simulator's tests. */
import type { KubeObject } from '../kube/object.ts';

export interface DeploymentOptions {
  name?: string;
  namespace?: string;
  replicas?: number;
  image?: string;
  readiness?: { periodSeconds?: number; initialDelaySeconds?: number; port?: number };
  cpu?: string;
  strategy?: Record<string, unknown>;
  minReadySeconds?: number;
}

export function deployment(o: DeploymentOptions = {}): KubeObject {
  const name = o.name ?? 'web';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}) },
    spec: {
      replicas: o.replicas ?? 3,
      ...(o.strategy ? { strategy: o.strategy } : {}),
      ...(o.minReadySeconds ? { minReadySeconds: o.minReadySeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: o.image ?? 'nginx:1.27',
              ports: [{ containerPort: o.readiness?.port ?? 80 }],
              ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}),
              ...(o.readiness ? { readinessProbe: { tcpSocket: { port: o.readiness.port ?? 80 }, periodSeconds: o.readiness.periodSeconds ?? 10, initialDelaySeconds: o.readiness.initialDelaySeconds ?? 0 } } : {}),
            },
          ],
        },
      },
    },
  };
}

export function service(name = 'web', selector: Record<string, string> = { app: name }, port = 80): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ port, targetPort: port }] } };
}

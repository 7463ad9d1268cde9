/**
 * The kubeconfig that points kubectl and client-node at a served simulated cluster: one cluster, one
 * user and one context, all named `orchestra` (the context is current). `insecure-skip-tls-verify`
 * is set because @kubernetes/client-node refuses plain http:// servers without it.
 */
import { stringify } from 'yaml';

export const CONTEXT = 'orchestra';

export function kubeconfigYaml(server: string, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: CONTEXT, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: CONTEXT, user: { token: 'orchestra' } }],
    contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: CONTEXT, namespace } }],
    'current-context': CONTEXT,
  });
}

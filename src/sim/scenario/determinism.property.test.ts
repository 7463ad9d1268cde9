import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.ts';
import { runScenario } from './run.ts';

/** Same scenario and seed → the same result, byte for byte (DESIGN: deterministic simulation). */
describe('determinism', () => {
  it('any generated scenario gives identical JSON when run twice with the same seed', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          nodes: fc.integer({ min: 1, max: 4 }),
          replicas: fc.integer({ min: 0, max: 8 }),
          scaleTo: fc.integer({ min: 0, max: 8 }),
          crash: fc.boolean(),
          steps: fc.array(fc.constantFrom('advance: 7s', 'advance: 30s', 'restart: { deployment: web }', 'failNode: node-1', 'recoverNode: node-1'), { maxLength: 6 }),
        }),
        (p) => {
          const yaml = [
            `seed: ${p.seed}`,
            `cluster: { nodes: [${Array.from({ length: p.nodes }, (_, i) => `{ name: node-${i + 1} }`).join(', ')}] }`,
            `images: { "shop/app:v1": { pullSeconds: 1, startSeconds: 2, ports: [80]${p.crash ? ', crashAfterSeconds: 20' : ''} } }`,
            'manifests:',
            `  - { apiVersion: apps/v1, kind: Deployment, metadata: { name: web }, spec: { replicas: ${p.replicas}, selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: app, image: "shop/app:v1", readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 3 } }] } } } }`,
            '  - { apiVersion: v1, kind: Service, metadata: { name: web }, spec: { selector: { app: web }, ports: [{ port: 80 }] } }',
            'steps:',
            '  - advance: 20s',
            `  - scale: { deployment: web, replicas: ${p.scaleTo} }`,
            ...p.steps.map((s) => `  - ${s}`),
            '  - advance: 10s',
            'sample: { every: 2s }',
          ].join('\n');
          const run = (): string => JSON.stringify(runScenario(parseScenario('p.yaml', yaml, () => '')));
          expect(run()).toBe(run());
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});

/**
 * Scenario files: a cluster, images, manifests and timed steps, as `orchestra sim run` reads them.
 *
 *   seed: 7
 *   cluster: { nodes: [{ name: node-1, cpu: "2", memory: 4Gi }] }
 *   images: { "shop/web:v1": { startSeconds: 5, ports: [8080] } }
 *   manifests: [ ./web.yaml ]
 *   steps:
 *     - advance: 60s
 *     - setImage: { deployment: web, container: web, image: "shop/web:v2" }
 *   sample: { every: 1s }
 *
 * Parsing keeps the line of every step, so that an unknown step or one naming a missing object is
 * reported where it is written. Files are read through the `read` function the caller gives.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { loadManifests } from '../../kube/load.ts';
import type { KubeObject } from '../../kube/object.ts';
import { isPlainObject } from '../../kube/object.ts';
import type { SourcePosition } from '../../kube/position.ts';
import { text, type Text } from '../../kube/text.ts';
import { fieldOffset } from '../../kube/yaml-path.ts';
import { checkUniqueKeys } from '../../kube/yaml-unique-keys.ts';
import { parseDuration } from '../duration.ts';
import { ImageCatalogSchema } from '../kubelet/image-schema.ts';
import { NodeSpecSchema } from '../node-schema.ts';
import type { NodeSpec } from '../nodes.ts';
import type { ImageBehavior } from '../kubelet/images.ts';

const Duration = z.union([z.string(), z.number()]).refine((d) => {
  try {
    parseDuration(d);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 500ms, 30s, 5m or 1h');

const ObjectsOrPath = z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.union([z.string(), z.record(z.string(), z.unknown())]))]);
const Namespaced = { namespace: z.string().optional() };

/** Every step a scenario may use, each as a one-key mapping. */
const STEP_SCHEMAS = {
  advance: Duration,
  apply: ObjectsOrPath,
  delete: z.object({ kind: z.string(), name: z.string(), ...Namespaced }).strict(),
  setImage: z.object({ deployment: z.string(), container: z.string(), image: z.string(), ...Namespaced }).strict(),
  scale: z.object({ deployment: z.string().optional(), statefulset: z.string().optional(), replicaset: z.string().optional(), replicas: z.number().int().nonnegative(), ...Namespaced }).strict(),
  rollback: z.object({ deployment: z.string(), toRevision: z.number().int().positive().optional(), ...Namespaced }).strict(),
  restart: z.object({ deployment: z.string(), ...Namespaced }).strict(),
  pause: z.object({ deployment: z.string(), ...Namespaced }).strict(),
  resume: z.object({ deployment: z.string(), ...Namespaced }).strict(),
  traffic: z.object({ service: z.string(), rps: z.number().nonnegative(), via: z.string().optional(), port: z.union([z.number().int(), z.string()]).optional(), ...Namespaced }).strict(),
  cordon: z.string(),
  uncordon: z.string(),
  drain: z.union([z.string(), z.object({ node: z.string(), force: z.boolean().optional() }).strict()]),
  evict: z.object({ pod: z.string(), ...Namespaced }).strict(),
  failNode: z.string(),
  recoverNode: z.string(),
  addNode: NodeSpecSchema,
} as const;

export type StepName = keyof typeof STEP_SCHEMAS;

export type Step =
  | { name: 'advance'; ms: number }
  | { name: 'apply'; objects: KubeObject[] }
  | { name: Exclude<StepName, 'advance' | 'apply'>; args: Record<string, unknown> | string };

export interface ScenarioStep {
  step: Step;
  position: SourcePosition;
}

export interface Scenario {
  file: string;
  seed: number;
  nodes?: NodeSpec[];
  images: Record<string, ImageBehavior>;
  manifests: KubeObject[];
  steps: ScenarioStep[];
  /** Sampling interval in milliseconds, when asked for. */
  sampleEveryMs?: number;
}

export class ScenarioError extends Error {
  readonly problems: { message: Text; position: SourcePosition }[];

  constructor(problems: { message: Text; position: SourcePosition }[]) {
    super(problems.map((p) => `${p.position.file}:${p.position.line}:${p.position.column}: ${p.message.en}`).join('\n'));
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

const TopSchema = z
  .object({
    seed: z.number().int().nonnegative().default(1),
    cluster: z.object({ nodes: z.array(NodeSpecSchema).min(1).optional() }).strict().default({}),
    images: ImageCatalogSchema.default({}),
    manifests: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).default([]),
    steps: z.array(z.record(z.string(), z.unknown())).default([]),
    sample: z.object({ every: Duration }).strict().optional(),
  })
  .strict();

/**
 * Parses a scenario. `read(path)` returns the text of a file named in the scenario, relative to it,
 * or throws when it cannot.
 */
export function parseScenario(file: string, source: string, read: (path: string) => string): Scenario {
  const lineCounter = new LineCounter();
  // Duplicate keys found in one pass (yaml-unique-keys.ts), not by the package's quadratic check.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, schema: 'yaml-1.1', uniqueKeys: false, keepSourceTokens: true });
  checkUniqueKeys(doc);
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  const where = (path: (string | number)[]): SourcePosition => at(fieldOffset(doc.contents, path));
  if (doc.errors.length > 0) throw new ScenarioError(doc.errors.map((e) => ({ message: text(`YAML 구문 오류: ${e.message}`, `YAML syntax error: ${e.message}`), position: at(e.pos[0]) })));
  const parsed = TopSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ScenarioError(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
        return { message: text(`${path.join('.') || '(최상위)'}: ${issue.message}`, `${path.join('.') || '(top level)'}: ${issue.message}`), position: where(path) };
      }),
    );
  }
  const top = parsed.data;
  const problems: { message: Text; position: SourcePosition }[] = [];
  const objects = (value: unknown, path: (string | number)[]): KubeObject[] => {
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item, i) => {
      const itemPath = Array.isArray(value) ? [...path, i] : path;
      if (typeof item === 'string') {
        let content: string;
        try {
          content = read(item);
        } catch {
          problems.push({ message: text(`파일을 읽을 수 없다: ${item}`, `cannot read file: ${item}`), position: where(itemPath) });
          return [];
        }
        const loaded = loadManifests(item, content);
        problems.push(...loaded.problems.map((p) => ({ message: p.message, position: p.position })));
        return loaded.manifests.map((m) => m.object);
      }
      if (isPlainObject(item) && typeof item.kind === 'string' && typeof item.apiVersion === 'string') return [{ ...item, metadata: isPlainObject(item.metadata) ? item.metadata : {} } as unknown as KubeObject];
      problems.push({ message: text('쿠버네티스 오브젝트(apiVersion, kind, metadata)나 파일 경로여야 한다', 'must be a Kubernetes object (apiVersion, kind, metadata) or a file path'), position: where(itemPath) });
      return [];
    });
  };
  const manifests = objects(top.manifests, ['manifests']);
  const steps: ScenarioStep[] = [];
  top.steps.forEach((raw, i) => {
    const position = where(['steps', i]);
    const keys = Object.keys(raw);
    const known = Object.keys(STEP_SCHEMAS);
    if (keys.length !== 1 || !(keys[0]! in STEP_SCHEMAS)) {
      problems.push({
        message: text(
          `알 수 없는 단계 '${keys.join(', ')}': 한 단계에는 ${known.join(', ')} 중 하나만 쓴다`,
          `unknown step '${keys.join(', ')}': a step is exactly one of ${known.join(', ')}`,
        ),
        position,
      });
      return;
    }
    const name = keys[0] as StepName;
    const result = STEP_SCHEMAS[name].safeParse(raw[name]);
    if (!result.success) {
      problems.push(...result.error.issues.map((issue) => ({ message: text(`${name}: ${issue.message}`, `${name}: ${issue.message}`), position: where(['steps', i, name, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]) })));
      return;
    }
    if (name === 'advance') steps.push({ step: { name, ms: parseDuration(result.data as string | number) }, position });
    else if (name === 'apply') steps.push({ step: { name, objects: objects(raw[name], ['steps', i, 'apply']) }, position });
    else steps.push({ step: { name, args: result.data as Record<string, unknown> | string }, position });
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return {
    file,
    seed: top.seed,
    ...(top.cluster.nodes ? { nodes: top.cluster.nodes } : {}),
    images: top.images,
    manifests,
    steps,
    ...(top.sample ? { sampleEveryMs: parseDuration(top.sample.every) } : {}),
  };
}

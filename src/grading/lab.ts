/**
 * A lab's metadata (`labs/<id>/lab.yaml`): titles, the simulated cluster it runs on, the images it
 * adds, and which submitted files count. Parsed with a schema so a mistake in lab.yaml is reported
 * with its field and line.
 */
import { z } from 'zod';
import { LineCounter, parseDocument } from 'yaml';
import type { SourcePosition } from '../kube/position.ts';
import { fieldOffset } from '../kube/yaml-path.ts';
import { text, type Text } from '../kube/text.ts';

const TextSchema = z.object({ ko: z.string().min(1), en: z.string().min(1) }).strict();

const NodeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    cpu: z.union([z.string(), z.number()]).optional(),
    memory: z.string().optional(),
    pods: z.number().int().positive().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict()).optional(),
  })
  .strict();

const ImageSchema = z
  .object({
    pullSeconds: z.number().nonnegative().optional(),
    startSeconds: z.number().nonnegative().optional(),
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    healthPaths: z.array(z.string()).optional(),
    memoryMi: z.number().nonnegative().optional(),
    cpuMillicoresIdle: z.number().nonnegative().optional(),
    logs: z.array(z.string()).optional(),
  })
  .strict();

export const LabSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    title: TextSchema,
    summary: TextSchema,
    module: z.number().int().positive(),
    /** Instructions shown above the lab panel (Markdown), per language. */
    instructions: TextSchema,
    tasks: z.array(z.object({ text: TextSchema, points: z.number().positive() }).strict()).min(1),
    cluster: z.object({ nodes: z.array(NodeSchema).min(1) }).strict(),
    images: z.record(z.string(), ImageSchema).default({}),
    seed: z.number().int().nonnegative().default(1),
    submission: z.object({ files: z.array(z.string().min(1)).min(1) }).strict(),
  })
  .strict();

export type Lab = z.infer<typeof LabSchema>;

export class LabError extends Error {
  readonly problems: { message: Text; position: SourcePosition }[];

  constructor(problems: { message: Text; position: SourcePosition }[]) {
    super(problems.map((p) => `${p.position.file}:${p.position.line}:${p.position.column}: ${p.message.en}`).join('\n'));
    this.name = 'LabError';
    this.problems = problems;
  }
}

/** Parses lab.yaml text; throws LabError naming each bad field with its line. */
export function parseLab(file: string, source: string): Lab {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    throw new LabError(doc.errors.map((e) => ({ message: text(`YAML 구문 오류: ${e.message}`, `YAML syntax error: ${e.message}`), position: at(e.pos[0]) })));
  }
  const parsed = LabSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  throw new LabError(
    parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const where = path.join('.') || '(root)';
      return { message: text(`${where}: ${issue.message}`, `${where}: ${issue.message}`), position: at(fieldOffset(doc.contents, path)) };
    }),
  );
}

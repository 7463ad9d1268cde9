/**
 * A lab's metadata (`labs/<id>/lab.yaml`): titles, the simulated cluster it runs on, the images it
 * adds, and which submitted files count. Parsed with a schema so a mistake in lab.yaml is reported
 * with its field and line.
 */
import { z } from 'zod';
import { ImageCatalogSchema } from '../sim/kubelet/image-schema.ts';
import { NodeSpecSchema } from '../sim/node-schema.ts';
import { StorageClassSpecSchema } from '../sim/storage-class-schema.ts';
import { LineCounter, parseDocument } from 'yaml';
import type { SourcePosition } from '../kube/position.ts';
import { fieldOffset } from '../kube/yaml-path.ts';
import { checkUniqueKeys } from '../kube/yaml-unique-keys.ts';
import { text, type Text } from '../kube/text.ts';

const TextSchema = z.object({ ko: z.string().min(1), en: z.string().min(1) }).strict();

export const LabSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
    title: TextSchema,
    summary: TextSchema,
    module: z.number().int().positive(),
    /** Instructions shown above the lab panel (Markdown), per language. */
    instructions: TextSchema,
    tasks: z.array(z.object({ text: TextSchema, points: z.number().positive() }).strict()).min(1),
    cluster: z
      .object({
        nodes: z.array(NodeSpecSchema).min(1),
        /** The wall-clock instant the simulated cluster starts at (RFC 3339), for labs about schedules. */
        startTime: z.iso.datetime({ offset: true }).optional(),
        /** Seconds before kube-proxy routes by a changed EndpointSlice (src/sim/network/kube-proxy.ts), for labs about draining pods. */
        networkProgrammingSeconds: z.number().nonnegative().max(60).optional(),
        /** The StorageClasses the cluster comes with, as a distribution installs them; kind's `standard` when absent. */
        storageClasses: z.array(StorageClassSpecSchema).min(1).optional(),
      })
      .strict(),
    images: ImageCatalogSchema.default({}),
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
  // Duplicate keys found in one pass (yaml-unique-keys.ts), not by the package's quadratic check.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false, keepSourceTokens: true });
  checkUniqueKeys(doc);
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

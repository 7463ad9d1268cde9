/**
 * The schema of a node as lab.yaml and scenario files describe it. Apart from nodes.ts so that the
 * simulator, bundled for the browser, does not carry the schema library (zod) it never calls there.
 */
import { z } from 'zod';
import type { NodeSpec } from './nodes.ts';

export const NodeSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
    cpu: z.union([z.string(), z.number()]).optional(),
    memory: z.string().optional(),
    pods: z.number().int().positive().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict()).optional(),
  })
  .strict() satisfies z.ZodType<NodeSpec>;

/**
 * The schema of a StorageClass as lab.yaml describes the ones a cluster comes with. Apart from
 * storage-classes.ts so that the simulator, bundled for the browser, does not carry zod.
 */
import { z } from 'zod';
import type { StorageClassSpec } from './storage-classes.ts';

export const StorageClassSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
    provisioner: z.string().min(1),
    default: z.boolean().optional(),
    volumeBindingMode: z.enum(['Immediate', 'WaitForFirstConsumer']).optional(),
    reclaimPolicy: z.enum(['Delete', 'Retain']).optional(),
  })
  .strict() satisfies z.ZodType<StorageClassSpec>;

/** The schema of an image catalog entry, for lab.yaml and scenario files. */
import { z } from 'zod';
import type { ImageBehavior } from './images.ts';

export const ImageBehaviorSchema = z
  .object({
    pullSeconds: z.number().nonnegative().optional(),
    startSeconds: z.number().nonnegative().optional(),
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    healthPaths: z.array(z.string()).optional(),
    memoryMi: z.number().nonnegative().optional(),
    cpuMillicoresIdle: z.number().nonnegative().optional(),
    cpuMillicoresPerRps: z.number().nonnegative().optional(),
    latencyMs: z.number().nonnegative().optional(),
    logs: z.array(z.string()).optional(),
    crashAfterSeconds: z.number().nonnegative().optional(),
    exitAfterSeconds: z.number().nonnegative().optional(),
    exitCode: z.number().int().min(0).max(255).optional(),
    failFirstRuns: z.number().int().nonnegative().optional(),
    hangAfterSeconds: z.number().nonnegative().optional(),
    shutdownSeconds: z.number().nonnegative().optional(),
    hookSeconds: z.number().nonnegative().optional(),
    hookExitCode: z.number().int().min(0).max(255).optional(),
    requiresEnv: z.array(z.string()).optional(),
    requiresFiles: z.array(z.string()).optional(),
    dataPath: z.string().optional(),
    shell: z.boolean().optional(),
  })
  .strict() satisfies z.ZodType<ImageBehavior>;

export const ImageCatalogSchema = z.record(z.string(), ImageBehaviorSchema);

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`): objects as a
 * meta.k8s.io Table of the columns `kubectl get` shows (printers.ts). Upstream always computes the
 * wide columns; kubectl hides priority > 0 unless `-o wide`. Rows carry the object as
 * PartialObjectMetadata unless `includeObject` says otherwise.
 */
import type { KubeObject } from '../kube/object.ts';
import { printerFor, type IncludeObject } from './printers.ts';

export type { IncludeObject } from './printers.ts';
export { formatSelector } from './printers.ts';

export function partialMetadata(obj: KubeObject, version: string): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export interface TableOptions {
  /** Epoch milliseconds the ages are computed at (the simulated clock). */
  now: number;
  /** Every column (`-o wide` just shows the priority-1 ones; upstream always sends them). */
  includeObject: IncludeObject;
  version: 'v1' | 'v1beta1';
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
  /** Leave out columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
}

/** A Table of objects of one kind. Upstream always computes the wide columns; kubectl hides priority > 0 unless `-o wide`. */
export function toTable(kind: string, objects: readonly KubeObject[], options: TableOptions): unknown {
  const printer = printerFor(kind, true);
  const rows = objects.map((o) => {
    const cells = printer.row(o, options.now);
    const row: Record<string, unknown> = { cells };
    const phase = (o.status as { phase?: string } | undefined)?.phase;
    if (kind === 'Pod' && (phase === 'Succeeded' || phase === 'Failed')) {
      row.conditions = [{ type: 'Completed', status: 'True', reason: phase, message: phase === 'Succeeded' ? 'The pod has completed successfully.' : 'The pod failed.' }];
    }
    if (options.includeObject === 'Object') row.object = o;
    else if (options.includeObject === 'Metadata') row.object = partialMetadata(o, options.version);
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: {
      resourceVersion: options.resourceVersion,
      ...(options.continueToken ? { continue: options.continueToken } : {}),
      ...(options.remainingItemCount ? { remainingItemCount: options.remainingItemCount } : {}),
    },
    columnDefinitions: options.noHeaders ? null : printer.columns,
    rows,
  };
}

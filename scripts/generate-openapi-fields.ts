/**
 * Generates src/kube/schema/openapi-fields.json: for every API type reachable from the kinds Orchestra
 * knows (src/kube/kinds.ts), its JSON fields and their types, taken from the models that
 * @kubernetes/client-node generates from the Kubernetes OpenAPI document. The simulator's API server
 * uses it for strict decoding (unknown fields, wrong JSON types), as `kubectl apply` with
 * --validate=strict gets from a real API server. Run: `npm run generate:schema`.
 *
 * The file is committed so that the browser bundle needs no Node package; a test regenerates it and
 * fails when the package and the file disagree.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildFieldTable, OUTPUT } from './openapi-fields.ts';

const table = await buildFieldTable();
writeFileSync(fileURLToPath(new URL(`../${OUTPUT}`, import.meta.url)), `${JSON.stringify(table)}\n`);
process.stdout.write(`${OUTPUT}: ${Object.keys(table.types).length} types, ${Object.keys(table.roots).length} kinds (OpenAPI ${table.source})\n`);

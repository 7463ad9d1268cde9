import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFieldTable, OUTPUT } from '../scripts/openapi-fields.ts';

describe('the OpenAPI field table', () => {
  it('is exactly what the installed @kubernetes/client-node models give (run `npm run generate:schema` after upgrading it)', async () => {
    const committed = JSON.parse(readFileSync(new URL(`../${OUTPUT}`, import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(await buildFieldTable());
  });

  it('covers every kind Orchestra knows, from a current Kubernetes release', async () => {
    const table = await buildFieldTable();
    expect(table.source).toMatch(/^release-1\.(3[3-9]|[4-9]\d)$/);
    expect(table.types.V1DeploymentSpec).toMatchObject({ replicas: 'int32', selector: 'V1LabelSelector', template: 'V1PodTemplateSpec' });
    expect(table.types.V1ResourceRequirements).toMatchObject({ limits: 'map[quantity]' });
    expect(table.types.V1ServicePort).toMatchObject({ targetPort: 'intorstring' });
  });
});

/** Starter files as downloads: /labs/<id>/starter/<file>. Only starter/ is published, never the solution. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { labIds, readLab } from '../../../../components/lab-data.ts';

// Besides the starter files, `.orchestra.yaml` tells `orchestra check` which lab the folder is for.
export const getStaticPaths = (() =>
  labIds().flatMap((id) => [
    ...readLab(id).starter.map((f) => ({ params: { id, file: f.path }, props: { text: f.text } })),
    { params: { id, file: '.orchestra.yaml' }, props: { text: `lab: ${id}\n` } },
  ])) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { text: string }).text, { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });

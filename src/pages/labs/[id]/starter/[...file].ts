/** Starter files as downloads: /labs/<id>/starter/<file>. Only starter/ is published, never the solution. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { labIds, readLab } from '../../../../components/lab-data.ts';

export const getStaticPaths = (() =>
  labIds().flatMap((id) => readLab(id).starter.map((f) => ({ params: { id, file: f.path }, props: { text: f.text } })))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { text: string }).text, { headers: { 'Content-Type': 'text/yaml; charset=utf-8' } });

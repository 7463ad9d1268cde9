/**
 * JSON Patch (RFC 6902, `application/json-patch+json`): add, remove, replace, move, copy and test,
 * with JSON Pointer paths (RFC 6901), as evanphx/json-patch applies them for the API server.
 */
import { badRequest, StatusError } from '../status.ts';

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`the server rejected our request due to an error in our request: invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** The parent container of a pointer and the last token; missing parents are an error. */
function locate(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[index(cur, t, false, pointer)];
    else if (isContainer(cur)) cur = (cur as Record<string, unknown>)[t];
    else cur = undefined;
    if (!isContainer(cur)) throw missing(pointer);
  }
  if (!isContainer(cur)) throw missing(pointer);
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function missing(pointer: string): StatusError {
  return new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, {
    causes: [{ reason: 'FieldValueInvalid', message: `doc is missing path: "${pointer}": missing value`, field: pointer }],
  });
}

function index(arr: unknown[], token: string, forAdd: boolean, pointer: string): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw missing(pointer);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i >= arr.length)) throw missing(pointer);
  return i;
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent[index(parent, key, false, pointer)];
  if (!Object.hasOwn(parent, key)) throw missing(pointer);
  return (parent as Record<string, unknown>)[key];
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true, pointer), 0, value);
  else (parent as Record<string, unknown>)[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(index(parent, key, false, pointer), 1);
  else {
    if (!Object.hasOwn(parent, key)) throw missing(pointer);
    delete (parent as Record<string, unknown>)[key];
  }
  return doc;
}

function replace(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) parent[index(parent, key, false, pointer)] = value;
  else {
    if (!Object.hasOwn(parent, key)) throw missing(pointer);
    (parent as Record<string, unknown>)[key] = value;
  }
  return doc;
}

export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('the server rejected our request due to an error in our request: a JSON patch must be an array of operations');
  let doc: unknown = structuredClone(original);
  for (const raw of patch as Operation[]) {
    if (!isContainer(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw badRequest('the server rejected our request due to an error in our request: each operation needs "op" and "path"');
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = remove(doc, raw.path);
        break;
      case 'replace':
        doc = replace(doc, raw.path, structuredClone(raw.value));
        break;
      case 'move': {
        const v = getAt(doc, raw.from ?? '');
        doc = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, v);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, structuredClone(getAt(doc, raw.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request`, {
            causes: [{ reason: 'FieldValueInvalid', message: `testing value ${raw.path} failed: test failed`, field: raw.path }],
          });
        }
        break;
      default:
        throw badRequest(`the server rejected our request due to an error in our request: Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}

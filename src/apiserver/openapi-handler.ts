/**
 * Serving `/openapi/v3` as kube-openapi's handler3 does (kubernetes/kube-openapi pkg/handler3/handler.go,
 * HandleDiscovery and HandleGroupVersion), so kubectl's HTTP cache (~/.kube/cache/http) works:
 * - the index carries an ETag (the SHA-512 of its JSON) and lists each group version as
 *   `serverRelativeURL: /openapi/v3/<gv>?hash=<ETag of that document>`;
 * - a group-version document answers with its ETag and `Vary: Accept`; asked with the right `?hash=`
 *   it adds `Cache-Control: public, immutable` and `Expires` one year ahead, so a client with a warm
 *   cache reads it from disk without asking again; a stale hash gets a 301 to the current URL;
 * - `If-None-Match` with the current ETag gets 304 Not Modified (http.ServeContent).
 * Only JSON is served: a client accepting nothing but the protobuf form gets 406, where upstream would
 * encode the document in gnostic's protobuf (kubectl and client-node ask for JSON).
 *
 * Unlike upstream, each document comes in two variants (see `wantsSchemas`): with the type schemas, and
 * with the operations alone for kubectl commands that never read the schemas. Each variant has its own
 * ETag and `?hash=` URL, so a client's cache keeps both apart.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMediaTypes } from './negotiate.ts';
import { openApiDocument, openApiIndex, openApiUrl } from './openapi.ts';
import { noSuchPath } from './status.ts';

type Headers = Record<string, string>;

/** http.ServeContent's checkIfNoneMatch: `*` or any listed entity tag, compared weakly. */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function send(req: IncomingMessage, res: ServerResponse, body: string, headers: Headers): void {
  if (notModified(req, headers.Etag!)) {
    // A 304 carries the caching headers but not the body's Content-Type or Content-Length.
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** Whether the Accept header admits JSON (handler3 offers application/json, then the protobuf form). */
function acceptsJson(accept: string | undefined): boolean {
  const types = parseMediaTypes(accept || '*/*');
  return types.some((m) => m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*');
}

/**
 * Whether a request gets the documents with the type schemas. kubectl names its command in the
 * `Kubectl-Command` header (KEP-859 "kubectl command metadata in HTTP request headers", on by default
 * since 1.22; kubectl/pkg/cmd/cmd.go addCmdHeaderHooks). Of its commands only `kubectl explain` reads the
 * schemas. The others read the operations alone: `apply`/`create` look for the PATCH `fieldValidation`
 * parameter (cli-runtime resource/query_param_verifier_v3.go), and `apply`/`edit`, finding no schema for
 * a kind, build the strategic merge patch from their compiled-in Go types (kubectl/pkg/cmd/apply/patcher.go
 * falls back to strategicpatch.NewPatchMetaFromStruct), which carry the same patch strategies and merge
 * keys as the schemas. kubectl decodes a group's document three times per `apply`, so the smaller variant
 * makes every apply start faster (`npm run bench -- apiserver`). Other clients (client-node, curl, kubectl
 * with KUBECTL_COMMAND_HEADERS=false) send no such header and get the schemas.
 */
function wantsSchemas(req: IncomingMessage): boolean {
  const command = req.headers['kubectl-command'];
  return typeof command !== 'string' || command === 'kubectl explain';
}

/** `/openapi/v3` (the index) and `/openapi/v3/<api/v1 | apis/g/v>`. */
export function serveOpenApiV3(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
  const schemas = wantsSchemas(req);
  if (path === '/openapi/v3') {
    const index = openApiIndex(schemas);
    // The API server's WithCacheControl filter sets `no-cache, private` on what sets no Cache-Control.
    // No `Vary: Kubectl-Command`: every use is revalidated against the ETag of the variant this request
    // gets, and a Vary would stop kubectl's cache from revalidating at all (it answered 200 every time).
    return send(req, res, index.body, { Etag: `"${index.hash}"`, 'Cache-Control': 'no-cache, private' });
  }
  const gv = path.slice('/openapi/v3/'.length);
  const hash = query.get('hash');
  // A `?hash=` URL names one variant for good, whoever asks for it.
  const other = hash ? openApiDocument(gv, !schemas) : undefined;
  const doc = other && other.hash === hash ? other : openApiDocument(gv, schemas);
  if (!doc) throw noSuchPath();
  if (!acceptsJson(req.headers.accept)) {
    res.writeHead(406, { Vary: 'Accept', 'Cache-Control': 'no-cache, private', 'Content-Length': '0' });
    res.end();
    return;
  }
  const headers: Headers = { Etag: `"${doc.hash}"`, Vary: 'Accept', 'Cache-Control': 'no-cache, private' };
  if (hash) {
    if (hash !== doc.hash) {
      res.writeHead(301, { Location: openApiUrl(gv, doc.hash), 'Cache-Control': 'no-cache, private', 'Content-Length': '0' });
      res.end();
      return;
    }
    headers['Cache-Control'] = 'public, immutable';
    // "the maximum value of one year from the request, effectively indicating that the cache never expires"
    const expires = new Date();
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    headers.Expires = expires.toUTCString();
  }
  send(req, res, doc.body, headers);
}
